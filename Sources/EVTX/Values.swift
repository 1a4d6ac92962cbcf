// Substitution values to text (windows-security.md §5.8).

extension ChunkContext {
    /// The text of one (non-array) value.
    func render(_ v: RawValue) throws -> String {
        try render(type: v.type & 0x7F, at: v.offset, size: v.size)
    }

    /// The items of an array value (types 0x81-0x95).
    func renderArray(_ v: RawValue) throws -> [String] {
        let type = v.type & 0x7F
        switch type {
        case 0x01:
            let text = try bytes.utf16(v.offset, units: v.size / 2, "string array")
            var items = text.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            if items.last == "" { items.removeLast() }
            return items
        case 0x02:
            return bytesOf(v).split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }.filter { !$0.isEmpty }
        default:
            guard let width = ChunkContext.widths[type], width > 0 else {
                return [try render(type: type, at: v.offset, size: v.size)]
            }
            return try stride(from: 0, to: v.size - v.size % width, by: width).map { try render(type: type, at: v.offset + $0, size: width) }
        }
    }

    static let widths: [UInt8: Int] = [
        0x03: 1, 0x04: 1, 0x05: 2, 0x06: 2, 0x07: 4, 0x08: 4, 0x09: 8, 0x0A: 8, 0x0B: 4, 0x0C: 8, 0x0D: 4,
        0x0F: 16, 0x11: 8, 0x12: 16, 0x14: 4, 0x15: 8,
    ]

    private func bytesOf(_ v: RawValue) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes.base[v.offset..<(v.offset + v.size)])
    }

    func render(type: UInt8, at o: Int, size: Int) throws -> String {
        let b = bytes
        switch type {
        case 0x00: return ""
        case 0x01:
            // Trailing NULs are not text.
            try b.check("string value", o, size)
            var units = size / 2
            while units > 0, b.base[o + 2 * units - 2] == 0, b.base[o + 2 * units - 1] == 0 { units -= 1 }
            return try b.utf16(o, units: units, "string value")
        case 0x02:
            let raw = UnsafeRawBufferPointer(rebasing: b.base[o..<(o + size)]).prefix { $0 != 0 }
            return String(decoding: raw, as: UTF8.self)
        case 0x03: return String(Int8(bitPattern: try b.u8(o, "int8")))
        case 0x04: return String(try b.u8(o, "uint8"))
        case 0x05: return String(Int16(bitPattern: try b.u16(o, "int16")))
        case 0x06: return String(try b.u16(o, "uint16"))
        case 0x07: return String(Int32(bitPattern: try b.u32(o, "int32")))
        case 0x08: return String(try b.u32(o, "uint32"))
        case 0x09: return String(Int64(bitPattern: try b.u64(o, "int64")))
        case 0x0A: return String(try b.u64(o, "uint64"))
        case 0x0B: return String(Float(bitPattern: try b.u32(o, "real32")))
        case 0x0C: return String(Double(bitPattern: try b.u64(o, "real64")))
        case 0x0D: return try b.u32(o, "bool") != 0 ? "true" : "false"
        case 0x0E:
            try b.check("binary", o, size)
            return hexUpper(UnsafeRawBufferPointer(rebasing: b.base[o..<(o + size)]))
        case 0x0F: return try guid(at: o)
        case 0x10:
            let value = size == 8 ? try b.u64(o, "size_t") : UInt64(try b.u32(o, "size_t"))
            return "0x" + String(value, radix: 16)
        case 0x11: return try fileTime(try b.u64(o, "FILETIME"))
        case 0x12: return try systemTime(at: o)
        case 0x13: return try sid(at: o, size: size)
        case 0x14: return "0x" + String(try b.u32(o, "hex int32"), radix: 16)
        case 0x15: return "0x" + String(try b.u64(o, "hex int64"), radix: 16)
        default:
            try b.check("value of type 0x\(String(type, radix: 16))", o, size)
            return hexUpper(UnsafeRawBufferPointer(rebasing: b.base[o..<(o + size)]))
        }
    }

    func guid(at o: Int) throws -> String {
        try bytes.check("GUID", o, 16)
        // Data1..3 little-endian, Data4 as stored: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.
        let order = ChunkContext.guidOrder
        let digits = ChunkContext.hexDigits
        return String(unsafeUninitializedCapacity: 38) { out in
            out[0] = UInt8(ascii: "{")
            var k = 1
            for index in order {
                if index < 0 {
                    out[k] = UInt8(ascii: "-")
                    k += 1
                    continue
                }
                let b = bytes.base[o + index]
                out[k] = digits[Int(b >> 4)]
                out[k + 1] = digits[Int(b & 15)]
                k += 2
            }
            out[k] = UInt8(ascii: "}")
            return 38
        }
    }

    static let guidOrder = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `S-R-A-S1-S2-...`, written digit by digit (at most 15 sub-authorities of 10 digits).
    func sid(at o: Int, size: Int) throws -> String {
        let revision = try bytes.u8(o, "SID revision")
        let count = Int(try bytes.u8(o + 1, "SID sub-authority count"))
        try bytes.check("SID", o, 8 + 4 * count)
        var authority: UInt64 = 0
        for i in 2..<8 { authority = authority << 8 | UInt64(bytes.base[o + i]) }
        return String(unsafeUninitializedCapacity: 2 + 4 + 21 + 11 * count) { out in
            var k = 0
            func number(_ value: UInt64) {
                var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
                var n = 0, v = value
                withUnsafeMutableBytes(of: &digits) { d in
                    repeat { d[n] = UInt8(48 + v % 10); v /= 10; n += 1 } while v > 0
                    while n > 0 { n -= 1; out[k] = d[n]; k += 1 }
                }
            }
            out[0] = UInt8(ascii: "S")
            out[1] = UInt8(ascii: "-")
            k = 2
            number(UInt64(revision))
            out[k] = UInt8(ascii: "-"); k += 1
            number(authority)
            for i in 0..<count {
                out[k] = UInt8(ascii: "-"); k += 1
                number(UInt64(bytes.base.loadUnaligned(fromByteOffset: o + 8 + 4 * i, as: UInt32.self).littleEndian))
            }
            return k
        }
    }

    func systemTime(at o: Int) throws -> String {
        let f = try (0..<8).map { Int(try bytes.u16(o + 2 * $0, "SYSTEMTIME")) }
        return "\(pad4(f[0]))-\(pad2(f[1]))-\(pad2(f[3]))T\(pad2(f[4])):\(pad2(f[5])):\(pad2(f[6])).\(pad(f[7], 3))Z"
    }
}

/// FILETIME (100 ns ticks since 1601) as RFC 3339 UTC with 7 fraction digits; impossible values
/// (beyond year 9999) are rendered as their raw tick count, never a trap.
func fileTime(_ ticks: UInt64) -> String {
    guard ticks <= 2_650_467_743_999_999_999 else { return "FILETIME(\(ticks))" }
    let seconds = Int64(ticks / 10_000_000) - 11_644_473_600
    let fraction = Int(ticks % 10_000_000)
    let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
    let rest = Int(seconds - Int64(days) * 86400)
    let (y, m, d) = civil(days)
    // YYYY-MM-DDThh:mm:ss.fffffffZ written digit by digit (28 bytes).
    return String(unsafeUninitializedCapacity: 28) { out in
        func put(_ value: Int, _ width: Int, at: Int) {
            var v = value
            for i in stride(from: at + width - 1, through: at, by: -1) {
                out[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
        }
        put(y, 4, at: 0); out[4] = UInt8(ascii: "-"); put(m, 2, at: 5); out[7] = UInt8(ascii: "-"); put(d, 2, at: 8)
        out[10] = UInt8(ascii: "T"); put(rest / 3600, 2, at: 11); out[13] = UInt8(ascii: ":"); put(rest / 60 % 60, 2, at: 14)
        out[16] = UInt8(ascii: ":"); put(rest % 60, 2, at: 17); out[19] = UInt8(ascii: "."); put(fraction, 7, at: 20)
        out[27] = UInt8(ascii: "Z")
        return 28
    }
}

func civil(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - (153 * mp + 2) / 5 + 1)
}

func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

func pad2(_ v: Int) -> String { pad(v, 2) }
func pad4(_ v: Int) -> String { pad(v, 4) }
func hex2(_ b: UInt8) -> String { hexPadded(UInt64(b), 2) }
func hexPadded(_ v: UInt64, _ width: Int) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}

func hexUpper(_ bytes: UnsafeRawBufferPointer) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
