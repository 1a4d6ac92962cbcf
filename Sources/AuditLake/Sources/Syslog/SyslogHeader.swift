// Syslog line headers, read from bytes (linux-syslog.md §2-4):
//
//   [<PRI>]Mmm dd hh:mm:ss HOST TAG[PID]: MSG            RFC 3164 / traditional file lines
//   [<PRI>]Mmm dd yyyy hh:mm:ss[±hh:mm] HOST TAG: MSG    with a year and zone (Amazon Linux 2)
//   [<PRI>]YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm] HOST TAG: MSG   rsyslog high precision, Ubuntu 24.04
//   <PRI>VERSION TIMESTAMP HOST APP PROCID MSGID SD [MSG]   RFC 5424
//
// Anything else is not a header: the caller keeps the line as a message.

/// The time fields of a header; `year` and `offset` are nil when the line does not carry them.
struct SyslogTime: Equatable {
    var year: Int?
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var nanos: Int64 = 0
    var offsetSeconds: Int?
}

/// A parsed header and the message after it.
struct SyslogHeader {
    enum Format: String { case bsd, iso, rfc5424 }
    var format: Format
    var priority: Int?
    var time: SyslogTime?
    var hostname: String?
    var program: String?
    var pid: String?
    var version: String?
    var msgid: String?
    var structuredData: [(id: String, params: [(name: String, value: String)])] = []
    var message: String

    private static let months: [String: Int] = [
        "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
    ]

    /// Parses one line (without its line break); nil when no header form fits.
    static func parse(_ line: ArraySlice<UInt8>) -> SyslogHeader? {
        var c = Cursor(bytes: line)
        var priority: Int?
        if c.peek == UInt8(ascii: "<") {
            var probe = c
            probe.advance()
            if let value = probe.digits(max: 3), value <= 191, probe.peek == UInt8(ascii: ">") {
                probe.advance()
                priority = value
                c = probe
            }
        }
        if priority != nil, let version = c.peekDigitsThenSpace(), version > 0 {
            return parse5424(&c, priority: priority)
        }
        var time: SyslogTime
        let format: Format
        if let iso = c.isoTimestamp() {
            time = iso
            format = .iso
        } else if let bsd = c.bsdTimestamp() {
            time = bsd
            format = .bsd
        } else {
            return nil
        }
        guard c.peek == UInt8(ascii: " ") else { return nil }
        c.skipSpaces()
        var header = SyslogHeader(format: format, priority: priority, time: time, message: "")
        // HOST then TAG; a first token that already looks like a tag means there is no host.
        let first = c.token()
        if first.last == UInt8(ascii: ":") || first.contains(UInt8(ascii: "[")) {
            c.rewind(first.count)
        } else {
            header.hostname = string(first)
            c.skipSpaces()
        }
        c.tag(into: &header)
        header.message = string(c.rest)
        return header
    }

    private static func parse5424(_ c: inout Cursor, priority: Int?) -> SyslogHeader? {
        let version = c.digits(max: 3).map(String.init)
        c.advance()
        var header = SyslogHeader(format: .rfc5424, priority: priority, time: nil, message: "")
        header.version = version
        if c.peek == UInt8(ascii: "-") {
            c.advance()
        } else {
            guard let t = c.isoTimestamp() else { return nil }
            header.time = t
        }
        var fields: [String?] = []
        for _ in 0..<4 {
            guard c.peek == UInt8(ascii: " ") else { return nil }
            c.advance()
            let token = c.token()
            fields.append(token.elementsEqual([UInt8(ascii: "-")]) ? nil : string(token))
        }
        header.hostname = fields[0]
        header.program = fields[1]
        header.pid = fields[2]
        header.msgid = fields[3]
        guard c.peek == UInt8(ascii: " ") else { return nil }
        c.advance()
        if c.peek == UInt8(ascii: "-") {
            c.advance()
        } else {
            while c.peek == UInt8(ascii: "[") {
                guard let element = c.sdElement() else { return nil }
                header.structuredData.append(element)
            }
        }
        if c.peek == UInt8(ascii: " ") { c.advance() }
        var rest = c.rest
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        header.message = string(rest)
        return header
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
    static func month(_ bytes: ArraySlice<UInt8>) -> Int? { months[string(bytes)] }
}
