// Substitution values to text (windows-security.md §5.8), written as UTF-8 bytes into a record
// buffer: the compiled path keeps them there, the element tree makes Strings of them.
//
//   0x01 UTF-16 string (trailing NULs dropped)   0x02 ANSI string (to the first NUL)
//   0x03-0x0A signed/unsigned 8-64 bit integers  0x0B/0x0C real32/64   0x0D bool (u32)
//   0x0E binary (hex)  0x0F GUID  0x10 size_t  0x11 FILETIME  0x12 SYSTEMTIME  0x13 SID
//   0x14/0x15 hex int32/64   0x81-0x95 arrays of the above

extension ChunkContext {
    /// The text of one (non-array) value.
    func render(_ v: RawValue) throws -> String {
        try render(type: v.type & 0x7F, at: v.offset, size: v.size)
    }

    func render(type: UInt8, at o: Int, size: Int) throws -> String {
        let out = renderBuffer
        out.count = 0
        try appendText(type: type, at: o, size: size, to: out)
        return String(decoding: out.elements, as: UTF8.self)
    }

    /// The items of an array value (types 0x81-0x95).
    func renderArray(_ v: RawValue) throws -> [String] {
        let out = renderBuffer
        out.count = 0
        var items: [String] = []
        try appendArrayItems(v, to: out) { start, count in
            items.append(String(decoding: out.bytes(start, count), as: UTF8.self))
        }
        return items
    }

    /// Appends the items of an array value one after another, calling `item` with each one's
    /// place in `out`.
    func appendArrayItems(_ v: RawValue, to out: RecordBuffer<UInt8>, item: (Int, Int) -> Void) throws {
        let type = v.type & 0x7F
        switch type {
        case 0x01:
            // NUL-separated UTF-16 strings; an empty last one (the final NUL) is not an item.
            try bytes.check("string array", v.offset, v.size)
            let units = v.size / 2
            var first = 0
            var pieces: [(Int, Int)] = []
            for i in 0...units where i == units || bytes.base.loadUnaligned(fromByteOffset: v.offset + 2 * i, as: UInt16.self) == 0 {
                pieces.append((first, i))
                first = i + 1
            }
            if let last = pieces.last, last.0 == last.1 { pieces.removeLast() }
            for (from, to) in pieces {
                let start = out.count
                appendUTF16(at: v.offset + 2 * from, units: to - from, to: out)
                item(start, out.count - start)
            }
        case 0x02:
            // NUL-separated ANSI strings; empty ones are not items.
            let raw = UnsafeRawBufferPointer(rebasing: bytes.base[v.offset..<(v.offset + v.size)])
            for piece in raw.split(separator: 0, omittingEmptySubsequences: false) {
                let start = out.count
                appendUTF8Repaired(UnsafeRawBufferPointer(rebasing: piece), to: out)
                if out.count > start { item(start, out.count - start) }
            }
        default:
            guard let width = ChunkContext.widths[type], width > 0 else {
                let start = out.count
                try appendText(type: type, at: v.offset, size: v.size, to: out)
                item(start, out.count - start)
                return
            }
            for at in stride(from: 0, to: v.size - v.size % width, by: width) {
                let start = out.count
                try appendText(type: type, at: v.offset + at, size: width, to: out)
                item(start, out.count - start)
            }
        }
    }

    static let widths: [UInt8: Int] = [
        0x03: 1, 0x04: 1, 0x05: 2, 0x06: 2, 0x07: 4, 0x08: 4, 0x09: 8, 0x0A: 8, 0x0B: 4, 0x0C: 8, 0x0D: 4,
        0x0F: 16, 0x11: 8, 0x12: 16, 0x14: 4, 0x15: 8,
    ]

    /// Appends the UTF-8 text of a value of `type` (without its array bit) at `o`; throws where a
    /// read would leave the chunk, with what was being read.
    func appendText(type: UInt8, at o: Int, size: Int, to out: RecordBuffer<UInt8>) throws {
        let b = bytes
        switch type {
        case 0x00: return
        case 0x01:
            // Trailing NULs are not text.
            try b.check("string value", o, size)
            var units = size / 2
            while units > 0, b.base[o + 2 * units - 2] == 0, b.base[o + 2 * units - 1] == 0 { units -= 1 }
            appendUTF16(at: o, units: units, to: out)
        case 0x02:
            try b.check("string value", o, size)
            let raw = UnsafeRawBufferPointer(rebasing: b.base[o..<(o + size)])
            appendUTF8Repaired(UnsafeRawBufferPointer(rebasing: raw.prefix { $0 != 0 }), to: out)
        case 0x03: appendSigned(Int64(Int8(bitPattern: try b.u8(o, "int8"))), to: out)
        case 0x04: appendDecimal(UInt64(try b.u8(o, "uint8")), to: out)
        case 0x05: appendSigned(Int64(Int16(bitPattern: try b.u16(o, "int16"))), to: out)
        case 0x06: appendDecimal(UInt64(try b.u16(o, "uint16")), to: out)
        case 0x07: appendSigned(Int64(Int32(bitPattern: try b.u32(o, "int32"))), to: out)
        case 0x08: appendDecimal(UInt64(try b.u32(o, "uint32")), to: out)
        case 0x09: appendSigned(Int64(bitPattern: try b.u64(o, "int64")), to: out)
        case 0x0A: appendDecimal(try b.u64(o, "uint64"), to: out)
        case 0x0B: out.append(String(Float(bitPattern: try b.u32(o, "real32"))))
        case 0x0C: out.append(String(Double(bitPattern: try b.u64(o, "real64"))))
        case 0x0D: out.append(try b.u32(o, "bool") != 0 ? "true" : "false")
        case 0x0F: try appendGUID(at: o, to: out)
        case 0x10: appendHex(size == 8 ? try b.u64(o, "size_t") : UInt64(try b.u32(o, "size_t")), to: out)
        case 0x11: appendFileTime(try b.u64(o, "FILETIME"), to: out)
        case 0x12: try appendSystemTime(at: o, to: out)
        case 0x13: try appendSID(at: o, to: out)
        case 0x14: appendHex(UInt64(try b.u32(o, "hex int32")), to: out)
        case 0x15: appendHex(try b.u64(o, "hex int64"), to: out)
        default:
            // 0x0E binary and types with no text form: hexadecimal, two digits a byte.
            try b.check(type == 0x0E ? "binary" : "value of type 0x\(String(type, radix: 16))", o, size)
            appendHexBytes(UnsafeRawBufferPointer(rebasing: b.base[o..<(o + size)]), to: out)
        }
    }

    /// Throws exactly where rendering the value would (`appendText`, or `appendArrayItems` for an
    /// array that repeats its element), without rendering it.
    func checkText(type: UInt8, at o: Int, size: Int, array: Bool) throws {
        let b = bytes
        if array {
            switch type {
            case 0x01: try b.check("string array", o, size)
            case 0x02: return
            default: if let width = ChunkContext.widths[type], width > 0 { return }
            }
        }
        switch type {
        case 0x00: return
        case 0x01, 0x02: try b.check("string value", o, size)
        case 0x03: try b.check("int8", o, 1)
        case 0x04: try b.check("uint8", o, 1)
        case 0x05: try b.check("int16", o, 2)
        case 0x06: try b.check("uint16", o, 2)
        case 0x07: try b.check("int32", o, 4)
        case 0x08: try b.check("uint32", o, 4)
        case 0x09: try b.check("int64", o, 8)
        case 0x0A: try b.check("uint64", o, 8)
        case 0x0B: try b.check("real32", o, 4)
        case 0x0C: try b.check("real64", o, 8)
        case 0x0D: try b.check("bool", o, 4)
        case 0x0F: try b.check("GUID", o, 16)
        case 0x10: try b.check("size_t", o, size == 8 ? 8 : 4)
        case 0x11: try b.check("FILETIME", o, 8)
        case 0x12: try b.check("SYSTEMTIME", o, 16)
        case 0x13:
            try b.check("SID revision", o, 1)
            let count = Int(try b.u8(o + 1, "SID sub-authority count"))
            try b.check("SID", o, 8 + 4 * count)
        case 0x14: try b.check("hex int32", o, 4)
        case 0x15: try b.check("hex int64", o, 8)
        default: try b.check(type == 0x0E ? "binary" : "value of type 0x\(String(type, radix: 16))", o, size)
        }
    }

    /// UTF-16LE code units to UTF-8: ASCII four units at a time; surrogate pairs joined; an unpaired
    /// surrogate becomes U+FFFD (as Swift's UTF-16 decoding has it).
    func appendUTF16(at o: Int, units: Int, to out: RecordBuffer<UInt8>) {
        out.reserve(units * 3)
        let source = bytes.base.baseAddress! + o
        var dest = out.base + out.count
        var i = 0
        @inline(__always) func unit(_ k: Int) -> UInt32 { UInt32(source.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self).littleEndian) }
        while i < units {
            while i + 4 <= units {
                let w = source.loadUnaligned(fromByteOffset: 2 * i, as: UInt64.self).littleEndian
                guard w & 0xFF80_FF80_FF80_FF80 == 0 else { break }
                let packed = UInt32(truncatingIfNeeded: (w & 0xFF) | (w >> 8 & 0xFF00) | (w >> 16 & 0xFF_0000) | (w >> 24 & 0xFF00_0000))
                UnsafeMutableRawPointer(dest).storeBytes(of: packed.littleEndian, as: UInt32.self)
                dest += 4
                i += 4
            }
            guard i < units else { break }
            var scalar = unit(i)
            i += 1
            if scalar & 0xF800 == 0xD800 {
                if scalar < 0xDC00, i < units, unit(i) & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (unit(i) - 0xDC00)
                    i += 1
                } else {
                    scalar = 0xFFFD
                }
            }
            switch scalar {
            case ..<0x80:
                dest[0] = UInt8(scalar)
                dest += 1
            case ..<0x800:
                dest[0] = UInt8(0xC0 | scalar >> 6)
                dest[1] = UInt8(0x80 | scalar & 0x3F)
                dest += 2
            case ..<0x10000:
                dest[0] = UInt8(0xE0 | scalar >> 12)
                dest[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                dest[2] = UInt8(0x80 | scalar & 0x3F)
                dest += 3
            default:
                // A pair took two units, so four bytes still fit in the three reserved per unit.
                dest[0] = UInt8(0xF0 | scalar >> 18)
                dest[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                dest[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
                dest[3] = UInt8(0x80 | scalar & 0x3F)
                dest += 4
            }
        }
        out.count = dest - out.base
    }

    /// Bytes meant as UTF-8, invalid sequences replaced by U+FFFD as Swift's decoding does.
    func appendUTF8Repaired(_ raw: UnsafeRawBufferPointer, to out: RecordBuffer<UInt8>) {
        if raw.allSatisfy({ $0 < 0x80 }) {
            out.append(raw)
        } else {
            out.append(String(decoding: raw, as: UTF8.self))
        }
    }

    func appendDecimal(_ value: UInt64, to out: RecordBuffer<UInt8>) {
        out.reserve(20)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = 0, v = value
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[n] = UInt8(48 + v % 10); v /= 10; n += 1 } while v > 0
            while n > 0 { n -= 1; out.base[out.count] = d[n]; out.count += 1 }
        }
    }

    func appendSigned(_ value: Int64, to out: RecordBuffer<UInt8>) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude, to: out)
    }

    /// At least `width` digits, zeros in front.
    func appendPadded(_ value: Int, _ width: Int, to out: RecordBuffer<UInt8>) {
        var digits = 1, v = value / 10
        while v > 0 { digits += 1; v /= 10 }
        for _ in digits..<max(digits, width) { out.append(UInt8(ascii: "0")) }
        appendDecimal(UInt64(value), to: out)
    }

    /// `0x` and lowercase hexadecimal digits, no padding.
    func appendHex(_ value: UInt64, to out: RecordBuffer<UInt8>) {
        out.append(UInt8(ascii: "0"))
        out.append(UInt8(ascii: "x"))
        var shift = max(0, (63 - value.leadingZeroBitCount) / 4 * 4)
        while shift >= 0 {
            out.append(ChunkContext.lowerHexDigits[Int(value >> UInt64(shift) & 15)])
            shift -= 4
        }
    }

    func appendHexBytes(_ raw: UnsafeRawBufferPointer, to out: RecordBuffer<UInt8>) {
        out.reserve(raw.count * 2)
        for b in raw {
            out.base[out.count] = ChunkContext.hexDigits[Int(b >> 4)]
            out.base[out.count + 1] = ChunkContext.hexDigits[Int(b & 15)]
            out.count += 2
        }
    }

    func appendGUID(at o: Int, to out: RecordBuffer<UInt8>) throws {
        try bytes.check("GUID", o, 16)
        // Data1..3 little-endian, Data4 as stored: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.
        out.reserve(38)
        out.append(UInt8(ascii: "{"))
        for index in ChunkContext.guidOrder {
            if index < 0 {
                out.append(UInt8(ascii: "-"))
                continue
            }
            let b = bytes.base[o + index]
            out.base[out.count] = ChunkContext.hexDigits[Int(b >> 4)]
            out.base[out.count + 1] = ChunkContext.hexDigits[Int(b & 15)]
            out.count += 2
        }
        out.append(UInt8(ascii: "}"))
    }

    static let guidOrder = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
    static let lowerHexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `S-R-A-S1-S2-...` (at most 255 sub-authorities).
    func appendSID(at o: Int, to out: RecordBuffer<UInt8>) throws {
        let revision = try bytes.u8(o, "SID revision")
        let count = Int(try bytes.u8(o + 1, "SID sub-authority count"))
        try bytes.check("SID", o, 8 + 4 * count)
        var authority: UInt64 = 0
        for i in 2..<8 { authority = authority << 8 | UInt64(bytes.base[o + i]) }
        out.append(UInt8(ascii: "S"))
        out.append(UInt8(ascii: "-"))
        appendDecimal(UInt64(revision), to: out)
        out.append(UInt8(ascii: "-"))
        appendDecimal(authority, to: out)
        for i in 0..<count {
            out.append(UInt8(ascii: "-"))
            appendDecimal(UInt64(bytes.base.loadUnaligned(fromByteOffset: o + 8 + 4 * i, as: UInt32.self).littleEndian), to: out)
        }
    }

    /// FILETIME (100 ns ticks since 1601) as RFC 3339 UTC with 7 fraction digits; impossible values
    /// (beyond year 9999) as `FILETIME(ticks)`, never a trap.
    func appendFileTime(_ ticks: UInt64, to out: RecordBuffer<UInt8>) {
        guard ticks <= 2_650_467_743_999_999_999 else {
            out.append("FILETIME(\(ticks))")
            return
        }
        let seconds = Int64(ticks / 10_000_000) - 11_644_473_600
        let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let rest = Int(seconds - Int64(days) * 86400)
        let (y, m, d) = civil(days)
        appendDateTime(y, m, d, rest / 3600, rest / 60 % 60, rest % 60, fraction: Int(ticks % 10_000_000), digits: 7, to: out)
    }

    /// SYSTEMTIME: eight u16 (year, month, weekday, day, hour, minute, second, milliseconds).
    func appendSystemTime(at o: Int, to out: RecordBuffer<UInt8>) throws {
        try bytes.check("SYSTEMTIME", o, 16)
        func f(_ k: Int) -> Int { Int(bytes.base.loadUnaligned(fromByteOffset: o + 2 * k, as: UInt16.self).littleEndian) }
        appendDateTime(f(0), f(1), f(3), f(4), f(5), f(6), fraction: f(7), digits: 3, to: out)
    }

    /// `YYYY-MM-DDThh:mm:ss.fffZ` with `digits` fraction digits (wider fields as they are).
    private func appendDateTime(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, fraction: Int, digits: Int, to out: RecordBuffer<UInt8>) {
        appendPadded(y, 4, to: out); out.append(UInt8(ascii: "-"))
        appendPadded(m, 2, to: out); out.append(UInt8(ascii: "-"))
        appendPadded(d, 2, to: out); out.append(UInt8(ascii: "T"))
        appendPadded(h, 2, to: out); out.append(UInt8(ascii: ":"))
        appendPadded(mi, 2, to: out); out.append(UInt8(ascii: ":"))
        appendPadded(s, 2, to: out); out.append(UInt8(ascii: "."))
        appendPadded(fraction, digits, to: out); out.append(UInt8(ascii: "Z"))
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

/// Uppercase hexadecimal, two digits a byte.
func hexUpper(_ bytes: UnsafeRawBufferPointer) -> String {
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(ChunkContext.hexDigits[Int(b >> 4)])
        out.append(ChunkContext.hexDigits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
