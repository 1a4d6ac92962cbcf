import JSONStream

/// Maps a journal entry as Filebeat's (or Elastic Agent's) journald input writes it: already
/// shaped like ECS (`@timestamp`, `message`, `host.*`, `process.*`) with the journal's own fields
/// under `journald`, `systemd` and `syslog` (`priority`, `facility`, `identifier`). Such documents
/// come from a Filebeat file output or from `_source` exports of an Elastic index.
enum FilebeatJournaldMapper {
    /// True for an object that looks like one of these documents.
    static func matches(_ root: JSONValue) -> Bool {
        guard root.kind == .object, root["@timestamp"]?.kind == .string else { return false }
        return root["input"]?["type"]?.string == "journald" || root["journald"]?.kind == .object
    }

    static func map(_ root: JSONValue) -> Result<Event, RecordError> {
        guard let time = root["@timestamp"]?.string.flatMap({ Timestamp.parse($0) }) else {
            return .failure(RecordError("journald document without a valid @timestamp"))
        }
        var e = Event(timestamp: time, dataset: "linux.syslog")
        let journald = root["journald"], syslog = root["syslog"], process = root["process"]
        let program = syslog?["identifier"]?.string ?? journald?["process"]?["name"]?.string ?? process?["name"]?.string
        let facility = syslog?["facility"]?.int64.map(Int.init) ?? root["log"]?["syslog"]?["facility"]?["code"]?.int64.map(Int.init)
        let priority = syslog?["priority"]?.int64.map(Int.init) ?? root["log"]?["syslog"]?["priority"]?.int64.map(Int.init)
        let message = Array((root["message"]?.string ?? "").utf8)[...]
        let method = SyslogMapper.understand(&e, program: program.map { Array($0.utf8)[...] }, message: message, facility: facility)
        e.hostHostname = root["host"]?["hostname"]?.string ?? root["host"]?["name"]?.string
        e.hostName = root["host"]?["name"]?.string ?? e.hostHostname
        e.processPID = (process?["pid"] ?? journald?["pid"])?.int64.map(Int.init)
        e.processExecutable = journald?["process"]?["executable"]?.string
        if e.processCommandLine == nil {
            e.processCommandLine = process?["command_line"]?.string ?? journald?["process"]?["command_line"]?.string
        }
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key(verbatim: "format"); w.raw(verbatim: "\"journald\"")
        if let priority { w.key(verbatim: "priority"); w.number(priority) }
        if let facility {
            w.key(verbatim: "facility"); w.beginObject(); w.key(verbatim: "code"); w.number(facility)
            if facility >= 0, facility < SyslogMapper.facilities.count { w.key(verbatim: "name"); w.string(SyslogMapper.facilities[facility]) }
            w.endObject()
        }
        if let severity = priority.map({ $0 & 7 }) {
            w.key(verbatim: "severity"); w.beginObject(); w.key(verbatim: "code"); w.number(severity)
            w.key(verbatim: "name"); w.string(SyslogMapper.severities[severity]); w.endObject()
        }
        if let h = e.hostHostname { w.key(verbatim: "hostname"); w.string(h) }
        if let program { w.key(verbatim: "appname"); w.string(program) }
        if let pid = e.processPID { w.key(verbatim: "procid"); w.string(String(pid)) }
        if let method { message[method].withUnsafeBytes { w.key(verbatim: "auth_method"); w.string(bytes: $0) } }
        // The collector's journal fields as they came.
        for name in ["journald", "systemd", "message_id"] {
            if let value = root[name] { w.key(name); w.compact(value) }
        }
        w.endObject()
        e.namespace = SyslogMapper.namespace
        e.sourceFields = w.bytes
        return .success(e)
    }
}
