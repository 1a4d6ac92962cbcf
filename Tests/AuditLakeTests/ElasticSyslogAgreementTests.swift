@testable import AuditLake
import Foundation
import XCTest

/// Agreement with Elastic's system integration (auth and syslog pipeline tests): fields both
/// produce must be equal, except the listed differences.
final class ElasticSyslogAgreementTests: XCTestCase {
    static let compared = ["user.name", "user.effective.name", "source.ip", "source.port", "host.hostname", "process.name",
                           "process.pid", "group.name", "group.id", "event.outcome", "message"]

    /// "line field" → why we differ on purpose.
    static let differences: [String: String] = [
        "10 user.name": "useradd: Elastic puts the created account in user.*; the account acted upon is user.target.* for us (user.target.name = apache)",
        "10 group.id": "useradd: Elastic copies GID into group.id; for a user creation we name the account, not its primary group",
    ]

    func testAuthLog() throws {
        guard let folder = sharedFixturesURL("elastic/system/auth") else { throw XCTSkip("../shared/fixtures/elastic/system/auth is missing: agreement not checked") }
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("test-auth.log-expected.json"))) as! [String: Any]
        let result = try runAuditLake(["convert", folder.appendingPathComponent("test-auth.log").path, "--year", "2025", "--timezone", "+00:00"])
        let ours = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let theirs = expected["expected"] as! [[String: Any]]
        XCTAssertEqual(ours.count, theirs.count, result.stderr)
        let compared = compare(ours, theirs, name: "auth")
        // Elastic fills the missing year with the current one (the pain this project avoids): compare the rest.
        for (o, t) in zip(ours, theirs) {
            guard let theirTime = t["@timestamp"] as? String else { continue }
            XCTAssertEqual(((o["@timestamp"] as? String) ?? "").dropFirst(4).prefix(15), theirTime.dropFirst(4).prefix(15))
        }
        print("Elastic auth agreement: \(compared) field values equal over \(ours.count) lines")
        XCTAssertGreaterThan(compared, 40)
    }

    func testTimezoneOffsets() throws {
        guard let folder = sharedFixturesURL("elastic/system/syslog") else { throw XCTSkip("../shared/fixtures/elastic/system/syslog is missing: agreement not checked") }
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("test-tz-offset.log-expected.json"))) as! [String: Any]
        let result = try runAuditLake(["convert", folder.appendingPathComponent("tz-offset.log").path, "--timezone=-02:00"])
        let ours = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let theirs = expected["expected"] as! [[String: Any]]
        XCTAssertEqual(ours.count, theirs.count, result.stderr)
        let compared = compare(ours, theirs, name: "tz-offset")
        for (o, t) in zip(ours, theirs) {
            let mine = Timestamp.parse(o["@timestamp"] as! String)!.microseconds / 1000
            let elastic = Timestamp.parse(t["@timestamp"] as! String)!.microseconds / 1000
            XCTAssertEqual(mine, elastic, "\(o["message"] ?? "")")
        }
        XCTAssertGreaterThan(compared, 5)
    }

    /// SUSE's RFC 3339 lines with microseconds and an offset: host, program, pid, message, and the
    /// instant (Elastic keeps milliseconds; we keep the microseconds the line has).
    func testSUSESyslog() throws {
        guard let folder = sharedFixturesURL("elastic/system/syslog") else { throw XCTSkip("../shared/fixtures/elastic/system/syslog is missing: agreement not checked") }
        let (ours, theirs) = try convert(folder, "suse-syslog.log", expected: "test-suse-syslog.log-expected.json")
        XCTAssertEqual(compare(ours, theirs, name: "suse"), 8)
        XCTAssertEqual(ours.map { $0["@timestamp"] as? String }, ["2018-08-14T12:30:02.203151Z", "2018-08-14T12:30:02.203251Z"])
        for (o, t) in zip(ours, theirs) {
            XCTAssertEqual(Timestamp.parse(o["@timestamp"] as! String)!.microseconds / 1000, Timestamp.parse(t["@timestamp"] as! String)!.microseconds / 1000)
        }
    }

    /// `--keep-original` keeps the line as read in `event.original`, as Elastic's
    /// `preserve_original_event` tag does.
    func testPreserveOriginal() throws {
        guard let folder = sharedFixturesURL("elastic/system/syslog") else { throw XCTSkip("../shared/fixtures/elastic/system/syslog is missing: agreement not checked") }
        let (ours, theirs) = try convert(folder, "test-preserve-event-original.log", expected: "test-preserve-event-original.log-expected.json",
                                         options: ["--keep-original"])
        XCTAssertEqual(compare(ours, theirs, name: "preserve"), 3)
        XCTAssertEqual(flattenJSON(ours[0])["event.original"], flattenJSON(theirs[0])["event.original"])
        XCTAssertEqual(ours[0]["@timestamp"] as? String, "2019-06-14T10:40:20.912134Z")
        // Elastic stops at the program; the pam_unix session line is an auth event for us.
        XCTAssertEqual(flattenJSON(ours[0])["event.action"], "session_opened")
        XCTAssertEqual(flattenJSON(ours[0])["user.effective.name"], "root")
    }

    /// Debian 11 journal entries as Filebeat's journald input writes them (the fixture wraps them
    /// in the test harness's `{"events": [...]}`; real documents come one per line).
    func testDebian11FilebeatJournald() throws {
        guard let folder = sharedFixturesURL("elastic/system/syslog") else { throw XCTSkip("../shared/fixtures/elastic/system/syslog is missing: agreement not checked") }
        let wrapped = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("test-syslog-debian11.json"))) as! [String: Any]
        let lines = try (wrapped["events"] as! [Any]).map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let dir = try makeTemporaryFolder(self)
        let input = dir.appendingPathComponent("debian11.ndjson")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("test-syslog-debian11.json-expected.json"))) as! [String: Any]
        let result = try runAuditLake(["convert", input.path])
        let ours = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let theirs = expected["expected"] as! [[String: Any]]
        XCTAssertEqual(ours.count, 2, result.stderr)
        XCTAssertEqual(compare(ours, theirs, name: "debian11"), 8)
        for (o, t) in zip(ours.map { flattenJSON($0) }, theirs.map { flattenJSON($0) }) {
            for field in ["@timestamp", "process.command_line", "log.syslog.priority", "log.syslog.facility.code"] {
                XCTAssertEqual(o[field], t[field], field)
            }
        }
    }

    private func convert(_ folder: URL, _ file: String, expected: String, options: [String] = []) throws -> ([[String: Any]], [[String: Any]]) {
        let expectedJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(expected))) as! [String: Any]
        let result = try runAuditLake(["convert", folder.appendingPathComponent(file).path] + options)
        let ours = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let theirs = expectedJSON["expected"] as! [[String: Any]]
        XCTAssertEqual(ours.count, theirs.count, result.stderr)
        return (ours, theirs)
    }

    private func compare(_ ours: [[String: Any]], _ theirs: [[String: Any]], name: String) -> Int {
        var compared = 0
        for (i, (o, t)) in zip(ours, theirs).enumerated() {
            let a = flattenJSON(o), b = flattenJSON(t)
            for field in Self.compared {
                guard let value = b[field], !value.isEmpty else { continue }
                if Self.differences["\(i + 1) \(field)"] != nil, name == "auth" { continue }
                compared += 1
                XCTAssertEqual(a[field], value, "\(name) line \(i + 1) \(field)")
            }
        }
        return compared
    }

}
