@testable import AuditLake
import XCTest

/// The filter over spilled dedupe keys: never "not there" for a key it holds (a repeat would be
/// written twice), and rarely "maybe" for a new one.
final class KeyFilterTests: XCTestCase {
    func testNoFalseNegativesAndFewFalsePositives() {
        func guid(_ i: Int) -> String { "f0000000-0000-4000-8000-\(String(format: "%012x", i))" }
        let held = (0..<50_000).map { Deduplicator.bytes(of: guid($0)) } + (0..<10_000).map { Deduplicator.bytes(of: "host|Security|\($0)|t") }
        let filter = KeyFilter(held)
        XCTAssertTrue(held.allSatisfy { filter.mayContain($0) })
        let others = (50_000..<150_000).map { Deduplicator.bytes(of: guid($0)) }
        let falsePositives = others.filter { filter.mayContain($0) }.count
        XCTAssertLessThan(falsePositives, 1_000, "\(falsePositives) of 100,000 new keys")
    }
}
