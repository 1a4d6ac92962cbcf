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

/// A parsed header: positions of its parts in the line (indices of the slice parsed), and the
/// message after it. Plain values only, so that it is copied for free.
struct SyslogHeader {
    enum Format: String { case bsd, iso, rfc5424 }
    var format: Format
    var priority: Int?
    var time: SyslogTime?
    var hostRange: Range<Int>?
    var programRange: Range<Int>?
    var pidRange: Range<Int>?
    var versionRange: Range<Int>?
    var msgidRange: Range<Int>?
    var structuredData: [(id: String, params: [(name: String, value: String)])]?
    var messageRange: Range<Int>

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
        var header = SyslogHeader(format: format, priority: priority, time: time, messageRange: line.endIndex..<line.endIndex)
        // HOST then TAG; a first token that already looks like a tag means there is no host.
        let first = c.token()
        if first.last == UInt8(ascii: ":") || first.contains(UInt8(ascii: "[")) {
            c.rewind(first.count)
        } else {
            header.hostRange = first.indices
            c.skipSpaces()
        }
        c.tag(into: &header)
        header.messageRange = min(c.i, line.endIndex)..<line.endIndex
        return header
    }

    private static func parse5424(_ c: inout Cursor, priority: Int?) -> SyslogHeader? {
        let versionStart = c.i
        _ = c.digits(max: 3)
        var header = SyslogHeader(format: .rfc5424, priority: priority, time: nil, messageRange: c.bytes.endIndex..<c.bytes.endIndex)
        header.versionRange = versionStart..<c.i
        c.advance()
        if c.peek == UInt8(ascii: "-") {
            c.advance()
        } else {
            guard let t = c.isoTimestamp() else { return nil }
            header.time = t
        }
        var fields: [Range<Int>?] = [nil, nil, nil, nil]
        for k in 0..<4 {
            guard c.peek == UInt8(ascii: " ") else { return nil }
            c.advance()
            let token = c.token()
            fields[k] = token.elementsEqual([UInt8(ascii: "-")]) ? nil : token.indices
        }
        (header.hostRange, header.programRange, header.pidRange, header.msgidRange) = (fields[0], fields[1], fields[2], fields[3])
        guard c.peek == UInt8(ascii: " ") else { return nil }
        c.advance()
        if c.peek == UInt8(ascii: "-") {
            c.advance()
        } else {
            var elements: [(id: String, params: [(name: String, value: String)])] = []
            while c.peek == UInt8(ascii: "[") {
                guard let element = c.sdElement() else { return nil }
                elements.append(element)
            }
            if !elements.isEmpty { header.structuredData = elements }
        }
        if c.peek == UInt8(ascii: " ") { c.advance() }
        var rest = c.rest
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        header.messageRange = rest.indices
        return header
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The month number of a three-letter English abbreviation.
    static func month(_ b: ArraySlice<UInt8>) -> Int? {
        guard b.count == 3 else { return nil }
        let i = b.startIndex
        switch (b[i], b[i + 1], b[i + 2]) {
        case (0x4A, 0x61, 0x6E): return 1   // Jan
        case (0x46, 0x65, 0x62): return 2   // Feb
        case (0x4D, 0x61, 0x72): return 3   // Mar
        case (0x41, 0x70, 0x72): return 4   // Apr
        case (0x4D, 0x61, 0x79): return 5   // May
        case (0x4A, 0x75, 0x6E): return 6   // Jun
        case (0x4A, 0x75, 0x6C): return 7   // Jul
        case (0x41, 0x75, 0x67): return 8   // Aug
        case (0x53, 0x65, 0x70): return 9   // Sep
        case (0x4F, 0x63, 0x74): return 10  // Oct
        case (0x4E, 0x6F, 0x76): return 11  // Nov
        case (0x44, 0x65, 0x63): return 12  // Dec
        default: return nil
        }
    }
}
