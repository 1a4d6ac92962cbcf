import AuditLake
import Foundation
import XCTest

/// `auditlake inspect`, run as a subprocess: stdout, stderr and exit status.
final class InspectCommandTests: XCTestCase {
    func testCleanInputsExitZero() throws {
        let folder = try makeTemporaryFolder(self)
        let nd = try write("{\"Id\":\"1\"}\r\n\n{\"Id\":\"2\"}\n".bytes, "a.ndjson", in: folder)
        let array = try write("[{\"Id\":\"1\"},{\"Id\":\"2\"},{\"Id\":\"3\"}]".bytes, "blob.json", in: folder)
        let wrapped = try write("{\"@odata.context\":\"c\",\"value\":[{\"id\":\"x\"}]}".bytes, "graph.json", in: folder)
        let gz = try write(Gzip.compress("[{\"Id\":\"1\"}]".bytes), "blob.json.gz", in: folder)
        let result = try runAuditLake(["inspect", nd, array, wrapped, gz])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            \(nd): json, ndjson, 2 records
            \(array): json, array, 3 records
            \(wrapped): json, wrapped-array, 1 record
            \(gz): gzip, json, array, 1 record

            """)
        XCTAssertEqual(result.stderr, "")
    }

    /// EVTX files: chunks (unused ones, the header's stale count), records, damage and checksums;
    /// a file cut short says where its last chunk breaks off.
    func testEVTXReports() throws {
        guard let samples = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: EVTX inspect not checked") }
        let security = samples.appendingPathComponent("security.evtx").path
        let magic = samples.appendingPathComponent("sample_with_a_bad_chunk_magic.evtx").path
        let noCRC = samples.appendingPathComponent("Application_no_crc32.evtx").path
        let whole = try Data(contentsOf: URL(fileURLWithPath: security))
        let cut = try write(Array(whole.prefix(100_000)), "cut.evtx", in: try makeTemporaryFolder(self))
        let result = try runAuditLake(["inspect", security, magic, noCRC, cut])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, """
            \(security): evtx, 33 chunks (7 unused; header says 26), 2261 records
            \(magic): evtx, 16 chunks (10 unused; header says 16), 270 records, 2 damaged, 3 chunks with bad checksums (read anyway); \
            first damage: chunk 6 (byte 397312): bad chunk magic 0000000000000000; expected ElfChnk
            \(noCRC): evtx, 1 chunk (0 unused; header says 1), 17 records, 1 chunk with a bad checksum (read anyway)
            \(cut): evtx, 2 chunks (0 unused; header says 26), 131 records, 1 damaged, 1 chunk with a bad checksum (read anyway); \
            first damage: chunk 1 (byte 99744): record size 552 at chunk offset 30112 is impossible (28 to 256); the rest of the chunk is skipped

            """)
    }

    /// Windows events as XML (Event Viewer's saved file, wevtutil's stream) and JSON.
    func testWindowsXMLAndJSONReports() throws {
        let inputs = ["eventviewer-saved.xml", "get-winevent.json", "wevtutil-security.xml"].map { "samples/windows/input/" + $0 }
        let result = try runAuditLake(["inspect"] + inputs, in: packageRoot)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, """
            samples/windows/input/eventviewer-saved.xml: xml, 4 records
            samples/windows/input/get-winevent.json: json, array, 1 record
            samples/windows/input/wevtutil-security.xml: xml, 6 records, 1 failed; \
            first error: line 7 (byte 6671): XML cut short: the element is not closed before the end of the input

            """)
    }

    func testFailuresExitOne() throws {
        let folder = try makeTemporaryFolder(self)
        let bad = try write("{\"a\":1}\n{\"b\":2,}\n{\"c\":3}\n".bytes, "bad.ndjson", in: folder)
        let text = try write("Nov 22 10:00:00 host sshd[1]: hi\n".bytes, "auth.log", in: folder)
        let zipped = try Gzip.compress((0..<500).map { "{\"n\":\($0)}\n" }.joined().bytes)
        let cut = try write(Array(zipped.prefix(zipped.count - 20)), "cut.gz", in: folder)
        let notes = try write("meeting notes, nothing else\n".bytes, "notes.txt", in: folder)
        let result = try runAuditLake(["inspect", bad, text, folder.path + "/missing.json", cut, notes])
        XCTAssertEqual(result.status, 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(lines[4], "\(notes): not JSON: text starting with \"meeting notes, nothing else\"")
        XCTAssertEqual(lines[0], "\(bad): json, ndjson, 2 records, 1 failed; first error: line 2, column 8 (byte 15): expected a string key or '}', found '}'")
        XCTAssertEqual(lines[1], "\(text): syslog, 1 record")
        XCTAssertEqual(lines[2], "\(folder.path)/missing.json: error: cannot open: No such file or directory")
        XCTAssertTrue(lines[3].hasPrefix("\(cut): gzip, json, ndjson, "), lines[3])
        XCTAssertTrue(lines[3].contains("input error: gzip data cut short at compressed byte"), lines[3])
    }

    func testForcedJSONAndStdin() throws {
        let folder = try makeTemporaryFolder(self)
        let odd = try write("Nov 22 not json".bytes, "x.log", in: folder)
        let forced = try runAuditLake(["inspect", "--format", "json", odd])
        XCTAssertEqual(forced.status, 1)
        XCTAssertEqual(forced.stdout, "\(odd): json, value, 0 records, 1 failed; first error: line 1, column 1 (byte 0): expected a value, found 'N'\n")
        let piped = try runAuditLake(["inspect", "-"], stdin: try Gzip.compress("{\"a\":1}\n{\"a\":2}\n".bytes))
        XCTAssertEqual(piped.status, 0)
        XCTAssertEqual(piped.stdout, "-: gzip, json, ndjson, 2 records\n")
    }

    func testUsageErrorsExitTwo() throws {
        let none = try runAuditLake(["inspect"])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("Missing expected argument"), none.stderr)
        let badFormat = try runAuditLake(["inspect", "--format", "yaml", "x"])
        XCTAssertEqual(badFormat.status, 2)
        XCTAssertEqual(badFormat.stdout, "")
    }
}
