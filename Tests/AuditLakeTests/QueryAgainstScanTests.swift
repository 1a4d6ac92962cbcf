@testable import AuditLake
import Foundation
import JSONStream
import XCTest

/// Every filter and combination of `query` against a brute-force scan of the lake's NDJSON:
/// the same events, in the same order, byte for byte.
final class QueryAgainstScanTests: XCTestCase {
    /// One event as the scan sees it.
    struct Scanned {
        var line: String
        var time: Int64
        var id: String
        var dataset: String
        var action: String?
        var categories: [String]
        var outcome: String?
        var userKeys: Set<String>
        var ip: IPAddress?
        var code: String?
    }

    nonisolated(unsafe) static var lake: URL?
    nonisolated(unsafe) static var scanned: [Scanned] = []

    /// Builds one lake for all tests: the samples plus 3,000 generated records.
    override class func setUp() {
        super.setUp()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("auditlake-query-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try! Data(generatedRecords()).write(to: folder.appendingPathComponent("generated.ndjson"))
        let lake = folder.appendingPathComponent("lake")
        let writer = try! LakeWriter(lake: lake.path, startedAt: "t")
        let counts = try! EventPipeline(options: PipelineOptions())
            .run(inputs: [packageRoot.appendingPathComponent("samples/m365/input").path, folder.appendingPathComponent("generated.ndjson").path], into: writer)
        _ = try! writer.commit(counts: counts, finishedAt: "t")
        self.lake = lake
        scanned = scan(lake)
    }

    override class func tearDown() {
        if let lake { try? FileManager.default.removeItem(at: lake.deletingLastPathComponent()) }
        super.tearDown()
    }

    /// Deterministic M365 records: 20 users (UPNs and GUIDs), v4/v6 addresses, 5 days, shared times.
    static func generatedRecords() -> [UInt8] {
        var random = XorShift(0x9E3779B97F4A7C15)
        let users = (0..<16).map { "User\($0)@Contoso.com" } + ["3f2504e0-4f89-41d3-9a0c-0305e82c3301", "S-1-5-21-1-2-3-1001", "app@sharepoint", "svc-backup@fabrikam.example"]
        let ips = ["192.0.2.1", "192.0.2.77:4411", "198.51.100.9", "203.0.113.200", "10.1.2.3", "[2001:db8::5]:443", "2001:db8:1::9", "::ffff:198.51.100.10", "garbage", ""]
        let kinds: [(String, String, Int, [String])] = [
            ("Exchange", "New-InboxRule", 1, ["True", "False"]), ("Exchange", "MailItemsAccessed", 50, ["Succeeded"]),
            ("SharePoint", "FileDownloaded", 6, []), ("OneDrive", "FileDeleted", 6, []), ("SharePoint", "SharingSet", 14, []),
            ("AzureActiveDirectory", "UserLoggedIn", 15, ["Success"]), ("AzureActiveDirectory", "UserLoginFailed", 15, ["Success"]),
            ("AzureActiveDirectory", "Add member to group.", 8, ["Success", "Failure"]), ("MicrosoftTeams", "TeamCreated", 25, []),
        ]
        var out: [UInt8] = []
        for i in 0..<3000 {
            let kind = kinds[random.next(kinds.count)]
            let second = 1_795_000_000 + random.next(5 * 86400) / 7 * 7  // collisions on purpose
            let t = Timestamp(nanoseconds: Int64(second) * 1_000_000_000).rfc3339.replacingOccurrences(of: ".000Z", with: "")
            var w = JSONWriter()
            w.beginObject()
            w.key("CreationTime"); w.string(t)
            w.key("Id"); w.string(String(format: "d%07x-0000-4000-8000-%012x", i, random.next(1 << 30)))
            w.key("Operation"); w.string(kind.1)
            w.key("Workload"); w.string(kind.0)
            w.key("RecordType"); w.number(kind.2)
            if !kind.3.isEmpty { w.key("ResultStatus"); w.string(kind.3[random.next(kind.3.count)]) }
            w.key("UserId"); w.string(users[random.next(users.count)])
            w.key("ClientIP"); w.string(ips[random.next(ips.count)])
            if kind.2 == 15 && random.next(3) == 0 { w.key("ErrorNumber"); w.string("50126") }
            w.endObject()
            out += w.bytes + [0x0A]
        }
        return out
    }

    /// Every event in the lake's part files.
    static func scan(_ lake: URL) -> [Scanned] {
        var out: [Scanned] = []
        let enumerator = FileManager.default.enumerator(atPath: lake.path)!
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".ndjson.gz"), relative.hasPrefix("dataset=") else { continue }
            let opened = try! InputOpener.open(lake.appendingPathComponent(relative).path)
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = try! chunk.withUnsafeMutableBytes { try opened.source.read(into: $0) }
                if n == 0 { break }
                bytes += chunk[0..<n]
            }
            for line in bytes.split(separator: 0x0A) {
                let e = try! JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
                let event = e["event"] as! [String: Any]
                let user = e["user"] as? [String: Any] ?? [:]
                let keys = Set(["name", "id", "email"].compactMap { (user[$0] as? String)?.lowercased() })
                out.append(Scanned(
                    line: String(decoding: line, as: UTF8.self),
                    time: Timestamp.parse(e["@timestamp"] as! String)!.microseconds, id: event["id"] as! String,
                    dataset: event["dataset"] as! String, action: event["action"] as? String,
                    categories: event["category"] as? [String] ?? [], outcome: event["outcome"] as? String,
                    userKeys: keys, ip: ((e["source"] as? [String: Any])?["ip"] as? String).flatMap(IPAddress.init),
                    code: event["code"] as? String))
            }
        }
        return out
    }

    private func query(_ filter: QueryFilter, reverse: Bool = false, limit: Int? = nil) throws -> [String] {
        let q = try LakeQuery(lake: Self.lake!.path)
        var lines: [String] = []
        try q.events(filter, fields: ["time"], reverse: reverse, limit: limit) { row in
            lines.append(String(decoding: try q.record(row), as: UTF8.self))
        }
        return lines
    }

    private func expected(_ keep: (Scanned) -> Bool, reverse: Bool = false, limit: Int? = nil) -> [String] {
        var matches = Self.scanned.filter(keep).sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        if reverse { matches.reverse() }
        if let limit { matches = Array(matches.prefix(limit)) }
        return matches.map(\.line)
    }

    private func inRange(_ ip: IPAddress?, _ range: IPRange) -> Bool {
        guard let key = ip?.key else { return false }
        return key.lexicographicallyPrecedes(range.low) == false && range.high.lexicographicallyPrecedes(key) == false
    }

    func testEveryFilterAgainstTheScan() throws {
        XCTAssertEqual(Self.scanned.count, 3015)
        let t0 = Timestamp.parse("2026-11-19T00:00:00Z")!, t1 = Timestamp.parse("2026-11-20T12:30:00Z")!
        let v4 = IPRange("192.0.2.0/24")!, v6 = IPRange("2001:db8::/32")!, one = IPRange("198.51.100.10")!, wide = IPRange("0.0.0.0/0")!
        var cases: [(String, QueryFilter, (Scanned) -> Bool)] = []
        func add(_ name: String, _ build: (inout QueryFilter) -> Void, _ keep: @escaping (Scanned) -> Bool) {
            var f = QueryFilter()
            build(&f)
            cases.append((name, f, keep))
        }
        add("none", { _ in }) { _ in true }
        add("since", { $0.since = t0 }) { $0.time >= t0.microseconds }
        add("until", { $0.until = t1 }) { $0.time < t1.microseconds }
        add("range", { $0.since = t0; $0.until = t1 }) { $0.time >= t0.microseconds && $0.time < t1.microseconds }
        add("dataset", { $0.datasets = ["m365.azuread"] }) { $0.dataset == "m365.azuread" }
        add("datasets", { $0.datasets = ["m365.exchange", "m365.other"] }) { ["m365.exchange", "m365.other"].contains($0.dataset) }
        add("action", { $0.action = "UserLoginFailed" }) { $0.action == "UserLoginFailed" }
        add("action glob", { $0.action = "File*" }) { $0.action?.hasPrefix("File") == true }
        add("action glob inside", { $0.action = "*Log*" }) { $0.action?.contains("Log") == true }
        add("user by email, any case", { $0.user = "USER3@contoso.COM" }) { $0.userKeys.contains("user3@contoso.com") }
        add("user by name", { $0.user = "user7" }) { $0.userKeys.contains("user7") }
        add("user by id", { $0.user = "3F2504E0-4F89-41D3-9A0C-0305E82C3301" }) { $0.userKeys.contains("3f2504e0-4f89-41d3-9a0c-0305e82c3301") }
        add("ip", { $0.ip = IPRange("192.0.2.77") }) { $0.ip?.description == "192.0.2.77" }
        add("ip v4 cidr", { $0.ip = v4 }) { self.inRange($0.ip, v4) }
        add("ip v6 cidr", { $0.ip = v6 }) { self.inRange($0.ip, v6) }
        add("ip mapped", { $0.ip = one }) { $0.ip?.description == "198.51.100.10" }
        add("ip all v4", { $0.ip = wide }) { $0.ip?.isIPv4 == true }
        add("outcome", { $0.outcome = "failure" }) { $0.outcome == "failure" }
        add("category", { $0.category = "iam" }) { $0.categories.contains("iam") }
        add("code", { $0.code = "AzureActiveDirectoryStsLogon" }) { $0.code == "AzureActiveDirectoryStsLogon" }
        add("host (none set)", { $0.host = "x" }) { _ in false }
        add("user + since", { $0.user = "user1@contoso.com"; $0.since = t0 }) { $0.userKeys.contains("user1@contoso.com") && $0.time >= t0.microseconds }
        add("dataset + outcome + ip", { $0.datasets = ["m365.azuread"]; $0.outcome = "failure"; $0.ip = v4 }) {
            $0.dataset == "m365.azuread" && $0.outcome == "failure" && self.inRange($0.ip, v4)
        }
        add("glob + until + category", { $0.action = "*e*"; $0.until = t1; $0.category = "file" }) {
            $0.action?.contains("e") == true && $0.time < t1.microseconds && $0.categories.contains("file")
        }
        add("where", { $0.whereSQL = "outcome = 'failure' AND dataset = 'm365.azuread'" }) { $0.outcome == "failure" && $0.dataset == "m365.azuread" }
        var nonEmpty = 0
        for (name, filter, keep) in cases {
            let want = expected(keep)
            if !want.isEmpty { nonEmpty += 1 }
            let got = try query(filter)
            XCTAssertEqual(got.count, want.count, name)
            XCTAssertTrue(got == want, "\(name): events or order differ")
        }
        XCTAssertEqual(nonEmpty, cases.count - 1, "every case but the host one should match something")
        // Reverse order and limits.
        XCTAssertEqual(try query(QueryFilter(), reverse: true, limit: 25), expected({ _ in true }, reverse: true, limit: 25))
        var f = QueryFilter()
        f.user = "user2"
        XCTAssertEqual(try query(f, limit: 3), expected({ $0.userKeys.contains("user2") }, limit: 3))
    }

    func testCountByMatchesTheScan() throws {
        let q = try LakeQuery(lake: Self.lake!.path)
        var f = QueryFilter()
        f.outcome = "failure"
        let result = try q.count(by: ["dataset"], f, limit: nil)
        var counts: [String: Int] = [:]
        for e in Self.scanned where e.outcome == "failure" { counts[e.dataset, default: 0] += 1 }
        XCTAssertEqual(result.columns, ["dataset", "count"])
        XCTAssertEqual(result.rows.map { $0[0]! }.count, counts.count)
        for row in result.rows { XCTAssertEqual(Int(row[1]!), counts[row[0]!]) }
        XCTAssertEqual(result.rows.map { Int($0[1]!)! }, result.rows.map { Int($0[1]!)! }.sorted(by: >))
    }

    /// The binary: formats, exit statuses and one-line errors.
    func testCommandLine() throws {
        let lake = Self.lake!.path
        let ndjson = try runAuditLake(["query", lake, "--user", "user5", "--format", "ndjson"])
        XCTAssertEqual(ndjson.status, 0, ndjson.stderr)
        XCTAssertEqual(ndjson.stdout, expected({ $0.userKeys.contains("user5") }).map { $0 + "\n" }.joined())
        let json = try runAuditLake(["query", lake, "--user", "user5", "--format", "json", "--limit", "2"])
        let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(array.count, 2)
        let csv = try runAuditLake(["query", lake, "--action", "TeamCreated", "--fields", "action,dataset", "--format", "csv", "--limit", "2"])
        XCTAssertEqual(csv.stdout, "action,dataset\r\nTeamCreated,m365.other\r\nTeamCreated,m365.other\r\n")
        let none = try runAuditLake(["query", lake, "--user", "nobody"])
        XCTAssertEqual([none.status], [0])
        XCTAssertEqual(none.stdout + none.stderr, "")
        let count = try runAuditLake(["query", lake, "--count-by", "dataset", "--format", "csv"])
        XCTAssertTrue(count.stdout.hasPrefix("dataset,count\r\n"), count.stdout)
        let sql = try runAuditLake(["query", lake, "--sql", "SELECT COUNT(*) AS n FROM events", "--format", "csv"])
        XCTAssertEqual(sql.stdout, "n\r\n3015\r\n")
        for (args, message) in [
            (["--sql", "DELETE FROM events"], "auditlake query: --sql runs read-only statements; this one would change the index\n"),
            (["--since", "last tuesday"], "auditlake: --since last tuesday: not a date (2026-11-01), a UTC time (2026-11-01T08:00:00Z) or a duration (24h, 7d)\n"),
            (["--ip", "10.0.0.0/40"], "auditlake: --ip 10.0.0.0/40: not an IP address or CIDR range\n"),
            (["--fields", "time,colour"], "auditlake: unknown field 'colour'; fields are time, dataset, action, category, outcome, account, user, user_name, user_id, target_user, target_user_name, source_ip, host, code, event_id\n"),
            (["--where", "nonsense ((("], "auditlake query: bad query: near \")\": syntax error\n"),
        ] {
            let r = try runAuditLake(["query", lake] + args)
            XCTAssertEqual(r.status, 2, args.joined(separator: " "))
            XCTAssertEqual(r.stderr, message)
            XCTAssertEqual(r.stdout, "")
        }
        let missing = try runAuditLake(["query", lake + "/nothing-here"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "auditlake query: no lake at \(lake)/nothing-here: \(lake)/nothing-here/index.sqlite not found (create one with auditlake ingest)\n")
        let stats = try runAuditLake(["stats", lake, "--format", "json"])
        XCTAssertEqual(stats.status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(((object["events"] as! [[String: Any]])[0]["events"] as? Int), 3015)
        XCTAssertEqual(Set(object.keys), ["events", "per_dataset", "per_day", "top_actions", "top_users", "top_source_IPs", "last_runs"])
    }

    func testTimeBounds() {
        let now = Timestamp.parse("2026-11-23T12:00:00Z")!
        XCTAssertEqual(TimeBound.parse("24h", now: now)?.rfc3339, "2026-11-22T12:00:00.000Z")
        XCTAssertEqual(TimeBound.parse("7d", now: now)?.rfc3339, "2026-11-16T12:00:00.000Z")
        XCTAssertEqual(TimeBound.parse("30m", now: now)?.rfc3339, "2026-11-23T11:30:00.000Z")
        XCTAssertEqual(TimeBound.parse("2026-11-01", now: now)?.rfc3339, "2026-11-01T00:00:00.000Z")
        XCTAssertEqual(TimeBound.parse("2026-11-01T08:00:00+01:00", now: now)?.rfc3339, "2026-11-01T07:00:00.000Z")
        XCTAssertNil(TimeBound.parse("7y", now: now))
        XCTAssertNil(TimeBound.parse("2026-13-01", now: now))
        XCTAssertNil(IPRange("1.2.3.4/33"))
        XCTAssertEqual(IPRange("10.0.0.0/8")?.low.suffix(4), [10, 0, 0, 0])
        XCTAssertEqual(IPRange("10.0.0.0/8")?.high.suffix(4), [10, 255, 255, 255])
    }

    /// `--user NAME` finds an account by its name in every source: syslog and Windows accounts
    /// have no UPN, only `user.name` (and a SID as `user.id`). Checked against `convert` of the
    /// same samples: the same events, in the same order.
    func testUserByNameAcrossSources() throws {
        let lake = try makeTemporaryFolder(self).appendingPathComponent("lake").path
        let inputs = ["samples/m365/input", "samples/windows/input", "samples/syslog/input"]
        _ = try runAuditLake(["ingest"] + inputs + ["--out", lake, "--year", "2025"], in: packageRoot)
        let converted = try runAuditLake(["convert"] + inputs + ["--year", "2025"], in: packageRoot)
        func isAlice(_ line: Substring) -> Bool {
            let event = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let user = event["user"] as? [String: Any] ?? [:]
            return ["name", "id", "email"].contains { (user[$0] as? String)?.lowercased() == "alice" }
                || ((user["email"] as? String)?.lowercased().hasPrefix("alice@") ?? false)
        }
        let expected = converted.stdout.split(separator: "\n").filter(isAlice)
        let result = try runAuditLake(["query", lake, "--user", "ALICE", "--format", "ndjson"])
        let found = result.stdout.split(separator: "\n")
        XCTAssertEqual(Set(found.map { String($0) }), Set(expected.map { String($0) }), result.stderr)
        XCTAssertEqual(found.count, expected.count)
        let datasets = Set(found.compactMap { ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])
            .flatMap { ($0["event"] as? [String: Any])?["dataset"] as? String } })
        XCTAssertTrue(datasets.isSuperset(of: ["linux.auth", "windows.security", "m365.exchange"]), "\(datasets)")
        // The default `account` column names her in every source: the UPN, else the name (not a SID).
        let csv = try runAuditLake(["query", lake, "--user", "alice", "--format", "csv", "--fields", "dataset,account"])
        let rows = csv.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(rows.count, found.count)
        XCTAssertEqual(Set(rows.map { $0[1] }), ["alice", "alice@contoso.com"], csv.stdout)
        XCTAssertEqual(Set(rows.filter { $0[0] == "windows.security" }.map { $0[1] }), ["alice"])
    }

    /// `--related-user NAME` finds every event the account took part in: as the acting account
    /// or as the one logged on or acted on (a Windows logon whose acting account is `HOST$`, a
    /// Kerberos failure, an RDP session). Checked against `convert` of the same samples.
    func testRelatedUserAcrossSources() throws {
        let lake = try makeTemporaryFolder(self).appendingPathComponent("lake").path
        let inputs = ["samples/m365/input", "samples/windows/input", "samples/syslog/input"]
        _ = try runAuditLake(["ingest"] + inputs + ["--out", lake, "--year", "2025"], in: packageRoot)
        let converted = try runAuditLake(["convert"] + inputs + ["--year", "2025"], in: packageRoot)
        func names(_ user: [String: Any]?) -> Bool {
            guard let user else { return false }
            return ["name", "id", "email"].contains { (user[$0] as? String)?.lowercased() == "alice" }
                || ((user["email"] as? String)?.lowercased().hasPrefix("alice@") ?? false)
        }
        func involvesAlice(_ line: Substring) -> Bool {
            let event = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let user = event["user"] as? [String: Any]
            return names(user) || names(user?["target"] as? [String: Any])
        }
        let expected = converted.stdout.split(separator: "\n").filter(involvesAlice)
        let result = try runAuditLake(["query", lake, "--related-user", "Alice", "--format", "ndjson"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let found = result.stdout.split(separator: "\n")
        XCTAssertEqual(Set(found.map { String($0) }), Set(expected.map { String($0) }), result.stderr)
        XCTAssertEqual(found.count, expected.count)
        // More than --user finds: her logons, Kerberos failures and RDP sessions are hers as target.
        let acting = try runAuditLake(["query", lake, "--user", "alice", "--format", "ndjson"]).stdout.split(separator: "\n")
        XCTAssertTrue(Set(acting).isSubset(of: Set(found)))
        let codes = Set(found.compactMap { ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])
            .flatMap { ($0["event"] as? [String: Any])?["code"] as? String } })
        XCTAssertTrue(codes.isSuperset(of: ["4624", "4771", "1149", "21", "4778"]), "\(codes)")
        XCTAssertGreaterThan(found.count, acting.count + 8)
        // By related user, the default columns show the account acted on too.
        let table = try runAuditLake(["query", lake, "--related-user", "alice", "--format", "csv", "--code", "4624"])
        XCTAssertEqual(table.stdout.split(separator: "\r\n").first, "time,dataset,action,outcome,account,target_user_name,source_ip")
        XCTAssertTrue(table.stdout.contains(",windows.security,logged-in,success,ws-fin-042$,alice,10.20.30.41\r\n"), table.stdout)
        // The index column is there to name in --where and --fields.
        let csv = try runAuditLake(["query", lake, "--where", "target_user_name = 'alice'", "--format", "csv", "--fields", "code,target_user_name"])
        XCTAssertTrue(csv.stdout.hasPrefix("code,target_user_name\r\n"), csv.stdout)
        XCTAssertTrue(csv.stdout.contains("\r\n4624,alice\r\n"), csv.stdout)
    }

    /// A lake an older auditlake wrote (index version 1, no target account names): a query by
    /// related user says what to do; the next ingest upgrades the index, and the query then
    /// says which runs it sees only by their acting account.
    func testIndexVersionOneIsUpgraded() throws {
        let lake = try makeTemporaryFolder(self).appendingPathComponent("lake").path
        _ = try runAuditLake(["ingest", "samples/windows/input", "--out", lake], in: packageRoot)
        let byActingAccount = try runAuditLake(["query", lake, "--user", "alice", "--format", "ndjson"]).stdout
        XCTAssertGreaterThan(byActingAccount.split(separator: "\n").count, 3)
        do {
            // Back to version 1, as the previous release made it.
            let db = try SQLiteConnection(path: lake + "/index.sqlite")
            try db.execute("""
                DROP INDEX events_target_user_name; DROP INDEX events_target_user; ALTER TABLE events DROP COLUMN target_user_name;
                DROP TABLE upgrades; PRAGMA user_version = 1;
                """)
        }
        let refused = try runAuditLake(["query", lake, "--related-user", "alice"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertEqual(refused.stderr, "auditlake query: this lake's index predates --related-user: run auditlake ingest into it once (new inputs or none) to upgrade it\n")
        XCTAssertEqual(try runAuditLake(["query", lake, "--user", "alice", "--format", "ndjson"]).stdout, byActingAccount)
        // The next run upgrades the index; the old run's events keep NULL target names.
        let ingest = try runAuditLake(["ingest", "samples/syslog/input", "--out", lake, "--year", "2025"], in: packageRoot)
        XCTAssertEqual(ingest.status, 1, ingest.stderr)  // the syslog sample has a reject on purpose
        let db = try SQLiteConnection(path: lake + "/index.sqlite", readOnly: true)
        let version = try db.prepare("PRAGMA user_version")
        XCTAssertTrue(try version.step())
        XCTAssertEqual(version.int64(at: 0), 2)
        let upgrade = try db.prepare("SELECT version, first_run FROM upgrades")
        XCTAssertTrue(try upgrade.step())
        XCTAssertEqual([upgrade.int64(at: 0), upgrade.int64(at: 1)], [2, 2])
        let answered = try runAuditLake(["query", lake, "--related-user", "alice", "--format", "ndjson"])
        XCTAssertEqual(answered.status, 0, answered.stderr)
        XCTAssertEqual(answered.stderr, "auditlake query: note: runs 1 to 1 were indexed before target accounts were: their events match --related-user only by their acting account\n")
        // Run 1's Windows events match by acting account only; run 2's syslog ones by either.
        let found = answered.stdout.split(separator: "\n")
        XCTAssertTrue(found.allSatisfy { !$0.contains("\"code\":\"4624\"") })
        XCTAssertTrue(Set(byActingAccount.split(separator: "\n")).isSubset(of: Set(found)))
    }
}
