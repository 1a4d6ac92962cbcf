// The text forms of EVTX values, written as UTF-8 bytes: UTF-16 and ANSI strings, decimal and
// hexadecimal numbers, GUIDs, SIDs and FILETIME/SYSTEMTIME times (windows-security.md §5.8).

extension ChunkContext {
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
                // Units a, b, c, d (each below 0x80) to bytes a b c d.
                let pairs = (w | w >> 8) & 0x0000_FFFF_0000_FFFF
                let packed = UInt32(truncatingIfNeeded: pairs | pairs >> 16)
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

    /// Decimal digits, written from the end two at a time.
    func appendDecimal(_ value: UInt64, to out: RecordBuffer<UInt8>) {
        out.reserve(20)
        var length = 1, bound: UInt64 = 10
        while length < 20, value >= bound {
            length += 1
            bound = bound &* 10
        }
        writeDigits(value, width: length, to: out.base + out.count)
        out.count += length
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
        let digits = max(1, (67 - value.leadingZeroBitCount) / 4)
        out.reserve(18)
        let o = UnsafeMutableRawPointer(out.base + out.count)
        o.storeBytes(of: 0x30, as: UInt8.self)
        o.storeBytes(of: UInt8(ascii: "x"), toByteOffset: 1, as: UInt8.self)
        // All sixteen digits, then the last `digits` of them (no leading zeros).
        let all = (hex8(UInt32(truncatingIfNeeded: value >> 32), upper: false), hex8(UInt32(truncatingIfNeeded: value), upper: false))
        withUnsafeBytes(of: all) { (o + 2).copyMemory(from: $0.baseAddress! + 16 - digits, byteCount: digits) }
        out.count += 2 + digits
    }

    func appendHexBytes(_ raw: UnsafeRawBufferPointer, to out: RecordBuffer<UInt8>) {
        out.reserve(raw.count * 2)
        for b in raw {
            out.base[out.count] = hexDigit(b >> 4)
            out.base[out.count + 1] = hexDigit(b & 15)
            out.count += 2
        }
    }

    func appendGUID(at o: Int, to out: RecordBuffer<UInt8>) throws {
        try bytes.check("GUID", o, 16)
        // Data1..3 little-endian, Data4 as stored: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.
        let g = bytes.base.baseAddress! + o
        let data1 = UInt32(littleEndian: g.loadUnaligned(as: UInt32.self))
        let data2 = UInt32(UInt16(littleEndian: g.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
        let data3 = UInt32(UInt16(littleEndian: g.loadUnaligned(fromByteOffset: 6, as: UInt16.self)))
        let data4 = UInt32(bigEndian: g.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        let data5 = UInt32(bigEndian: g.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        out.reserve(40)
        let d = UnsafeMutableRawPointer(out.base + out.count)
        let middle = hex8(data2 << 16 | data3, upper: true), fourth = hex8(data4, upper: true)
        d.storeBytes(of: UInt8(ascii: "{"), as: UInt8.self)
        d.storeBytes(of: hex8(data1, upper: true), toByteOffset: 1, as: UInt64.self)
        d.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 9, as: UInt8.self)
        d.storeBytes(of: UInt32(truncatingIfNeeded: middle), toByteOffset: 10, as: UInt32.self)
        d.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 14, as: UInt8.self)
        d.storeBytes(of: UInt32(truncatingIfNeeded: middle >> 32), toByteOffset: 15, as: UInt32.self)
        d.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 19, as: UInt8.self)
        d.storeBytes(of: UInt32(truncatingIfNeeded: fourth), toByteOffset: 20, as: UInt32.self)
        d.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 24, as: UInt8.self)
        d.storeBytes(of: UInt32(truncatingIfNeeded: fourth >> 32), toByteOffset: 25, as: UInt32.self)
        d.storeBytes(of: hex8(data5, upper: true), toByteOffset: 29, as: UInt64.self)
        d.storeBytes(of: UInt8(ascii: "}"), toByteOffset: 37, as: UInt8.self)
        out.count += 38
    }

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
        // A chunk's records mostly share their day: its date is worked out once.
        if days != lastDay {
            lastDay = days
            lastDate = civilFromDays(days)
        }
        let (y, m, d) = lastDate
        // YYYY-MM-DDThh:mm:ss.fffffffZ: every field fits its width (the year is 1601 to 9999).
        out.reserve(28)
        let o = out.base + out.count
        func put(_ value: Int, _ width: Int, at k: Int) { writeDigits(UInt64(value), width: width, to: o + k) }
        put(y, 4, at: 0); o[4] = UInt8(ascii: "-"); put(m, 2, at: 5); o[7] = UInt8(ascii: "-"); put(d, 2, at: 8)
        o[10] = UInt8(ascii: "T"); put(rest / 3600, 2, at: 11); o[13] = UInt8(ascii: ":"); put(rest / 60 % 60, 2, at: 14)
        o[16] = UInt8(ascii: ":"); put(rest % 60, 2, at: 17); o[19] = UInt8(ascii: ".")
        writeDigits(ticks % 10_000_000, width: 7, to: o + 20)
        o[27] = UInt8(ascii: "Z")
        out.count += 28
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

/// "00" to "99": two decimal digits at a time.
@usableFromInline let decimalPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

/// Writes `value` (below 10^width) as exactly `width` decimal digits at `p`, two at a time.
@inlinable @inline(__always)
public func writeDigits(_ value: UInt64, width: Int, to p: UnsafeMutablePointer<UInt8>) {
    let digits = decimalPairs.utf8Start
    var v = value, end = width
    while end >= 2 {
        let pair = Int(v % 100) &* 2
        v /= 100
        p[end &- 2] = digits[pair]
        p[end &- 1] = digits[pair &+ 1]
        end &-= 2
    }
    if end == 1 { p[0] = UInt8(truncatingIfNeeded: 48 &+ v % 10) }
}

/// The proleptic Gregorian date of a day number since 1970-01-01 (Howard Hinnant's algorithm):
/// the one calendar conversion of the project (EVTX has no dependencies; AuditLake uses it too).
public func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
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
    String(unsafeUninitializedCapacity: bytes.count * 2) { out in
        for (i, b) in bytes.enumerated() {
            out[2 * i] = hexDigit(b >> 4)
            out[2 * i + 1] = hexDigit(b & 15)
        }
        return bytes.count * 2
    }
}

/// The uppercase hexadecimal digit of `nibble` (0-15).
@inline(__always)
func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 48 + nibble : 55 + nibble }

/// The eight hexadecimal digits of `v`, most significant first, as a word to store little-endian
/// (each nibble spread to a byte, then 0-9 and A-F or a-f made of it without a table).
@inline(__always)
func hex8(_ v: UInt32, upper: Bool) -> UInt64 {
    var x = UInt64(v)
    x = (x | x << 16) & 0x0000_FFFF_0000_FFFF
    x = (x | x << 8) & 0x00FF_00FF_00FF_00FF
    x = (x | x << 4) & 0x0F0F_0F0F_0F0F_0F0F
    let letters = ((x &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
    x = x &+ 0x3030_3030_3030_3030 &+ letters &* (upper ? 7 : 39)
    return x.byteSwapped.littleEndian
}
