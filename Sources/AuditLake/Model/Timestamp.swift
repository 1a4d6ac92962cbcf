import EVTX

// UTC timestamps as nanoseconds since 1970-01-01T00:00:00Z, parsed from RFC 3339-like text and
// printed as `YYYY-MM-DDTHH:MM:SS.fffZ` (more fraction digits, in groups of three, when the
// source had them: fractional seconds are kept).

/// A UTC instant with nanosecond precision.
public struct Timestamp: Comparable, Hashable, Sendable {
    /// Nanoseconds since the Unix epoch.
    public var nanoseconds: Int64

    /// The instant `nanoseconds` after the epoch.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The instant `count` units of `unit` nanoseconds (plus `nanos`) after the epoch; nil when it
    /// is outside what 64-bit nanoseconds hold (1678-2262): source values are never trusted.
    public init?(_ count: Int64, unit: Int64, plus nanos: Int64 = 0) {
        let (scaled, overflow) = count.multipliedReportingOverflow(by: unit)
        let (total, overflow2) = scaled.addingReportingOverflow(nanos)
        guard !overflow, !overflow2 else { return nil }
        nanoseconds = total
    }

    /// Microseconds since the epoch (the index's time column).
    public var microseconds: Int64 { nanoseconds >= 0 ? nanoseconds / 1000 : (nanoseconds - 999) / 1000 }

    /// Days since the epoch of this instant's UTC date.
    public var epochDay: Int { Int(floorDiv(nanoseconds, 86_400_000_000_000)) }

    /// This instant's UTC date.
    public var date: (year: Int, month: Int, day: Int) { civilFromDays(epochDay) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Parses `YYYY-MM-DD[T ]hh:mm:ss[.f...][Z|±hh:mm|±hhmm]`; no zone means UTC.
    public static func parse(_ text: UnsafeRawBufferPointer) -> Timestamp? {
        let n = text.count
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= n else { return nil }
            var v = 0
            for i in at..<(at + count) {
                let d = Int(text[i]) - 48
                guard d >= 0 && d < 10 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard n >= 19, let year = digits(0, 4), text[4] == 0x2D, let month = digits(5, 2), text[7] == 0x2D,
              let day = digits(8, 2), text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: " ") || text[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), text[13] == 0x3A, let minute = digits(14, 2), text[16] == 0x3A,
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month), hour < 24, minute < 60, second <= 60 else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if i < n && text[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100_000_000
            let start = i
            while i < n, text[i] >= 48, text[i] <= 57 {
                nanos += Int64(text[i] - 48) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        var offsetSeconds = 0
        if i < n {
            let c = text[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                guard let oh = digits(i + 1, 2) else { return nil }
                var j = i + 3
                if j < n && text[j] == 0x3A { j += 1 }
                guard let om = digits(j, 2), oh < 24, om < 60 else { return nil }
                offsetSeconds = (oh * 3600 + om * 60) * (c == UInt8(ascii: "-") ? -1 : 1)
                i = j + 2
            }
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetSeconds)
        return Timestamp(seconds, unit: 1_000_000_000, plus: nanos)
    }

    /// Parses a Swift string (see `parse(_:)` for the forms).
    public static func parse(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// `YYYY-MM-DD` of the UTC date (the partition key).
    public var dateString: String {
        let (y, m, d) = date
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// RFC 3339 UTC text with milliseconds, or micro/nanoseconds when the instant has them.
    public var rfc3339: String { withRFC3339 { String(decoding: $0, as: UTF8.self) } }

    /// Calls `body` with `rfc3339`'s text, written digit by digit on the stack (the encoder's hot path).
    public func withRFC3339<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        let day = epochDay
        let inDay = nanoseconds - Int64(day) * 86_400_000_000_000
        let seconds = Int(inDay / 1_000_000_000)
        let fraction = Int(inDay % 1_000_000_000)
        let (y, m, d) = civilFromDays(day)
        // YYYY-MM-DDThh:mm:ss.fffffffffZ: at most 30 bytes (more for years past 9999, which are cut).
        var text: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &text) { p in
            var n = 0
            let out = p.baseAddress!.assumingMemoryBound(to: UInt8.self)
            func put(_ value: Int, _ width: Int) {
                writeDigits(UInt64(value), width: width, to: out + n)
                n += width
            }
            func sign(_ c: UInt8) { p[n] = c; n += 1 }
            put(y, 4); sign(0x2D); put(m, 2); sign(0x2D); put(d, 2); sign(0x54)
            put(seconds / 3600, 2); sign(0x3A); put(seconds / 60 % 60, 2); sign(0x3A); put(seconds % 60, 2); sign(0x2E)
            if fraction % 1_000_000 == 0 {
                put(fraction / 1_000_000, 3)
            } else if fraction % 1000 == 0 {
                put(fraction / 1000, 6)
            } else {
                put(fraction, 9)
            }
            sign(0x5A)
            return body(UnsafeRawBufferPointer(rebasing: p[0..<n]))
        }
    }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

func daysInMonth(_ y: Int, _ m: Int) -> Int {
    switch m {
    case 2: return isLeapYear(y) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}

#if canImport(Glibc)
import Glibc
#endif

extension Timestamp {
    /// The current wall-clock time (only for run bookkeeping, never for event data).
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// Seconds from `self` to `later`.
    public func seconds(to later: Timestamp) -> Double { Double(later.nanoseconds - nanoseconds) / 1e9 }
}
