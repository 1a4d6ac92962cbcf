// IP address parsing without Foundation: IPv4 dotted quads and IPv6 (RFC 4291 text forms,
// with `::` and an embedded IPv4 tail), printed canonically (RFC 5952 for IPv6; an
// IPv4-mapped address `::ffff:a.b.c.d` prints as the IPv4 address).

/// An IPv4 or IPv6 address.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// True for IPv4.
    public var isIPv4: Bool { bytes.count == 4 }

    /// Parses an address; nil when `text` is not exactly one valid address.
    public init?(_ text: Substring) {
        if let v4 = IPAddress.parseV4(text) {
            bytes = v4
            return
        }
        guard let v6 = IPAddress.parseV6(text) else { return nil }
        if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xFF && v6[11] == 0xFF {
            bytes = Array(v6[12..<16])
        } else {
            bytes = v6
        }
    }

    /// Parses an address from a string.
    public init?(_ text: String) { self.init(Substring(text)) }

    static func parseV4(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let v = Int(part), v <= 255, part.count == 1 || part.first != "0"
            else { return nil }
            out.append(UInt8(v))
        }
        return out.count == 4 ? out : nil
    }

    static func parseV6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), text.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawDouble = false
        var halves: [String] = []
        if let range = text.firstRange(of: "::") {
            halves = [String(text[..<range.lowerBound]), String(text[range.upperBound...])]
            guard !halves[1].contains("::") else { return nil }
        } else {
            halves = [String(text)]
        }
        sawDouble = halves.count == 2
        func groups(_ s: String, allowV4Tail: Bool) -> [UInt16]? {
            if s.isEmpty { return [] }
            var result: [UInt16] = []
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() {
                if i == parts.count - 1 && allowV4Tail && part.contains(".") {
                    guard let v4 = parseV4(part) else { return nil }
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard !part.isEmpty, part.count <= 4, let v = UInt16(part, radix: 16) else { return nil }
                result.append(v)
            }
            return result
        }
        if sawDouble {
            guard let h = groups(halves[0], allowV4Tail: false), let t = groups(halves[1], allowV4Tail: true) else { return nil }
            head = h
            tail = t
            guard head.count + tail.count <= 7 else { return nil }
        } else {
            guard let all = groups(halves[0], allowV4Tail: true), all.count == 8 else { return nil }
            head = all
        }
        let words = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        return words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as `::`).
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        let words = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            if words[i] == 0 {
                var j = i
                while j < 8 && words[j] == 0 { j += 1 }
                if j - i > bestLength && j - i >= 2 { (bestStart, bestLength) = (i, j - i) }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ range: Range<Int>) -> String { range.map { String(words[$0], radix: 16) }.joined(separator: ":") }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
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
    public static func parse(_ raw: String) -> ClientAddress {
        var text = Substring(raw.trimmingASCIIWhitespace())
        if text.hasPrefix("[") && text.hasSuffix("]") && text.contains("(") {
            text = text.dropFirst().dropLast()
        }
        if let open = text.lastIndex(of: "("), text.hasSuffix(")") {
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            let name = text[..<open].trimmingASCIIWhitespace()
            var result = parse(String(inner))
            if !name.isEmpty { result.host = name }
            return result
        }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), let ip = IPAddress(text[text.index(after: text.startIndex)..<close]) else {
                return ClientAddress()
            }
            let rest = text[text.index(after: close)...]
            return ClientAddress(ip: ip, port: rest.hasPrefix(":") ? port(rest.dropFirst()) : nil)
        }
        if let whole = IPAddress(text) { return ClientAddress(ip: whole) }
        if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon,
           let v4 = IPAddress(text[..<colon]), v4.isIPv4, let p = port(text[text.index(after: colon)...]) {
            return ClientAddress(ip: v4, port: p)
        }
        return ClientAddress()
    }

    static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 5, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int(text), v <= 65535 else { return nil }
        return v
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let ws: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let u = Array(utf8)
        var a = 0, b = u.count
        while a < b && ws.contains(u[a]) { a += 1 }
        while b > a && ws.contains(u[b - 1]) { b -= 1 }
        return String(decoding: u[a..<b], as: UTF8.self)
    }
}
