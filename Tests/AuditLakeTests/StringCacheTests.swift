@testable import AuditLake
import XCTest

/// The mapper's cache of repeated Strings gives exactly `String(decoding:)`'s String, whatever
/// it held before: collisions, lengths around the small-String limit, invalid UTF-8.
final class StringCacheTests: XCTestCase {
    func testSameStringAsDecoding() {
        let cache = StringCache()
        var texts: [[UInt8]] = [
            Array("S-1-5-21-2603537626-3982775912-406486804-1000".utf8),
            Array("C:\\Windows\\System32\\winlogon.exe".utf8),
            Array("WIN-03DLIIOFRRA$".utf8),  // 16 bytes: the first length cached
            Array("WIN-03DLIIOFRRA".utf8),  // 15: a small String, not cached
            [0x61, 0x62, 0xFF, 0x63] + Array(repeating: 0x41, count: 20),  // invalid UTF-8, repaired
            Array("Ünïcødé account name ✓".utf8),
        ]
        // Many runs of the same length that differ only in their last byte: slots are shared.
        for k in 0..<2000 { texts.append(Array("account-\(k)-padding-xyz".utf8)) }
        var checked = 0
        for round in 0..<3 {
            for text in (round == 1 ? texts.reversed() : texts) {
                let got = text.withUnsafeBytes { cache.string($0) }
                XCTAssertEqual(got, String(decoding: text, as: UTF8.self))
                XCTAssertEqual(Array(got.utf8), Array(String(decoding: text, as: UTF8.self).utf8))
                checked += 1
            }
        }
        XCTAssertEqual(checked, 6018)
    }

    /// Runs of 0-15 bytes (cached by their bytes as two words) come back exactly, for every
    /// length and a change at every position, invalid UTF-8 included.
    func testSmallRunsExact() {
        let cache = StringCache()
        var texts: [[UInt8]] = []
        for n in 0...15 {
            let base = (0..<n).map { UInt8(ascii: "a") + UInt8($0) }
            texts.append(base)
            for k in 0..<n {
                var changed = base
                changed[k] = UInt8(ascii: "Z")
                texts.append(changed)
                changed[k] = 0xFF  // invalid: repaired to U+FFFD
                texts.append(changed)
            }
        }
        for round in 0..<3 {
            for text in (round == 1 ? texts.reversed() : texts) {
                let got = text.withUnsafeBytes { cache.string($0) }
                XCTAssertEqual(Array(got.utf8), Array(String(decoding: text, as: UTF8.self).utf8), "\(text)")
            }
        }
        XCTAssertEqual(texts.count, 16 + 2 * (0...15).reduce(0, +))  // 16 bases, 2 changes per byte
    }
}
