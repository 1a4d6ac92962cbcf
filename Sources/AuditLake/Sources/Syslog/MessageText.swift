/// The bytes of one log message and the searches the auth parsers need: prefixes, first and last
/// occurrences of a literal, words. Positions are indices of `bytes` (an `ArraySlice`, so they
/// stay valid in the whole line); nothing here allocates.
struct MessageText {
    /// The message.
    let bytes: ArraySlice<UInt8>

    var start: Int { bytes.startIndex }
    var end: Int { bytes.endIndex }

    /// True when `literal` occurs at `i`.
    @inline(__always)
    func has(_ literal: StaticString, at i: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i >= start, i + n <= end else { return false }
        let p = literal.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        return true
    }

    /// True when the message starts with `literal`.
    func hasPrefix(_ literal: StaticString) -> Bool { has(literal, at: start) }

    /// The start of the first occurrence of `literal` in `range` (the whole message by default).
    func find(_ literal: StaticString, in range: Range<Int>? = nil) -> Int? {
        let r = range ?? start..<end
        let n = literal.utf8CodeUnitCount
        guard n > 0, r.count >= n else { return nil }
        let first = literal.utf8Start[0]
        var i = r.lowerBound
        let last = r.upperBound - n
        while i <= last {
            if bytes[i] == first && has(literal, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// The start of the last occurrence of `literal` in `range`.
    func findLast(_ literal: StaticString, in range: Range<Int>) -> Int? {
        let n = literal.utf8CodeUnitCount
        guard n > 0, range.count >= n else { return nil }
        var i = range.upperBound - n
        while i >= range.lowerBound {
            if has(literal, at: i) { return i }
            i -= 1
        }
        return nil
    }

    /// True when `literal` occurs in `range` (the whole message by default).
    func contains(_ literal: StaticString, in range: Range<Int>? = nil) -> Bool { find(literal, in: range) != nil }

    /// The text after the first `marker`, to the end.
    func after(_ marker: StaticString, in range: Range<Int>? = nil) -> Range<Int>? {
        let r = range ?? start..<end
        return find(marker, in: r).map { ($0 + marker.utf8CodeUnitCount)..<r.upperBound }
    }

    /// The first index of `byte` in `range`.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// The part of `range` before the first `a` or `b` (all of it when neither occurs).
    func prefix(_ range: Range<Int>, until a: UInt8, or b: UInt8? = nil) -> Range<Int> {
        var i = range.lowerBound
        while i < range.upperBound, bytes[i] != a, bytes[i] != b { i += 1 }
        return range.lowerBound..<i
    }

    /// The next space-separated word at or after `i` before `limit`, skipping runs of spaces.
    func word(from i: Int, to limit: Int) -> Range<Int>? {
        var a = i
        while a < limit, bytes[a] == 0x20 { a += 1 }
        guard a < limit else { return nil }
        var b = a
        while b < limit, bytes[b] != 0x20 { b += 1 }
        return a..<b
    }

    /// `range` without leading and trailing ASCII whitespace.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var a = range.lowerBound, b = range.upperBound
        while a < b, isASCIIWhitespace(bytes[a]) { a += 1 }
        while b > a, isASCIIWhitespace(bytes[b - 1]) { b -= 1 }
        return a..<b
    }

    /// True when the text in `range` is exactly `literal`.
    func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && has(literal, at: range.lowerBound)
    }

    /// The decimal number at the start of `range` (digits only, up to 9), nil when none.
    func leadingNumber(_ range: Range<Int>) -> Int? {
        var v = 0, i = range.lowerBound
        while i < range.upperBound, i - range.lowerBound < 9, bytes[i] >= 48, bytes[i] <= 57 {
            v = v * 10 + Int(bytes[i] - 48)
            i += 1
        }
        return i > range.lowerBound ? v : nil
    }

    /// The whole of `range` as a decimal number (digits only, up to 9), nil otherwise.
    func number(_ range: Range<Int>) -> Int? {
        guard range.count <= 9, let v = leadingNumber(range), !range.isEmpty else { return nil }
        for i in range where bytes[i] < 48 || bytes[i] > 57 { return nil }
        return v
    }
}
