@testable import AuditLake
import Foundation
import XCTest

/// `auditlake convert` run as a subprocess: gzip in and out, --keep-original, stdin.
final class ConvertEndToEndTests: XCTestCase {
    let record = #"{"CreationTime":"2026-11-20T08:00:00","Id":"c0000000-0000-4000-8000-000000000001","Operation":"FileDownloaded","Workload":"OneDrive","RecordType":6,"UserId":"gina@contoso.com","ClientIP":"192.0.2.9"}"#

    func testGzipInputAndOutputAndKeepOriginal() throws {
        let folder = try makeTemporaryFolder(self)
        let plain = try write(Array((record + "\n").utf8), "blob.json", in: folder)
        let zipped = try write(Gzip.compress(Array((record + "\n").utf8)), "blob.bin", in: folder)
        let a = try runAuditLake(["convert", plain])
        let b = try runAuditLake(["convert", zipped])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertEqual(a.stdout.replacingOccurrences(of: plain, with: "X"), b.stdout.replacingOccurrences(of: zipped, with: "X"))
        XCTAssertFalse(a.stdout.contains("\"original\""))

        let out = folder.appendingPathComponent("out.ndjson.gz").path
        let kept = try runAuditLake(["convert", plain, "--keep-original", "-o", out])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertEqual(kept.stdout, "")
        let opened = try InputOpener.open(out)
        XCTAssertTrue(opened.isGzip)
        let event = try JSONSerialization.jsonObject(with: Data(opened.head)) as! [String: Any]
        XCTAssertEqual((event["event"] as! [String: Any])["original"] as? String, record)
        XCTAssertEqual(((event["user"] as! [String: Any])["email"]) as? String, "gina@contoso.com")
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".tmp-") })
    }

    func testStdinAndUnsupportedInput() throws {
        let piped = try runAuditLake(["convert", "-"], stdin: Array(("[" + record + "]").utf8))
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertTrue(piped.stdout.contains("\"log\":{\"file\":{\"path\":\"-\"},\"offset\":1,\"line\":1}"), piped.stdout)
        let folder = try makeTemporaryFolder(self)
        let text = try write(Array("just some text\n".utf8), "notes.txt", in: folder)
        let result = try runAuditLake(["convert", text])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasPrefix("reject: \(text):1 (byte 0): not a supported format: text starting with \"just some text\""), result.stderr)
        // A legacy .evt log (its 0x30-byte header: size, `LfLe`, version 1.1) is named as such.
        var evt: [UInt8] = [0x30, 0, 0, 0] + Array("LfLe".utf8) + [1, 0, 0, 0, 1, 0, 0, 0]
        evt += [UInt8](repeating: 0, count: 0x30 - evt.count) + [UInt8](repeating: 0, count: 64)
        let old = try write(evt, "AppEvent.Evt", in: folder)
        let legacy = try runAuditLake(["convert", old])
        XCTAssertEqual(legacy.status, 1)
        XCTAssertEqual(legacy.stdout, "")
        XCTAssertTrue(legacy.stderr.hasPrefix("reject: \(old):1 (byte 0): not a supported format: a Windows XP/2003 event log (.evt, "
            + "signature LfLe), which is not EVTX; on Windows, `wevtutil epl FILE.evt FILE.evtx /lf:true` converts it\n"), legacy.stderr)
    }
}
