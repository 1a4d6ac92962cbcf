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

    /// The table of compiled templates finds what it stored (through its growth), tells a
    /// template left to the tree from one never seen, and forgets everything at a new chunk.
    func testCompiledTableLookups() {
        var table = CompiledTable()
        let kinds: [TemplateKind] = [.event, .eventData, .userData]
        var made: [Int: CompiledTemplate?] = [:]
        var state: UInt64 = 7
        while made.count < 500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let offset = Int(state >> 48), kind = kinds[made.count % 3]
            let key = offset << 2 | kind.rawValue
            guard made[key] == nil else { continue }
            let template = made.count % 5 == 0 ? nil : CompiledTemplate(eventData: [.element(name: "EventData", attributes: [], children: [])])
            made[key] = .some(template)
            table.store(template, kind, at: offset)
        }
        for (key, template) in made {
            let found = table.template(kinds[key & 3], at: key >> 2)
            XCTAssertNotNil(found, "offset \(key >> 2)")
            XCTAssertTrue(found! === template, "offset \(key >> 2)")
            // The same offset as another kind is another entry.
            let other = ((key & 3) + 1) % 3
            if made[(key >> 2) << 2 | other] == nil { XCTAssertNil(table.template(kinds[other], at: key >> 2)) }
        }
        table.removeAll()
        for key in made.keys { XCTAssertNil(table.template(kinds[key & 3], at: key >> 2)) }
        table.store(nil, .event, at: 24)
        XCTAssertNotNil(table.template(.event, at: 24))
        XCTAssertNil(table.template(.event, at: 24)!)
    }
}
