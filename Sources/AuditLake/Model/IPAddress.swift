import JSONStream

// IP address parsing without Foundation: IPv4 dotted quads and IPv6 (RFC 4291 text forms,
// with `::` and an embedded IPv4 tail), printed canonically (RFC 5952 for IPv6; an
// IPv4-mapped address `::ffff:a.b.c.d` prints as the IPv4 address).

/// An IPv4 or IPv6 address, held inline (no allocation).
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The 16 address bytes in network order, IPv4 as `::ffff:a.b.c.d`: high and low halves.
    let high: UInt64, low: UInt64
    /// True for IPv4.
    public let isIPv4: Bool

    /// 4 bytes for IPv4, 16 for IPv6.
    public var bytes: [UInt8] { isIPv4 ? Array(key[12...]) : key }

    /// 16 bytes that sort in address order: IPv6 as is, IPv4 as `::ffff:a.b.c.d` (the index key).
    public var key: [UInt8] { withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Array($0) } }

    /// Parses an address; nil when `text` is not exactly one valid address.
    public init?(_ text: Substring) { self.init(utf8: Array(text.utf8)[...]) }

    /// Parses an address from a string.
    public init?(_ text: String) { self.init(utf8: Array(text.utf8)[...]) }

    /// Parses an address from UTF-8 bytes.
    init?(utf8 text: ArraySlice<UInt8>) {
        if let v4 = IPAddress.parseV4(text) {
            (high, low, isIPv4) = (0, 0xFFFF_0000_0000 | UInt64(v4), true)
            return
        }
        guard let (h, l) = IPAddress.parseV6(text) else { return nil }
        (high, low, isIPv4) = (h, l, h == 0 && l >> 32 == 0xFFFF)
    }

    /// Four decimal parts of 0-255 without leading zeros, as a 32-bit number.
    static func parseV4(_ text: ArraySlice<UInt8>) -> UInt32? {
        var out: UInt32 = 0, parts = 0
        var value: UInt32 = 0, digits = 0, firstIsZero = false
        for c in text {
            if c == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                out = out << 8 | value
                parts += 1
                value = 0
                digits = 0
                continue
            }
            guard c >= 48 && c <= 57 else { return nil }
            if digits == 0 { firstIsZero = c == 48 } else if firstIsZero { return nil }
            value = value * 10 + UInt32(c - 48)
            digits += 1
            guard value <= 255 else { return nil }
        }
        guard digits > 0, parts == 3 else { return nil }
        return out << 8 | value
    }

    /// Eight groups of up to four hex digits, one `::` allowed, an IPv4 tail allowed.
    static func parseV6(_ text: ArraySlice<UInt8>) -> (UInt64, UInt64)? {
        guard text.count >= 2, text.count <= 45, text.contains(UInt8(ascii: ":")) else { return nil }
        var words: [UInt16] = []
        var gap: Int?
        var i = text.startIndex
        let end = text.endIndex
        if text[i] == UInt8(ascii: ":") {
            guard text[i + 1] == UInt8(ascii: ":") else { return nil }
            gap = 0
            i += 2
        }
        while i < end {
            var j = i
            var value: UInt32 = 0
            while j < end, let h = hexValue(text[j]), j - i < 4 {
                value = value << 4 | UInt32(h)
                j += 1
            }
            if j < end && text[j] == UInt8(ascii: ".") {
                guard let v4 = parseV4(text[i..<end]), words.count <= 6 else { return nil }
                words.append(UInt16(v4 >> 16))
                words.append(UInt16(v4 & 0xFFFF))
                i = end
                break
            }
            guard j > i else { return nil }
            words.append(UInt16(value))
            i = j
            if i == end { break }
            guard text[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            if i < end && text[i] == UInt8(ascii: ":") {
                guard gap == nil else { return nil }
                gap = words.count
                i += 1
            } else if i == end {
                return nil
            }
        }
        if let gap {
            guard words.count <= 7 else { return nil }
            words.insert(contentsOf: repeatElement(0, count: 8 - words.count), at: gap)
        }
        guard words.count == 8 else { return nil }
        let h = words[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let l = words[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (h, l)
    }

    /// Calls `body` with the canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest
    /// zero run as `::`), written on the stack.
    public func withText<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &text) { p in
            var n = 0
            func put(_ c: UInt8) { p[n] = c; n += 1 }
            if isIPv4 {
                for shift in stride(from: 24, through: 0, by: -8) {
                    let v = Int(low >> UInt64(shift) & 0xFF)
                    if v >= 100 { put(UInt8(48 + v / 100)) }
                    if v >= 10 { put(UInt8(48 + v / 10 % 10)) }
                    put(UInt8(48 + v % 10))
                    if shift > 0 { put(UInt8(ascii: ".")) }
                }
                return body(UnsafeRawBufferPointer(rebasing: p[0..<n]))
            }
            func word(_ i: Int) -> UInt16 { UInt16(truncatingIfNeeded: (i < 4 ? high : low) >> UInt64(48 - 16 * (i & 3))) }
            var bestStart = -1, bestLength = 0, i = 0
            while i < 8 {
                if word(i) == 0 {
                    var j = i
                    while j < 8 && word(j) == 0 { j += 1 }
                    if j - i > bestLength && j - i >= 2 { (bestStart, bestLength) = (i, j - i) }
                    i = j
                } else {
                    i += 1
                }
            }
            let hex: StaticString = "0123456789abcdef"
            i = 0
            while i < 8 {
                if i == bestStart {
                    put(UInt8(ascii: ":"))
                    put(UInt8(ascii: ":"))
                    i += bestLength
                    continue
                }
                if i > 0 && i != bestStart + bestLength { put(UInt8(ascii: ":")) }
                let w = word(i)
                var started = false
                for shift in stride(from: 12, through: 0, by: -4) {
                    let d = Int(w >> UInt16(shift) & 15)
                    if d != 0 || started || shift == 0 { put(hex.utf8Start[d]); started = true }
                }
                i += 1
            }
            return body(UnsafeRawBufferPointer(rebasing: p[0..<n]))
        }
    }

    /// Canonical text (see `withText`).
    public var description: String { withText { String(decoding: $0, as: UTF8.self) } }
}

/// A client address as audit logs write it: the address, a port, or both, or neither.
public struct ClientAddress: Equatable, Sendable {
    /// The valid IP address found, if any.
    public var ip: IPAddress?
    /// The port, when the text carried one.
    public var port: Int?
    /// A host name that came with the address (`HOST (10.0.0.1)`).
    public var host: String?

    /// Creates an address from parts.
    public init(ip: IPAddress? = nil, port: Int? = nil, host: String? = nil) {
        self.ip = ip
        self.port = port
        self.host = host
    }

    /// Reads `1.2.3.4`, `1.2.3.4:5`, `[v6]`, `[v6]:5`, `v6`, `::ffff:1.2.3.4`, `HOST (ip)`; never fails.
    public static func parse(_ raw: String) -> ClientAddress { parse(trimmed(Array(raw.utf8)[...])) }

    static func parse(_ text: ArraySlice<UInt8>) -> ClientAddress {
        var text = text
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]"), paren = UInt8(ascii: "("), colon = UInt8(ascii: ":")
        if text.first == open && text.last == close && text.contains(paren) {
            text = text.dropFirst().dropLast()
        }
        if text.last == UInt8(ascii: ")"), let p = text.lastIndex(of: paren) {
            var result = parse(trimmed(text[(p + 1)..<(text.endIndex - 1)]))
            let name = trimmed(text[text.startIndex..<p])
            if !name.isEmpty { result.host = String(decoding: name, as: UTF8.self) }
            return result
        }
        if text.first == open {
            guard let c = text.firstIndex(of: close), let ip = IPAddress(utf8: text[(text.startIndex + 1)..<c]) else {
                return ClientAddress()
            }
            let rest = text[(c + 1)...]
            return ClientAddress(ip: ip, port: rest.first == colon ? port(rest.dropFirst()) : nil)
        }
        if let whole = IPAddress(utf8: text) { return ClientAddress(ip: whole) }
        if let c = text.lastIndex(of: colon), text.firstIndex(of: colon) == c,
           let v4 = IPAddress(utf8: text[text.startIndex..<c]), v4.isIPv4, let p = port(text[(c + 1)...]) {
            return ClientAddress(ip: v4, port: p)
        }
        return ClientAddress()
    }

    static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var t = text
        while let f = t.first, isASCIIWhitespace(f) { t = t.dropFirst() }
        while let l = t.last, isASCIIWhitespace(l) { t = t.dropLast() }
        return t
    }

    static func port(_ text: ArraySlice<UInt8>) -> Int? {
        guard !text.isEmpty, text.count <= 5 else { return nil }
        var v = 0
        for c in text {
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v <= 65535 ? v : nil
    }
}

@inline(__always)
func isASCIIWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        String(decoding: ClientAddress.trimmed(Array(utf8)[...]), as: UTF8.self)
    }
}
