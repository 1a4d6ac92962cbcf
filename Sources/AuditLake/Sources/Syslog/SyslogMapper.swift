import JSONStream

/// Maps a syslog line to an `Event`: `linux.auth` for authentication and account messages,
/// `linux.syslog` for everything else. The whole text stays in `message`; header fields go to
/// `log.syslog.*`. A line that fits no header form is still an event (its text as `message`)
/// when it can be timed; otherwise it is a reject with the reason.
public struct SyslogMapper {
    /// Years and zones.
    public var clock: SyslogClock
    private var writer = JSONWriter(capacity: 1024)

    /// A mapper using `clock`.
    public init(clock: SyslogClock) { self.clock = clock }

    static let facilities = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
                             "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3",
                             "local4", "local5", "local6", "local7"]
    static let severities = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"]

    /// The event for one line (without its line break).
    public mutating func map(line: ArraySlice<UInt8>) -> Result<Event, RecordError> {
        guard let header = SyslogHeader.parse(line) else {
            return .failure(RecordError("not a syslog line (no RFC 3164, RFC 5424 or RFC 3339 header)"))
        }
        guard let t = header.time else { return .failure(RecordError("RFC 5424 line without a timestamp (NILVALUE)")) }
        guard let (time, yearNote) = clock.resolve(t) else {
            return .failure(RecordError("the line has no year and the input no modification time (standard input?): pass --year"))
        }
        var e = Event(timestamp: time, dataset: "linux.syslog")
        let facts = SyslogMapper.understand(&e, program: header.program, message: header.message, facility: header.priority.map { $0 >> 3 })
        e.hostHostname = header.hostname
        e.hostName = header.hostname
        e.processPID = header.pid.flatMap(Int.init)
        e.namespace = ["log", "syslog"]
        e.sourceFields = syslogFields(header, facts: facts, yearNote: yearNote)
        return .success(e)
    }

    /// Message, program and dataset of `e`, and what an auth message says (shared with journald).
    static func understand(_ e: inout Event, program: String?, message: String, facility: Int?) -> AuthFacts? {
        let facts = AuthMessages.parse(program: program, message: message)
        let auth = facts != nil || program.map(AuthMessages.authPrograms.contains) == true || facility == 4 || facility == 10
        e.dataset = auth ? "linux.auth" : "linux.syslog"
        e.message = message
        e.processName = program
        if let f = facts {
            e.action = f.action
            e.category = f.category
            e.type = f.type
            e.outcome = f.outcome
            if let user = f.user, !user.isEmpty { e.user = UserFields(name: user) }
            if let effective = f.effectiveUser { e.effective = UserFields(name: effective) }
            if let target = f.targetUser { e.target = UserFields(name: target) }
            e.groupName = f.groupName
            e.groupID = f.groupID
            if let ip = f.sourceIP {
                let address = ClientAddress.parse(ip)
                e.sourceIP = address.ip
                e.sourceAddress = ip
                e.relate(ip: address.ip)
            }
            e.sourcePort = f.sourcePort
            if let command = f.commandLine { e.processCommandLine = command }
            e.relate(user: e.user.name)
            e.relate(user: e.effective.name)
            e.relate(user: e.target.name)
        }
        return facts
    }

    private mutating func syslogFields(_ h: SyslogHeader, facts: AuthFacts?, yearNote: String?) -> [UInt8] {
        writer.reset()
        writer.beginObject()
        writer.key("format"); writer.string(h.format.rawValue)
        if let p = h.priority {
            writer.key("priority"); writer.number(p)
            writer.key("facility"); writer.beginObject()
            writer.key("code"); writer.number(p >> 3)
            if p >> 3 < SyslogMapper.facilities.count { writer.key("name"); writer.string(SyslogMapper.facilities[p >> 3]) }
            writer.endObject()
            writer.key("severity"); writer.beginObject()
            writer.key("code"); writer.number(p & 7)
            writer.key("name"); writer.string(SyslogMapper.severities[p & 7])
            writer.endObject()
        }
        for (key, value) in [("hostname", h.hostname), ("appname", h.program), ("procid", h.pid), ("msgid", h.msgid), ("version", h.version)] {
            if let value { writer.key(key); writer.string(value) }
        }
        if !h.structuredData.isEmpty {
            writer.key("structured_data")
            writer.beginObject()
            for element in h.structuredData {
                writer.key(element.id)
                writer.beginObject()
                for (name, value) in element.params { writer.key(name); writer.string(value) }
                writer.endObject()
            }
            writer.endObject()
        }
        if let method = facts?.method { writer.key("auth_method"); writer.string(method) }
        if let yearNote { writer.key("inferred_year"); writer.string(yearNote) }
        writer.endObject()
        return writer.bytes
    }
}
