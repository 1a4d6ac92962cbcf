@testable import EVTX
import XCTest

/// The per-chunk working buffers keep what they hold when they grow.
final class RecordBufferTests: XCTestCase {
    func testGrowthKeepsContents() {
        let bytes = RecordBuffer<UInt8>(capacity: 4)
        var expected: [UInt8] = []
        for round in 0..<300 {
            let piece = (0..<(round % 37)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ round) }
            piece.withUnsafeBytes { bytes.append($0) }
            bytes.append(UInt8(truncatingIfNeeded: round))
            expected += piece + [UInt8(truncatingIfNeeded: round)]
        }
        XCTAssertEqual(Array(bytes.elements), expected)
        XCTAssertGreaterThanOrEqual(bytes.capacity, expected.count)
        bytes.append("é€😀")
        XCTAssertEqual(Array(bytes.bytes(expected.count, 9)), Array("é€😀".utf8))

        let values = RecordBuffer<RawValue>(capacity: 2)
        for i in 0..<100 { values.append(RawValue(type: UInt8(i & 0x7F), offset: i * 3, size: i)) }
        XCTAssertEqual(values.count, 100)
        XCTAssertEqual(values.elements.map(\.offset), (0..<100).map { $0 * 3 })
        values.count = 0
        XCTAssertTrue(values.elements.isEmpty)
    }
}
