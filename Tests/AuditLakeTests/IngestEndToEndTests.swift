@testable import AuditLake
import Foundation
import XCTest

/// `auditlake ingest` run as a subprocess on the samples: counts, partitions, index, rejects.
final class IngestEndToEndTests: XCTestCase {
    let samples = packageRoot.appendingPathComponent("samples/m365/input").path

    /// All lines of all gzip part files under `lake`, by relative path.
    private func parts(_ lake: URL) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: lake.path)!
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".ndjson.gz"), relative.hasPrefix("dataset=") else { continue }
            let opened = try InputOpener.open(lake.appendingPathComponent(relative).path)
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = try chunk.withUnsafeMutableBytes { try opened.source.read(into: $0) }
                if n == 0 { break }
                bytes += chunk[0..<n]
            }
            out[relative] = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        return out
    }

    func testIngestSamples() throws {
        let lake = try makeTemporaryFolder(self).appendingPathComponent("lake")
        let result = try runAuditLake(["ingest", samples, "--out", lake.path])
        XCTAssertEqual(result.status, 1, result.stderr)  // the messy sample has 3 rejects
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("records read 20 = events written 15 + duplicates skipped 2 + rejected 3"), result.stderr)
        XCTAssertTrue(result.stderr.contains("committed as run 1"), result.stderr)

        // Partitions by dataset and UTC date; every event sits in the partition of its own date.
        let files = try parts(lake)
        XCTAssertEqual(files.keys.sorted(), [
            "dataset=m365.azuread/date=2026-11-21/part-000001-0001.ndjson.gz",
            "dataset=m365.azuread/date=2026-11-22/part-000001-0001.ndjson.gz",
            "dataset=m365.exchange/date=2026-11-20/part-000001-0001.ndjson.gz",
            "dataset=m365.exchange/date=2026-11-21/part-000001-0001.ndjson.gz",
            "dataset=m365.exchange/date=2026-11-22/part-000001-0001.ndjson.gz",
            "dataset=m365.other/date=2026-11-21/part-000001-0001.ndjson.gz",
            "dataset=m365.sharepoint/date=2026-11-21/part-000001-0001.ndjson.gz",
            "dataset=m365.sharepoint/date=2026-11-22/part-000001-0001.ndjson.gz",
        ])
        var all: [String] = []
        for (path, lines) in files {
            for line in lines {
                let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                let dataset = (event["event"] as! [String: Any])["dataset"] as! String
                let date = String((event["@timestamp"] as! String).prefix(10))
                XCTAssertTrue(path.hasPrefix("dataset=\(dataset)/date=\(date)/"), "\(path) holds \(dataset) \(date)")
            }
            all += lines
        }
        // The same events as convert, exactly.
        let golden = try String(contentsOf: packageRoot.appendingPathComponent("samples/m365/expected/convert.ndjson"), encoding: .utf8)
        let goldenAbsolute = golden.replacingOccurrences(of: "\"samples/m365/input/", with: "\"\(samples)/")
        XCTAssertEqual(all.sorted(), goldenAbsolute.split(separator: "\n").map(String.init).sorted())

        // One index row per event, each pointing at its record's gzip member and line.
        let db = try SQLiteConnection(path: lake.appendingPathComponent("index.sqlite").path, readOnly: true)
        let rows = try db.prepare("SELECT p.path, e.member_offset, e.member_index, e.event_id, e.time FROM events e JOIN parts p ON p.id = e.part_id")
        var count = 0
        while try rows.step() {
            count += 1
            let line = try PartReader.record(path: lake.appendingPathComponent(rows.string(at: 0)!).path,
                                             memberOffset: Int(rows.int64(at: 1)), index: Int(rows.int64(at: 2)))
            let event = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            XCTAssertEqual((event["event"] as! [String: Any])["id"] as? String, rows.string(at: 3))
            XCTAssertEqual(Timestamp.parse(event["@timestamp"] as! String)?.microseconds, rows.int64(at: 4))
        }
        XCTAssertEqual(count, 15)
        let run = try db.prepare("SELECT records_read, events_written, duplicates, rejects, rejects_path, inputs FROM runs")
        XCTAssertTrue(try run.step())
        XCTAssertEqual([run.int64(at: 0), run.int64(at: 1), run.int64(at: 2), run.int64(at: 3), run.int64(at: 5)], [20, 15, 2, 3, 6])
        XCTAssertEqual(run.string(at: 4), "_rejects/000001.ndjson.gz")
        let inputs = try db.prepare("SELECT SUM(records_read), SUM(events_written + duplicates + rejects) FROM inputs")
        XCTAssertTrue(try inputs.step())
        XCTAssertEqual(inputs.int64(at: 0), inputs.int64(at: 1))

        // Rejects: file, offset, line, reason and raw bytes; no temporary area left.
        let opened = try InputOpener.open(lake.appendingPathComponent("_rejects/000001.ndjson.gz").path)
        let rejectLines = String(decoding: opened.head, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(rejectLines.count, 3)
        let first = try JSONSerialization.jsonObject(with: Data(rejectLines[0].utf8)) as! [String: Any]
        XCTAssertEqual(first["file"] as? String, samples + "/messy.ndjson")
        XCTAssertEqual(first["line"] as? Int, 5)
        XCTAssertEqual(first["offset"] as? Int, 1994)
        XCTAssertEqual(first["reason"] as? String, "CreationTime \"21/11/2026 12:00\" is not a date and time")
        XCTAssertTrue((first["raw"] as? String)?.hasPrefix("{\"CreationTime\":\"21/11/2026 12:00\"") ?? false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lake.appendingPathComponent("_tmp").path))
    }

    /// The same input gives byte-identical part files.
    func testOutputIsDeterministic() throws {
        let folder = try makeTemporaryFolder(self)
        for name in ["a", "b"] {
            XCTAssertEqual(try runAuditLake(["ingest", "samples/m365/input", "--out", folder.appendingPathComponent(name).path], in: packageRoot).status, 1)
        }
        let relative = "dataset=m365.exchange/date=2026-11-21/part-000001-0001.ndjson.gz"
        let a = try Data(contentsOf: folder.appendingPathComponent("a/" + relative))
        XCTAssertFalse(a.isEmpty)
        XCTAssertEqual(a, try Data(contentsOf: folder.appendingPathComponent("b/" + relative)))
    }

    /// What a crashed run left (temporary parts, parts of an uncommitted run) is removed by the
    /// next run before it writes; the new run takes the next number.
    func testLeftoversOfACrashedRunAreRemoved() throws {
        let lake = try makeTemporaryFolder(self).appendingPathComponent("lake")
        let clean = try write("{\"CreationTime\":\"2026-11-20T01:00:00\",\"Id\":\"b0000000-0000-4000-8000-000000000001\",\"Operation\":\"Send\",\"Workload\":\"Exchange\",\"RecordType\":2}\n".bytes, "one.ndjson", in: lake.deletingLastPathComponent())
        XCTAssertEqual(try runAuditLake(["ingest", clean, "--out", lake.path]).status, 0)
        let stale = lake.appendingPathComponent("dataset=m365.exchange/date=2026-11-20/part-000002-0001.ndjson.gz")
        try Data("half".utf8).write(to: stale)
        try FileManager.default.createDirectory(at: lake.appendingPathComponent("_tmp/run-2"), withIntermediateDirectories: true)
        try Data("half".utf8).write(to: lake.appendingPathComponent("_tmp/run-2/7.ndjson.gz"))
        let second = try write("{\"CreationTime\":\"2026-11-20T02:00:00\",\"Id\":\"b0000000-0000-4000-8000-000000000002\",\"Operation\":\"Send\",\"Workload\":\"Exchange\",\"RecordType\":2}\n".bytes, "two.ndjson", in: lake.deletingLastPathComponent())
        let result = try runAuditLake(["ingest", second, "--out", lake.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("committed as run 2"))
        let part = try PartReader.record(path: stale.path, memberOffset: 0, index: 0)
        XCTAssertTrue(String(decoding: part, as: UTF8.self).contains("b0000000-0000-4000-8000-000000000002"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: lake.appendingPathComponent("_tmp").path))
        let db = try SQLiteConnection(path: lake.appendingPathComponent("index.sqlite").path, readOnly: true)
        let s = try db.prepare("SELECT COUNT(*), COUNT(DISTINCT part_id) FROM events")
        XCTAssertTrue(try s.step())
        XCTAssertEqual([s.int64(at: 0), s.int64(at: 1)], [2, 2])
    }

    /// A nightly job run twice adds nothing the second time; a partly new input adds only what is new.
    func testReRunsAddOnlyWhatIsNew() throws {
        let folder = try makeTemporaryFolder(self)
        let lake = folder.appendingPathComponent("lake").path
        XCTAssertEqual(try runAuditLake(["ingest", samples, "--out", lake]).status, 1)
        let again = try runAuditLake(["ingest", samples, "--out", lake])
        XCTAssertTrue(again.stderr.contains("records read 20 = events written 0 + duplicates skipped 17 + rejected 3"), again.stderr)
        let newer = try write(("{\"CreationTime\":\"2026-11-23T01:00:00\",\"Id\":\"e0000000-0000-4000-8000-000000000001\",\"Operation\":\"Send\",\"Workload\":\"Exchange\",\"RecordType\":2}\n"
            + "{\"CreationTime\":\"2026-11-20T08:14:03\",\"Id\":\"5B3C9E2A-1F7D-4C84-9A6B-0D2E7F1A3C55\",\"Operation\":\"New-InboxRule\",\"Workload\":\"Exchange\"}\n").bytes,
            "newer.ndjson", in: folder)
        let third = try runAuditLake(["ingest", newer, "--out", lake])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertTrue(third.stderr.contains("records read 2 = events written 1 + duplicates skipped 1 + rejected 0"), third.stderr)
        let db = try SQLiteConnection(path: lake + "/index.sqlite", readOnly: true)
        let s = try db.prepare("SELECT COUNT(*), (SELECT GROUP_CONCAT(events_written || '/' || duplicates) FROM runs) FROM events")
        XCTAssertTrue(try s.step())
        XCTAssertEqual(s.int64(at: 0), 16)
        XCTAssertEqual(s.string(at: 1), "15/2,0/17,1/1")
    }

    /// Dedupe keys move into the index in batches (memory stays flat) and still catch every repeat.
    func testDedupeKeysSpillToTheIndex() throws {
        let folder = try makeTemporaryFolder(self)
        let lines = (0..<40).map { "{\"CreationTime\":\"2026-11-20T01:00:\(10 + $0 % 40)\",\"Id\":\"f0000000-0000-4000-8000-0000000000\(10 + $0 % 25)\",\"Operation\":\"Send\",\"Workload\":\"Exchange\"}" }
        let input = try write(Array((lines.joined(separator: "\n") + "\n").utf8), "repeats.ndjson", in: folder)
        let lake = folder.appendingPathComponent("lake").path
        let writer = try LakeWriter(lake: lake, startedAt: "t", dedupeBatch: 4)
        let counts = try EventPipeline(options: PipelineOptions()).run(inputs: [input], into: writer)
        _ = try writer.commit(counts: counts, finishedAt: "t")
        XCTAssertEqual([counts.events, counts.duplicates], [25, 15])
        let db = try SQLiteConnection(path: lake + "/index.sqlite", readOnly: true)
        let s = try db.prepare("SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM dedupe_keys)")
        XCTAssertTrue(try s.step())
        XCTAssertEqual([s.int64(at: 0), s.int64(at: 1)], [25, 25])
    }

    func testExitCodes() throws {
        let folder = try makeTemporaryFolder(self)
        let notAFolder = try write("x".bytes, "file", in: folder)
        let fatal = try runAuditLake(["ingest", samples, "--out", notAFolder])
        XCTAssertEqual(fatal.status, 3)
        XCTAssertTrue(fatal.stderr.hasPrefix("auditlake ingest: cannot open the lake \(notAFolder):"), fatal.stderr)
        let usage = try runAuditLake(["ingest", samples, "--out", folder.path + "/l", "--compression-level", "12"])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("--compression-level must be between 0 and 9, not 12"), usage.stderr)
        let missing = try runAuditLake(["ingest", folder.path + "/nope.json", "--out", folder.path + "/l2"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("records read 1 = events written 0 + duplicates skipped 0 + rejected 1"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("nope.json: cannot open: No such file or directory"), missing.stderr)
    }
}
