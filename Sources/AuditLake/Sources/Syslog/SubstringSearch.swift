/// Substring search on UTF-8 bytes (Foundation's `range(of:)` is many times slower on Linux).
extension Substring {
    /// The range of the first (or last) occurrence of `needle`.
    func range(of needle: String, backwards: Bool = false) -> Range<Index>? {
        let n = Array(needle.utf8)
        guard !n.isEmpty else { return nil }
        func search(_ hay: UnsafeBufferPointer<UInt8>) -> Int? {
            guard hay.count >= n.count else { return nil }
            let last = hay.count - n.count
            let positions = backwards ? Array(stride(from: last, through: 0, by: -1)) : Array(0...last)
            for start in positions where hay[start] == n[0] {
                var k = 1
                while k < n.count && hay[start + k] == n[k] { k += 1 }
                if k == n.count { return start }
            }
            return nil
        }
        let found = utf8.withContiguousStorageIfAvailable(search) ?? Array(utf8).withUnsafeBufferPointer(search)
        guard let offset = found else { return nil }
        let lower = utf8.index(startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: n.count)
    }

    /// The parts between occurrences of `separator`.
    func split(separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = self
        while let r = rest.range(of: separator) {
            parts.append(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}
