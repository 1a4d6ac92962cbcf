@testable import AuditLake
import XCTest

/// The run's record ids: each is admitted once; GUIDs in any case are one id; text keys are
/// compared by their bytes, whatever their precomputed hashes.
final class DeduplicatorTests: XCTestCase {
    func testEachKeyOnce() {
        var seen = Deduplicator()
        let texts = (0..<20_000).map { "WIN-HOST\($0 % 7)|Security|\($0)|2016-07-08T18:12:51.681640100Z" }
        for text in texts { XCTAssertTrue(seen.firstSighting(of: text), text) }
        for text in texts.reversed() { XCTAssertFalse(seen.firstSighting(of: text), text) }
        // Same length, same words but the last byte: distinct keys.
        XCTAssertTrue(seen.firstSighting(of: "WIN-HOST0|Security|0|2016-07-08T18:12:51.681640100Y"))
        XCTAssertTrue(seen.firstSighting(of: "short"))
        XCTAssertFalse(seen.firstSighting(of: "short"))
        XCTAssertTrue(seen.firstSighting(of: ""))
        XCTAssertFalse(seen.firstSighting(of: ""))
        // A GUID in upper and lower case is one record.
        XCTAssertTrue(seen.firstSighting(of: "5b8d2a56-2bcd-4b8b-9d5a-0e6c2f1a7c11"))
        XCTAssertFalse(seen.firstSighting(of: "5B8D2A56-2BCD-4B8B-9D5A-0E6C2F1A7C11"))
        XCTAssertEqual(seen.count, 20_004)
        let keys = Set(seen.allKeys())
        XCTAssertEqual(keys.count, 20_004)
        XCTAssertTrue(keys.contains([2] + Array(texts[123].utf8)))
        XCTAssertTrue(keys.contains(Deduplicator.bytes(of: "5b8d2a56-2bcd-4b8b-9d5a-0e6c2f1a7c11")))
    }
}
