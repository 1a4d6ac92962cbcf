import Foundation

/// Turns header times into UTC instants: the zone from the line, else `--timezone` (an offset or
/// an IANA name), else UTC; the year from the line, else `--year`, else the file's modification
/// time — never today's clock.
///
/// Without a year the latest year is taken that does not put the line after the file was last
/// written (so December lines in a file written in January belong to the year before, and the
/// new-year boundary inside a file needs no look-ahead): never a time in the future of the file.
/// Lines of a host whose clock is ahead of UTC need `--timezone` for that to hold.
public struct SyslogClock: Sendable {
    /// How local times become UTC.
    public enum Zone: Sendable {
        /// UTC (nothing said).
        case utc
        /// A fixed offset in seconds east of UTC.
        case offset(Int)
        /// An IANA zone (daylight saving followed).
        case named(TimeZone)
    }

    /// The year to give lines without one (`--year`).
    public var year: Int?
    /// The zone of lines without an offset (`--timezone`).
    public var zone: Zone = .utc
    /// The input's modification time.
    public var fileTime: Timestamp?

    /// A clock; everything unset means UTC and no year source.
    public init(year: Int? = nil, zone: Zone = .utc, fileTime: Timestamp? = nil) {
        self.year = year
        self.zone = zone
        self.fileTime = fileTime
    }

    /// Parses `--timezone`: `+02:00`, `-0500`, `Z`, `UTC` or an IANA name; nil when unknown.
    public static func zone(_ text: String) -> Zone? {
        if text == "Z" || text == "UTC" || text == "utc" { return .utc }
        var t = SyslogTime(year: nil, month: 1, day: 1, hour: 0, minute: 0, second: 0)
        var c = Cursor(bytes: Array(text.utf8)[...])
        c.offset(&t)
        if let offset = t.offsetSeconds, c.peek == nil { return .offset(offset) }
        return TimeZone(identifier: text).map { .named($0) }
    }

    /// How a line's year was found: given with `--year`, or inferred from the file's mtime.
    public struct YearNote: Equatable, Sendable, CustomStringConvertible {
        /// The year.
        public var year: Int
        /// True for `--year`.
        public var given: Bool
        /// The text written to `log.syslog.inferred_year`.
        public var description: String {
            "\(year) " + (given ? "(given with --year)" : "(inferred from the file's modification time)")
        }
    }

    /// The UTC instant of `t`, and how its year was found (nil when the line had one); nil when
    /// the line has no year and there is no source for one, or the time is outside 1678-2262.
    func resolve(_ t: SyslogTime) -> (time: Timestamp, yearNote: YearNote?)? {
        func instant(_ year: Int) -> Timestamp? {
            let local = Int64(daysFromCivil(year, t.month, min(t.day, daysInMonth(year, t.month)))) * 86400
                + Int64(t.hour * 3600 + t.minute * 60 + t.second)
            let offset: Int
            if let given = t.offsetSeconds {
                offset = given
            } else {
                switch zone {
                case .utc: offset = 0
                case .offset(let seconds): offset = seconds
                case .named(let tz): offset = tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local)))
                }
            }
            return Timestamp(local - Int64(offset), unit: 1_000_000_000, plus: t.nanos)
        }
        if let year = t.year { return instant(year).map { ($0, nil) } }
        if let year { return instant(year).map { ($0, YearNote(year: year, given: true)) } }
        guard let fileTime else { return nil }
        let fileYear = fileTime.date.year
        for year in [fileYear + 1, fileYear, fileYear - 1] {
            guard let candidate = instant(year) else { continue }
            if candidate.nanoseconds <= fileTime.nanoseconds {
                return (candidate, YearNote(year: year, given: false))
            }
        }
        return instant(fileYear - 2).map { ($0, YearNote(year: fileYear - 2, given: false)) }
    }

    /// True when a line without a year can be given one (`--year` or a file time).
    var hasYearSource: Bool { year != nil || fileTime != nil }
}
