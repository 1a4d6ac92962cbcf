import JSONStream

/// Maps a `journalctl -o json` entry (linux-syslog.md §6) to an `Event`: values may be strings,
/// arrays of byte values (not valid UTF-8), arrays of values (a field given several times) or
/// null (elided as too large). Time from `_SOURCE_REALTIME_TIMESTAMP`, else `__REALTIME_TIMESTAMP`.
enum JournaldMapper {
    /// True for an object that looks like a journal entry.
    static func matches(_ root: JSONValue) -> Bool {
        root.kind == .object && (root["__REALTIME_TIMESTAMP"] != nil || root["__CURSOR"] != nil)
    }

    /// A field's text: strings as is, byte arrays decoded (invalid UTF-8 repaired), several
    /// values joined with a newline; nil for null or absent.
    static func text(_ v: JSONValue?) -> String? {
        guard let v else { return nil }
        switch v.kind {
        case .string, .number: return v.text
        case .array:
            let elements = Array(v.elements)
            if !elements.isEmpty, elements.allSatisfy({ $0.kind == .number }) {
                let bytes = elements.compactMap { $0.int64 }.map { UInt8(truncatingIfNeeded: $0) }
                return String(decoding: bytes, as: UTF8.self)
            }
            let parts = elements.compactMap { text($0) }
            return parts.isEmpty ? nil : parts.joined(separator: "\n")
        default: return nil
        }
    }

    /// The entry of a `journalctl -o json` object.
    static func entry(_ root: JSONValue) -> JournalEntry {
        JournalEntry(fields: root.members.map { (key, value) in (key.text, text(value)) })
    }

    static func map(_ root: JSONValue) -> Result<Event, RecordError> { map(entry(root)) }

    /// The event of a journal entry, from either export format.
    static func map(_ entry: JournalEntry) -> Result<Event, RecordError> {
        guard let micros = (entry["_SOURCE_REALTIME_TIMESTAMP"] ?? entry["__REALTIME_TIMESTAMP"]).flatMap(Int64.init) else {
            return .failure(RecordError("journal entry without __REALTIME_TIMESTAMP (as a number of microseconds)"))
        }
        guard let time = Timestamp(micros, unit: 1000) else {
            return .failure(RecordError("journal time \(micros) µs is outside the years 1678-2262"))
        }
        var e = Event(timestamp: time, dataset: "linux.syslog")
        let program = entry["SYSLOG_IDENTIFIER"] ?? entry["_COMM"]
        let facility = entry["SYSLOG_FACILITY"].flatMap(Int.init)
        let message = Array((entry["MESSAGE"] ?? "").utf8)[...]
        let method = SyslogMapper.understand(&e, program: program.map { Array($0.utf8)[...] }, message: message, facility: facility)
        e.hostName = entry["_HOSTNAME"]
        e.hostHostname = e.hostName
        e.processPID = (entry["SYSLOG_PID"] ?? entry["_PID"]).flatMap(Int.init)
        e.processExecutable = entry["_EXE"]
        if e.processCommandLine == nil { e.processCommandLine = entry["_CMDLINE"] }
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key("format"); w.string("journald")
        if let facility {
            w.key("facility"); w.beginObject(); w.key("code"); w.number(facility)
            if facility >= 0, facility < SyslogMapper.facilities.count { w.key("name"); w.string(SyslogMapper.facilities[facility]) }
            w.endObject()
        }
        if let severity = entry["PRIORITY"].flatMap(Int.init), (0...7).contains(severity) {
            w.key("severity"); w.beginObject(); w.key("code"); w.number(severity)
            w.key("name"); w.string(SyslogMapper.severities[severity]); w.endObject()
        }
        if let h = e.hostName { w.key("hostname"); w.string(h) }
        if let program { w.key("appname"); w.string(program) }
        if let pid = e.processPID { w.key("procid"); w.string(String(pid)) }
        if let method { message[method].withUnsafeBytes { w.key("auth_method"); w.string(bytes: $0) } }
        w.key("journald")
        w.beginObject()
        for (name, text) in entry.fields where !name.hasPrefix("__") {
            w.key(name)
            w.string(text ?? "")
        }
        if entry.fields.contains(where: { $0.name == "MESSAGE" && $0.text == nil }) { w.key("MESSAGE_elided"); w.string("true") }
        w.endObject()
        w.endObject()
        e.namespace = ["log", "syslog"]
        e.sourceFields = w.bytes
        return .success(e)
    }
}

/// A journal entry's fields in order, each with its text (nil when the export elided it as too
/// large); a field given several times has its values joined by newlines.
public struct JournalEntry {
    /// The fields in order.
    public var fields: [(name: String, text: String?)]

    /// An entry of `fields`.
    public init(fields: [(name: String, text: String?)]) { self.fields = fields }

    /// The text of the first field named `name`.
    public subscript(_ name: String) -> String? { fields.first { $0.name == name }?.text }
}
