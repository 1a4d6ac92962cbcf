// String scanning: the hot loop of the parser. Eight bytes at a time while none of them is a
// quote, a backslash, a control character or a non-ASCII byte; byte by byte around those, with
// escapes checked for syntax and multi-byte sequences validated as UTF-8 (RFC 3629: no overlong
// forms, no encoded surrogates, nothing above U+10FFFF).

extension ValueScanner {
    /// True when any byte of `w` is < 0x20, '"', '\\' or >= 0x80.
    @inline(__always) @usableFromInline
    static func hasSpecialByte(_ w: UInt64) -> Bool { specialBytes(w) != 0 }

    /// The high bits of `w`'s bytes that are < 0x20, '"', '\\' or >= 0x80. Bytes above the first
    /// such byte may be marked wrongly (a borrow runs upward), the lowest mark is exact: the first
    /// special byte of a little-endian load is `specialBytes(w).trailingZeroBitCount / 8`.
    @inline(__always) @usableFromInline
    static func specialBytes(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (w &- 0x2020_2020_2020_2020) & ~w
        let q = w ^ 0x2222_2222_2222_2222
        let quote = (q &- ones) & ~q
        let s = w ^ 0x5C5C_5C5C_5C5C_5C5C
        let slash = (s &- ones) & ~s
        return ((control | quote | slash) & highs) | (w & highs)
    }

    /// Scans a string whose opening quote is at `start`; `.complete` points past the closing quote.
    @inline(__always) @usableFromInline
    mutating func scanString(_ start: Int) -> ScanOutcome {
        var i = start &+ 1
        var escapes = false
        while true {
            while i &+ 8 <= limit {
                let mask = ValueScanner.specialBytes(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                if mask != 0 {
                    i &+= mask.trailingZeroBitCount &>> 3  // straight to the first special byte
                    break
                }
                i &+= 8
            }
            guard i < limit else { return incomplete(.unterminatedString, at: i) }
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                append(TapeEntry(kind: .string, hasEscapes: escapes, start: rel(start &+ 1), end: rel(i)))
                return .complete(end: i &+ 1)
            }
            if b == UInt8(ascii: "\\") {
                escapes = true
                switch scanEscape(i) {
                case .complete(let end): i = end
                case let other: return other
                }
            } else if b < 0x20 {
                return .failed(.controlCharacterInString, at: i)
            } else if b < 0x80 {
                i &+= 1
            } else {
                switch scanUTF8Sequence(i) {
                case .complete(let end): i = end
                case let other: return other
                }
            }
        }
    }

    /// Checks the escape whose backslash is at `start`.
    @inline(__always) @usableFromInline
    func scanEscape(_ start: Int) -> ScanOutcome {
        let e = start &+ 1
        guard e < limit else { return incomplete(.invalidEscape, at: e) }
        switch p[e] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return .complete(end: e &+ 1)
        case UInt8(ascii: "u"):
            var k = e &+ 1
            while k < e &+ 5 {
                guard k < limit else { return incomplete(.invalidUnicodeEscape, at: k) }
                guard hexValue(p[k]) != nil else { return .failed(.invalidUnicodeEscape, at: k) }
                k &+= 1
            }
            return .complete(end: k)
        default:
            return .failed(.invalidEscape, at: e)
        }
    }

    /// Validates the multi-byte UTF-8 sequence whose lead byte is at `start`.
    @inline(never) @usableFromInline
    func scanUTF8Sequence(_ start: Int) -> ScanOutcome {
        guard let (length, low, high) = utf8Lead(p[start]) else { return .failed(.invalidUTF8, at: start) }
        var k = start &+ 1
        while k < start &+ length {
            guard k < limit else { return incomplete(.invalidUTF8, at: k) }
            let c = p[k]
            let (lo, hi) = k == start &+ 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard c >= lo && c <= hi else { return .failed(.invalidUTF8, at: k) }
            k &+= 1
        }
        return .complete(end: k)
    }
}

/// The value of an ASCII hex digit, or nil.
@inline(__always)
public func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return b &- UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return b &- UInt8(ascii: "a") &+ 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return b &- UInt8(ascii: "A") &+ 10
    default: return nil
    }
}
