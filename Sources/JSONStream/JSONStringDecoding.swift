/// Decodes the text of a JSON string (between its quotes, already validated) into UTF-8.
///
/// `\uXXXX` escapes are joined into surrogate pairs; a lone surrogate (allowed by RFC 8259's
/// grammar but not a character) becomes U+FFFD.
public func unescapeJSONString(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
    let n = raw.count
    var i = 0
    var runStart = 0
    while i < n {
        guard raw[i] == UInt8(ascii: "\\") else {
            i += 1
            continue
        }
        if runStart < i { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[runStart..<i])) }
        let e = raw[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = hex4(raw, i)
            i += 4
            if scalar >= 0xD800 && scalar < 0xDC00 {
                if i + 6 <= n && raw[i] == UInt8(ascii: "\\") && raw[i + 1] == UInt8(ascii: "u") {
                    let low = hex4(raw, i + 2)
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if scalar >= 0xDC00 && scalar < 0xE000 {
                scalar = 0xFFFD
            }
            appendUTF8(scalar, to: &out)
        default: out.append(e)  // '"', '\\', '/'
        }
        runStart = i
    }
    if runStart < n { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[runStart..<n])) }
}

@inline(__always)
func hex4(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
    var v: UInt32 = 0
    for k in 0..<4 { v = v << 4 | UInt32(hexValue(raw[at + k]) ?? 0) }
    return v
}

/// Appends the UTF-8 encoding of a Unicode scalar value.
@inline(__always)
func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    switch v {
    case 0..<0x80:
        out.append(UInt8(v))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | v >> 6))
        out.append(UInt8(0x80 | v & 0x3F))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | v >> 12))
        out.append(UInt8(0x80 | v >> 6 & 0x3F))
        out.append(UInt8(0x80 | v & 0x3F))
    default:
        out.append(UInt8(0xF0 | v >> 18))
        out.append(UInt8(0x80 | v >> 12 & 0x3F))
        out.append(UInt8(0x80 | v >> 6 & 0x3F))
        out.append(UInt8(0x80 | v & 0x3F))
    }
}
