/// A cursor over the bytes of one syslog line.
struct Cursor {
    let bytes: ArraySlice<UInt8>
    var i: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        i = bytes.startIndex
    }

    var peek: UInt8? { i < bytes.endIndex ? bytes[i] : nil }
    var rest: ArraySlice<UInt8> { bytes[min(i, bytes.endIndex)...] }
    mutating func advance(_ n: Int = 1) { i += n }
    mutating func rewind(_ n: Int) { i -= n }

    func isDigit(_ at: Int) -> Bool { at < bytes.endIndex && bytes[at] >= 48 && bytes[at] <= 57 }

    /// 1...max digits as a number (no leading zero unless the number is 0, or `leadingZero`).
    mutating func digits(max: Int, leadingZero: Bool = false) -> Int? {
        let start = i
        var v = 0
        while i < bytes.endIndex, i - start < max, isDigit(i) {
            v = v * 10 + Int(bytes[i] - 48)
            i += 1
        }
        if i == start || (!leadingZero && i - start > 1 && bytes[start] == 48) {
            i = start
            return nil
        }
        return v
    }

    /// A number of exactly `n` digits at the cursor.
    mutating func fixed(_ n: Int) -> Int? {
        guard i + n <= bytes.endIndex else { return nil }
        var v = 0
        for k in 0..<n {
            guard isDigit(i + k) else { return nil }
            v = v * 10 + Int(bytes[i + k] - 48)
        }
        i += n
        return v
    }

    /// The RFC 5424 VERSION: digits, a space, then a timestamp digit or `-` (nothing consumed).
    func peekDigitsThenSpace() -> Int? {
        var probe = self
        guard let v = probe.digits(max: 3), probe.peek == UInt8(ascii: " ") else { return nil }
        let next = probe.i + 1
        guard next < bytes.endIndex, isDigit(next) || bytes[next] == UInt8(ascii: "-") else { return nil }
        return v
    }

    @inline(__always)
    mutating func expect(_ c: Unicode.Scalar) -> Bool {
        guard i < bytes.endIndex, bytes[i] == UInt8(ascii: c) else { return false }
        i += 1
        return true
    }

    mutating func skipSpaces() { while peek == UInt8(ascii: " ") { i += 1 } }

    /// Bytes up to the next space.
    mutating func token() -> ArraySlice<UInt8> {
        let start = i
        while i < bytes.endIndex, bytes[i] != UInt8(ascii: " ") { i += 1 }
        return bytes[start..<i]
    }

    /// `hh:mm:ss[.f]` into `t`.
    mutating func clock(_ t: inout SyslogTime) -> Bool {
        guard let h = fixed(2), expect(":"), let m = fixed(2), expect(":"), let s = fixed(2), h < 24, m < 60, s <= 60 else { return false }
        (t.hour, t.minute, t.second) = (h, m, min(s, 59))
        if peek == UInt8(ascii: "."), isDigit(i + 1) {
            i += 1
            var scale: Int64 = 100_000_000
            while isDigit(i) {
                t.nanos += Int64(bytes[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        return true
    }

    /// `Z`, `±hh:mm` or `±hhmm` into `t`; nothing when absent.
    mutating func offset(_ t: inout SyslogTime) {
        if peek == UInt8(ascii: "Z") {
            i += 1
            t.offsetSeconds = 0
        } else if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") {
            let start = i
            let sign = peek == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let h = fixed(2) else { i = start; return }
            _ = expect(":")
            guard let m = fixed(2) else { i = start; return }
            t.offsetSeconds = sign * (h * 3600 + m * 60)
        }
    }

    /// `YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm]` (a space instead of `T` accepted).
    mutating func isoTimestamp() -> SyslogTime? {
        let start = i
        guard let y = fixed(4), expect("-"), let mo = fixed(2), expect("-"), let d = fixed(2),
              peek == UInt8(ascii: "T") || peek == UInt8(ascii: " ") else { i = start; return nil }
        i += 1
        var t = SyslogTime(year: y, month: mo, day: d, hour: 0, minute: 0, second: 0)
        guard (1...12).contains(mo), (1...31).contains(d), clock(&t) else { i = start; return nil }
        offset(&t)
        return t
    }

    /// `Mmm dd hh:mm:ss` (day space-padded or not), or `Mmm dd yyyy hh:mm:ss[±hh:mm]`.
    mutating func bsdTimestamp() -> SyslogTime? {
        let start = i
        guard i + 3 <= bytes.endIndex, let month = SyslogHeader.month(bytes[i..<(i + 3)]) else { return nil }
        i += 3
        guard expect(" ") else { i = start; return nil }
        if peek == UInt8(ascii: " ") { i += 1 }
        guard let day = digits(max: 2, leadingZero: true), (1...31).contains(day), expect(" ") else { i = start; return nil }
        var t = SyslogTime(year: nil, month: month, day: day, hour: 0, minute: 0, second: 0)
        if isDigit(i), isDigit(i + 3), i + 4 < bytes.endIndex, bytes[i + 4] == UInt8(ascii: " ") {
            t.year = fixed(4)
            i += 1
        }
        guard clock(&t) else { i = start; return nil }
        offset(&t)
        return t
    }


    /// `TAG[PID]: ` into the header's program and pid; no tag when the text does not look like one.
    mutating func tag(into header: inout SyslogHeader) {
        let start = i
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "[") || b == UInt8(ascii: ":") || b == UInt8(ascii: " ") { break }
            i += 1
        }
        guard i > start, i < bytes.endIndex else { i = start; return }
        let program = bytes[start..<i]
        var pid: ArraySlice<UInt8>?
        if bytes[i] == UInt8(ascii: "[") {
            let pidStart = i + 1
            guard let close = bytes[pidStart...].firstIndex(of: UInt8(ascii: "]")) else { i = start; return }
            pid = bytes[pidStart..<close]
            i = close + 1
        }
        guard peek == UInt8(ascii: ":") else { i = start; return }
        i += 1
        if peek == UInt8(ascii: " ") { i += 1 }
        header.programRange = program.indices
        header.pidRange = pid?.indices
    }

    /// One RFC 5424 SD-ELEMENT: `[id name="value" ...]` with `\"`, `\\`, `\]` escapes.
    mutating func sdElement() -> (id: String, params: [(name: String, value: String)])? {
        guard expect("[") else { return nil }
        let idStart = i
        while i < bytes.endIndex, bytes[i] != UInt8(ascii: " "), bytes[i] != UInt8(ascii: "]") { i += 1 }
        let id = SyslogHeader.string(bytes[idStart..<i])
        var params: [(String, String)] = []
        while true {
            skipSpaces()
            guard let b = peek else { return nil }
            if b == UInt8(ascii: "]") { i += 1; return (id, params) }
            let nameStart = i
            while i < bytes.endIndex, bytes[i] != UInt8(ascii: "=") { i += 1 }
            let name = SyslogHeader.string(bytes[nameStart..<i])
            guard expect("="), expect("\"") else { return nil }
            var value: [UInt8] = []
            while true {
                guard let c = peek else { return nil }
                i += 1
                if c == UInt8(ascii: "\\"), let next = peek, next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "]") {
                    value.append(next)
                    i += 1
                } else if c == UInt8(ascii: "\"") {
                    break
                } else {
                    value.append(c)
                }
            }
            params.append((name, String(decoding: value, as: UTF8.self)))
        }
    }
}
