import JSONStream

/// Maps a syslog line to an `Event`: `linux.auth` for authentication and account messages,
/// `linux.syslog` for everything else. The whole text stays in `message`; header fields go to
/// `log.syslog.*`. A line that fits no header form is still an event (its text as `message`)
/// when it can be timed; otherwise it is a reject with the reason.
public struct SyslogMapper {
    /// Years and zones.
    public var clock: SyslogClock
    private var writer = JSONWriter(capacity: 1024)
    /// The last year note and its JSON text (a file's lines share one).
    private var noteCache: (note: SyslogClock.YearNote, json: [UInt8])?

    /// A mapper using `clock`.
    public init(clock: SyslogClock) { self.clock = clock }

    static let facilities = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
                             "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3",
                             "local4", "local5", "local6", "local7"]
    static let severities = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"]

    /// The event for one line (without its line break).
    public mutating func map(line: ArraySlice<UInt8>) -> Result<Event, RecordError> {
        var e = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
        if let error = map(line: line, into: &e) { return .failure(error) }
        return .success(e)
    }

    /// Maps one line (without its line break) into `e`, replacing all of it; the reason when the
    /// line cannot be an event. The form for loops: no event is copied.
    public mutating func map(line: ArraySlice<UInt8>, into e: inout Event) -> RecordError? {
        guard let header = SyslogHeader.parse(line) else {
            return RecordError("not a syslog line (no RFC 3164, RFC 5424 or RFC 3339 header)")
        }
        guard let t = header.time else { return RecordError("RFC 5424 line without a timestamp (NILVALUE)") }
        guard let (time, yearNote) = clock.resolve(t) else {
            if t.year == nil && !clock.hasYearSource {
                return RecordError("the line has no year and the input no modification time (standard input?): pass --year")
            }
            return RecordError("the time is outside the years 1678-2262")
        }
        e.recycle(timestamp: time, dataset: "linux.syslog")
        let method = SyslogMapper.understand(&e, program: header.programRange.map { line[$0] }, message: line[header.messageRange],
                                             facility: header.priority.map { $0 >> 3 })
        e.hostHostname = header.hostRange.map { SyslogHeader.string(line[$0]) }
        e.hostName = e.hostHostname
        e.processPID = header.pidRange.flatMap { MessageText(bytes: line).number($0) }
        e.namespace = SyslogMapper.namespace
        writeSyslogFields(header, line: line, method: method, yearNote: yearNote)
        writer.withBytes { e.sourceFields.append(contentsOf: $0) }
        return nil
    }

    static let namespace = ["log", "syslog"]

    /// Message, program and dataset of `e`, and what an auth message says (shared with journald);
    /// returns where the authentication method is named in the message, if it is.
    static func understand(_ e: inout Event, program: ArraySlice<UInt8>?, message: ArraySlice<UInt8>, facility: Int?) -> Range<Int>? {
        let kind = program.flatMap(AuthProgram.of)
        let facts = AuthMessages.parse(program: kind, message: message)
        let auth = facts != nil || kind != nil || facility == 4 || facility == 10
        e.dataset = auth ? "linux.auth" : "linux.syslog"
        e.message = String(decoding: message, as: UTF8.self)
        e.processName = program.map { String(decoding: $0, as: UTF8.self) }
        guard let f = consume facts else { return nil }
        func text(_ r: Range<Int>) -> String { String(decoding: message[r], as: UTF8.self) }
        e.action = f.action
        e.category = f.category
        e.type = f.type
        e.outcome = f.outcome
        if let user = f.user, !user.isEmpty { e.user.name = text(user) }
        if let effective = f.effectiveUser { e.effective.name = text(effective) }
        if let target = f.targetUser { e.target.name = text(target) }
        e.groupName = f.groupName.map(text)
        e.groupID = f.groupID.map(text)
        if let ip = f.sourceIP {
            let address = ClientAddress.parse(ClientAddress.trimmed(message[ip]))
            let raw = text(ip)
            e.sourceIP = address.ip
            e.sourceAddress = raw
            // The address as written is usually already canonical: no second string then.
            if let valid = address.ip, valid.withText({ $0.elementsEqual(message[ip]) }), !e.relatedIPs.contains(raw) {
                e.relatedIPs.append(raw)
            } else {
                e.relate(ip: address.ip)
            }
        }
        e.sourcePort = f.sourcePort
        if let command = f.commandLine { e.processCommandLine = text(command) }
        e.relate(user: e.user.name)
        e.relate(user: e.effective.name)
        e.relate(user: e.target.name)
        return f.method
    }

    /// `log.syslog.*` of a line into the writer.
    private mutating func writeSyslogFields(_ h: SyslogHeader, line: ArraySlice<UInt8>, method: Range<Int>?, yearNote: SyslogClock.YearNote?) {
        writer.reset()
        writer.beginObject()
        writer.key(verbatim: "format")
        switch h.format {
        case .bsd: writer.raw(verbatim: "\"bsd\"")
        case .iso: writer.raw(verbatim: "\"iso\"")
        case .rfc5424: writer.raw(verbatim: "\"rfc5424\"")
        }
        if let p = h.priority {
            writer.key(verbatim: "priority"); writer.number(p)
            writer.key(verbatim: "facility"); writer.beginObject()
            writer.key(verbatim: "code"); writer.number(p >> 3)
            if p >> 3 < SyslogMapper.facilities.count { writer.key(verbatim: "name"); writer.string(SyslogMapper.facilities[p >> 3]) }
            writer.endObject()
            writer.key(verbatim: "severity"); writer.beginObject()
            writer.key(verbatim: "code"); writer.number(p & 7)
            writer.key(verbatim: "name"); writer.string(SyslogMapper.severities[p & 7])
            writer.endObject()
        }
        func put(_ key: StaticString, _ range: Range<Int>?) {
            guard let range else { return }
            writer.key(verbatim: key)
            line[range].withUnsafeBytes { writer.string(bytes: $0) }
        }
        put("hostname", h.hostRange)
        put("appname", h.programRange)
        put("procid", h.pidRange)
        put("msgid", h.msgidRange)
        put("version", h.versionRange)
        if let elements = h.structuredData {
            writer.key(verbatim: "structured_data")
            writer.beginObject()
            for element in elements {
                writer.key(element.id)
                writer.beginObject()
                for (name, value) in element.params { writer.key(name); writer.string(value) }
                writer.endObject()
            }
            writer.endObject()
        }
        if let method {
            writer.key(verbatim: "auth_method")
            line[method].withUnsafeBytes { writer.string(bytes: $0) }
        }
        if let yearNote {
            if noteCache?.note != yearNote {
                var w = JSONWriter(capacity: 80)
                w.string(yearNote.description)
                noteCache = (yearNote, w.bytes)
            }
            writer.key(verbatim: "inferred_year")
            noteCache!.json.withUnsafeBytes { writer.raw($0) }
        }
        writer.endObject()
    }
}
