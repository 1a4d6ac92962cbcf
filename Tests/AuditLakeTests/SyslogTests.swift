@testable import AuditLake
import Foundation
import XCTest

/// Syslog and auth logs: golden samples, header forms, year and zone rules, framing at every split.
final class SyslogTests: XCTestCase {
    func testConvertMatchesGoldenAndSchema() throws {
        let golden = try assertConvertMatchesGolden("syslog", arguments: ["--year", "2025"],
                                                    summary: "records read 40 = events written 39 + duplicates skipped 0 + rejected 1")
        try assertValidEvents(golden)
    }

    /// A header with the text of its parts.
    private struct Parsed {
        let h: SyslogHeader
        let line: ArraySlice<UInt8>
        var time: SyslogTime? { h.time }
        var priority: Int? { h.priority }
        func text(_ r: Range<Int>?) -> String? { r.map { SyslogHeader.string(line[$0]) } }
        var hostname: String? { text(h.hostRange) }
        var program: String? { text(h.programRange) }
        var pid: String? { text(h.pidRange) }
        var message: String { text(h.messageRange)! }
    }

    private func header(_ text: String) -> Parsed? {
        let line = Array(text.utf8)[...]
        return SyslogHeader.parse(line).map { Parsed(h: $0, line: line) }
    }

    func testHeaderForms() {
        let bsd = header("Feb  3 04:05:06 host sshd[12]: hello")!
        XCTAssertEqual(bsd.time, SyslogTime(year: nil, month: 2, day: 3, hour: 4, minute: 5, second: 6))
        XCTAssertEqual([bsd.hostname, bsd.program, bsd.pid, bsd.message], ["host", "sshd", "12", "hello"])
        let withYear = header("Mar 26 2024 16:32:30-04:00 ip-10 sshd[1]: x")!
        XCTAssertEqual(withYear.time, SyslogTime(year: 2024, month: 3, day: 26, hour: 16, minute: 32, second: 30, offsetSeconds: -14400))
        let iso = header("2025-01-02T03:04:05.123456+01:00 h app: msg")!
        XCTAssertEqual(iso.time?.nanos, 123_456_000)
        XCTAssertEqual(iso.time?.offsetSeconds, 3600)
        let noHost = header("Feb 13 10:00:00 kernel: boot")!
        XCTAssertNil(noHost.hostname)
        XCTAssertEqual(noHost.program, "kernel")
        let tagless = header("Feb 13 10:00:00 host just text here")!
        XCTAssertNil(tagless.program)
        XCTAssertEqual(tagless.message, "just text here")
        let postfix = header("<22>Jan  1 00:00:00 mx postfix/smtpd[99]: connect")!
        XCTAssertEqual([postfix.program, postfix.pid], ["postfix/smtpd", "99"])
        XCTAssertEqual(postfix.priority, 22)
        let nil5424 = header("<14>1 - - - - - - only a message")!
        XCTAssertNil(nil5424.time)
        XCTAssertEqual(nil5424.message, "only a message")
        XCTAssertNil(header("<999>Feb  3 04:05:06 host x: y")?.priority)
        for bad in ["", "hello", "Foo  3 04:05:06 h a: b", "Feb 31x", "2025-13-01T00:00:00Z h a: b", "Feb  3 25:00:00 h a: b"] {
            XCTAssertNil(header(bad), bad)
        }
    }

    /// The year: from the line, else --year, else the latest year not after the file time.
    func testYearInference() {
        let mtime = Timestamp.parse("2026-01-02T10:00:00Z")!
        let clock = SyslogClock(year: nil, zone: .utc, fileTime: mtime)
        func at(_ month: Int, _ day: Int, _ hour: Int = 12) -> String? {
            clock.resolve(SyslogTime(year: nil, month: month, day: day, hour: hour, minute: 0, second: 0))?.time.rfc3339
        }
        XCTAssertEqual(at(12, 31), "2025-12-31T12:00:00.000Z")   // December lines in a January file: the year before
        XCTAssertEqual(at(1, 2, 9), "2026-01-02T09:00:00.000Z")
        XCTAssertEqual(at(1, 2, 11), "2025-01-02T11:00:00.000Z")  // never after the file was written
        XCTAssertEqual(clock.resolve(SyslogTime(year: nil, month: 12, day: 31, hour: 0, minute: 0, second: 0))?.yearNote?.description,
                       "2025 (inferred from the file's modification time)")
        // A zone ahead of UTC moves the boundary: 09:00 in UTC+2 is 07:00Z, before the file time.
        let east = SyslogClock(zone: .offset(7200), fileTime: mtime)
        XCTAssertEqual(east.resolve(SyslogTime(year: nil, month: 1, day: 2, hour: 11, minute: 30, second: 0))?.time.rfc3339, "2026-01-02T09:30:00.000Z")
        XCTAssertEqual(SyslogClock(year: 2019).resolve(SyslogTime(year: nil, month: 2, day: 29, hour: 0, minute: 0, second: 0))?.time.rfc3339,
                       "2019-02-28T00:00:00.000Z")
        XCTAssertNil(SyslogClock().resolve(SyslogTime(year: nil, month: 1, day: 1, hour: 0, minute: 0, second: 0)))
        XCTAssertEqual(SyslogClock().resolve(SyslogTime(year: 2020, month: 1, day: 1, hour: 0, minute: 0, second: 0, offsetSeconds: 3600))?.time.rfc3339,
                       "2019-12-31T23:00:00.000Z")
    }

    func testTimezones() {
        let t = SyslogTime(year: 2025, month: 7, day: 1, hour: 12, minute: 0, second: 0)
        XCTAssertEqual(SyslogClock(zone: SyslogClock.zone("+05:30")!).resolve(t)?.time.rfc3339, "2025-07-01T06:30:00.000Z")
        XCTAssertEqual(SyslogClock(zone: SyslogClock.zone("Europe/Berlin")!).resolve(t)?.time.rfc3339, "2025-07-01T10:00:00.000Z")
        let winter = SyslogTime(year: 2025, month: 1, day: 15, hour: 12, minute: 0, second: 0)
        XCTAssertEqual(SyslogClock(zone: SyslogClock.zone("Europe/Berlin")!).resolve(winter)?.time.rfc3339, "2025-01-15T11:00:00.000Z")
        XCTAssertNil(SyslogClock.zone("Mars/Olympus"))
    }

    /// Lines framed the same whatever the chunking.
    func testLineFramingAtEverySplit() throws {
        let bytes = Array(try Data(contentsOf: packageRoot.appendingPathComponent("samples/syslog/input/secure"))) + Array("\n\nlast line without break".utf8)
        func frame(_ cuts: [Int]) -> [String] {
            let framer = LineFramer()
            var out: [String] = []
            let body: (ArraySlice<UInt8>, Int, Int) -> Void = { out.append("\($1) \($2) " + String(decoding: $0, as: UTF8.self)) }
            for (a, b) in zip(cuts, cuts.dropFirst()) { bytes[a..<b].withUnsafeBytes { framer.append($0, body) } }
            framer.finish(body)
            return out
        }
        let whole = frame([0, bytes.count])
        XCTAssertEqual(whole.count, 3)
        XCTAssertEqual(whole.last, "204 5 last line without break")
        for k in 0...bytes.count { XCTAssertEqual(frame([0, k, bytes.count]), whole, "split at \(k)") }
        XCTAssertEqual(frame(Array(0...bytes.count)), whole)
    }

    /// The year comes from the file's modification time; standard input needs --year.
    func testYearFromModificationTimeAndStdin() throws {
        let folder = try makeTemporaryFolder(self)
        let path = try write(Array("Dec 31 23:59:59 h sshd[1]: Invalid user x from 192.0.2.1 port 22\nJan  1 00:00:01 h sshd[1]: Invalid user y from 192.0.2.1 port 22\n".utf8), "auth.log", in: folder)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_767_225_700)], ofItemAtPath: path)  // 2026-01-01T00:01:40Z
        let result = try runAuditLake(["convert", path, "--timezone", "UTC"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let times = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }.map { $0["@timestamp"] as! String }
        XCTAssertEqual(times, ["2025-12-31T23:59:59.000Z", "2026-01-01T00:00:01.000Z"])
        let piped = try runAuditLake(["convert", "-"], stdin: Array("Dec 31 23:59:59 h app: x\n".utf8))
        XCTAssertEqual(piped.status, 1)
        XCTAssertTrue(piped.stderr.contains("reject: -:1 (byte 0): the line has no year and the input no modification time (standard input?): pass --year"), piped.stderr)
        let bad = try runAuditLake(["convert", "-", "--timezone", "Nowhere/Land"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr, "auditlake: --timezone Nowhere/Land: not an IANA zone name (Europe/Berlin) or an offset (+02:00)\n")
    }

    func testInspectCountsLinesAndFailures() throws {
        let result = try runAuditLake(["inspect", "samples/syslog/input/relay-5424.log", "samples/syslog/input/secure"], in: packageRoot)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, """
            samples/syslog/input/relay-5424.log: syslog, 5 records, 1 failed; first error: line 5 (byte 483): not a syslog line
            samples/syslog/input/secure: syslog, 2 records

            """)
    }

    /// Times past what 64-bit nanoseconds hold are rejects with the reason, never an overflow trap.
    func testTimesOutOfRangeAreRejects() throws {
        let lines = "Jan  1 00:00:00 h sshd[1]: x\n2300-01-01T00:00:00Z h sshd[1]: y\n"
            + "{\"__REALTIME_TIMESTAMP\":\"9999999999999999\",\"MESSAGE\":\"z\"}\n"
        let result = try runAuditLake(["convert", "-", "--year", "2025"], stdin: Array(lines.utf8))
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("reject: -:2 (byte 29): the time is outside the years 1678-2262"), result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 1)
        let journal = try runAuditLake(["convert", "-"], stdin: Array("{\"__REALTIME_TIMESTAMP\":\"9999999999999999\",\"MESSAGE\":\"z\"}\n".utf8))
        XCTAssertTrue(journal.stderr.contains("reject: -:1 (byte 0): journal time 9999999999999999 µs is outside the years 1678-2262"), journal.stderr)
    }
}
