// String output: RFC 8259 escaping with UTF-8 repair. Plain ASCII goes eight bytes at a time;
// quotes, backslashes and control characters get their escapes; an invalid UTF-8 byte becomes
// U+FFFD, so the output is always valid UTF-8.

extension JSONWriter {
    /// Writes `"text"` as `writeEscaped` does, a text of 4 to 16 plain bytes (most values) without
    /// the call: its bytes as two overlapping words, checked and stored as they are.
    @inlinable @inline(__always)
    mutating func writeQuoted(_ text: UnsafeRawBufferPointer) {
        let n = text.count
        if n >= 4 && n <= 16 {
            let wide = n >= 8
            let head = wide ? text.loadUnaligned(as: UInt64.self) : UInt64(text.loadUnaligned(as: UInt32.self))
            let tail = wide ? text.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                : UInt64(text.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)) | 0x2020_2020_0000_0000
            if ValueScanner.specialBytes(wide ? head : head | 0x2020_2020_0000_0000) | ValueScanner.specialBytes(tail) == 0 {
                reserve(n &+ 2)
                let to = UnsafeMutableRawPointer(base + used)
                to.storeBytes(of: UInt8(ascii: "\""), as: UInt8.self)
                if wide {
                    to.storeBytes(of: head, toByteOffset: 1, as: UInt64.self)
                    to.storeBytes(of: tail, toByteOffset: n &- 7, as: UInt64.self)
                } else {
                    to.storeBytes(of: UInt32(truncatingIfNeeded: head), toByteOffset: 1, as: UInt32.self)
                    to.storeBytes(of: UInt32(truncatingIfNeeded: tail), toByteOffset: n &- 3, as: UInt32.self)
                }
                to.storeBytes(of: UInt8(ascii: "\""), toByteOffset: n &+ 1, as: UInt8.self)
                used &+= n &+ 2
                return
            }
        }
        writeEscaped(text)
    }

    /// Writes `"text"` with RFC 8259 escaping and UTF-8 repair, copying as it checks (one pass).
    @usableFromInline
    mutating func writeEscaped(_ text: UnsafeRawBufferPointer) {
        let n = text.count
        // Capacity for the rest of the text as it is and the closing quote, kept at every
        // escape: words may be stored whole before their plain bytes are counted.
        reserve(n &+ 2)
        base[used] = UInt8(ascii: "\"")
        used &+= 1
        var i = 0
        // Eight bytes at a time: a plain word is copied; otherwise its bytes before the first
        // special one (quote, backslash, control or non-ASCII byte) are, and that byte is handled.
        while i &+ 8 <= n {
            let w = text.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let special = ValueScanner.specialBytes(w)
            UnsafeMutableRawPointer(base + used).storeBytes(of: w, as: UInt64.self)
            if special == 0 {
                used &+= 8
                i &+= 8
                continue
            }
            let plain = special.trailingZeroBitCount &>> 3
            used &+= plain
            i &+= plain
            let b = text[i]
            if b == UInt8(ascii: "\\") || b == UInt8(ascii: "\"") {
                // The usual escape (Windows paths are full of backslashes), without a call: the
                // rest of the text, this escape and the closing quote.
                reserve(n &- i &+ 3)
                base[used] = UInt8(ascii: "\\")
                base[used &+ 1] = b
                used &+= 2
                i &+= 1
            } else {
                i = writeSpecial(text, at: i)
            }
        }
        if i < n {
            // The last one to seven bytes as one word, from overlapping loads (no byte-wise
            // copy, whose store would stall the load): bytes may be checked twice.
            let tail: UInt64
            if n >= 8 {
                tail = text.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            } else if n &- i >= 4 {
                let low = UInt64(text.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                tail = low | UInt64(text.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)) << 32
            } else {
                tail = 0x2020_2020_2000_0000 | UInt64(text[i]) | UInt64(text[(i &+ n) >> 1]) << 8 | UInt64(text[n &- 1]) << 16
            }
            if !ValueScanner.hasSpecialByte(tail) {
                putReserved(UnsafeRawBufferPointer(rebasing: text[i..<n]))
            } else {
                while i < n {
                    let b = text[i]
                    if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b < 0x80 {
                        base[used] = b
                        used &+= 1
                        i &+= 1
                    } else {
                        i = writeSpecial(text, at: i)
                    }
                }
            }
        }
        base[used] = UInt8(ascii: "\"")
        used &+= 1
    }

    /// Writes the byte at `i` that needs more than a copy (or a valid UTF-8 sequence starting
    /// there); the position after it.
    @usableFromInline
    mutating func writeSpecial(_ text: UnsafeRawBufferPointer, at i: Int) -> Int {
        let b = text[i]
        if b >= 0x80 {
            let length = validUTF8Length(text, i)
            if length > 0 {
                putReserved(UnsafeRawBufferPointer(rebasing: text[i..<(i &+ length)]))
                return i &+ length
            }
        }
        // The rest of the text plus this escape (at most six bytes) and the closing quote.
        reserve(text.count &- i &+ 7)
        switch b {
        case UInt8(ascii: "\""): putEscape(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): putEscape(UInt8(ascii: "\\"))
        case 0x0A: putEscape(UInt8(ascii: "n"))
        case 0x0D: putEscape(UInt8(ascii: "r"))
        case 0x09: putEscape(UInt8(ascii: "t"))
        case 0x08: putEscape(UInt8(ascii: "b"))
        case 0x0C: putEscape(UInt8(ascii: "f"))
        case 0..<0x20:
            let hex: StaticString = "0123456789abcdef"
            for c in [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 15)]] {
                base[used] = c
                used &+= 1
            }
        default:  // an invalid UTF-8 byte becomes U+FFFD
            base[used] = 0xEF
            base[used &+ 1] = 0xBF
            base[used &+ 2] = 0xBD
            used &+= 3
        }
        return i &+ 1
    }

    @inline(__always)
    mutating func putEscape(_ letter: UInt8) {
        base[used] = 0x5C
        base[used &+ 1] = letter
        used &+= 2
    }
}

/// Length of the valid UTF-8 sequence starting at `i`, or 0 when it is invalid or cut short.
@usableFromInline
func validUTF8Length(_ text: UnsafeRawBufferPointer, _ i: Int) -> Int {
    guard let (length, low, high) = utf8Lead(text[i]), i + length <= text.count else { return 0 }
    for k in 1..<length {
        let c = text[i + k]
        let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
        if c < lo || c > hi { return 0 }
    }
    return length
}

/// For a UTF-8 lead byte: the sequence length and the allowed range of its second byte
/// (RFC 3629 Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF); nil if invalid.
@inline(__always) @usableFromInline
func utf8Lead(_ lead: UInt8) -> (length: Int, low: UInt8, high: UInt8)? {
    switch lead {
    case 0xC2...0xDF: return (2, 0x80, 0xBF)
    case 0xE0: return (3, 0xA0, 0xBF)
    case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80, 0xBF)
    case 0xED: return (3, 0x80, 0x9F)
    case 0xF0: return (4, 0x90, 0xBF)
    case 0xF1...0xF3: return (4, 0x80, 0xBF)
    case 0xF4: return (4, 0x80, 0x8F)
    default: return nil
    }
}
