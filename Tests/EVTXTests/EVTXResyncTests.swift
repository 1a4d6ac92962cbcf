import EVTX
import Foundation
import XCTest

/// A damaged record in the middle of a chunk costs that record only: reading resumes at the next
/// whole record header; and a record is never read through a template it does not name.
final class EVTXResyncTests: XCTestCase {
    /// Security chunk 0 (91 records) and the chunk offsets of its records.
    private func cleanChunk() throws -> (bytes: [UInt8], offsets: [Int]) {
        guard let fixtures = EVTXFixtureTests.fixtures else { throw XCTSkip("../shared/fixtures/evtx is missing: resynchronisation not checked") }
        let data = try Data(contentsOf: fixtures.appendingPathComponent("samples/security.evtx"))
        let bytes = Array(data[4096..<(4096 + 65536)])
        let clean = bytes.withUnsafeBytes { EVTXChunk.parse($0, index: 0, fileOffset: 4096) }
        XCTAssertEqual(clean.records.count, 91)
        XCTAssertEqual(clean.errors.count, 0)
        return (bytes, clean.records.map { $0.fileOffset - 4096 })
    }

    /// Both ways (compiled templates and the element tree) give these records and these errors.
    private func parse(_ chunk: [UInt8], _ what: String) -> EVTXChunkResult {
        let result = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: 0, fileOffset: 4096) }
        let tree = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: 0, fileOffset: 4096, elements: true) }
        XCTAssertEqual(result.records.map(\.fileOffset), tree.records.map(\.fileOffset), what)
        XCTAssertEqual(result.errors.map(\.description), tree.errors.map(\.description), what)
        return result
    }

    private func put(_ value: UInt32, at offset: Int, in chunk: inout [UInt8]) {
        for k in 0..<4 { chunk[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
    }

    func testReadingResumesAfterABadRecordHeader() throws {
        let (clean, offsets) = try cleanChunk()
        for k in [1, 2, 45, 89] {
            let at = offsets[k], next = offsets[k + 1]
            let expected = offsets.map { $0 + 4096 }.filter { $0 != at + 4096 }
            // The signature gone, the size zero, the size impossible.
            var noSignature = clean
            noSignature[at] = 0x2B
            var zeroSize = clean
            put(0, at: at + 4, in: &zeroSize)
            var hugeSize = clean
            put(70000, at: at + 4, in: &hugeSize)
            for (chunk, reason) in [(noSignature, "no record signature (**) at chunk offset \(at)"),
                                    (zeroSize, "record size 0 at chunk offset \(at) is impossible (28 to \(65536 - at))"),
                                    (hugeSize, "record size 70000 at chunk offset \(at) is impossible (28 to \(65536 - at))")] {
                let result = parse(chunk, "record \(k): \(reason)")
                XCTAssertEqual(result.records.map(\.fileOffset), expected, "record \(k): \(reason)")
                XCTAssertEqual(result.errors.map(\.reason), ["\(reason); reading resumes at the next whole record, chunk offset \(next)"])
                XCTAssertEqual(result.errors.first?.offset, 4096 + at)
                // The records after the damage say so; those before it do not.
                XCTAssertEqual(result.records.map(\.resumedAfter), expected.map { $0 < 4096 + at ? nil : at }, "record \(k): \(reason)")
            }
            // A size that is wrong but fits: the record still reads (its values lie where they
            // were), the bytes that size points to are no record, and reading resumes at the true
            // next record.
            var shortened = clean
            put(40, at: at + 4, in: &shortened)
            let result = parse(shortened, "record \(k) shortened")
            XCTAssertEqual(result.records.map(\.fileOffset), offsets.map { $0 + 4096 }, "record \(k) shortened")
            XCTAssertEqual(result.errors.map(\.reason),
                           ["no record signature (**) at chunk offset \(at + 40); reading resumes at the next whole record, chunk offset \(next)"])
            // That size with the record unreadable too (no fragment header): its size and the
            // copy at the end it gives differ, so nothing of it is trusted.
            var broken = shortened
            broken[at + 24] = 0xFF
            let unreadable = parse(broken, "record \(k) unreadable")
            XCTAssertEqual(unreadable.records.map(\.fileOffset), expected, "record \(k) unreadable")
            XCTAssertEqual(unreadable.errors.count, 1)
            let reason = unreadable.errors.first?.reason ?? ""
            XCTAssertTrue(reason.contains(": size 40 and its trailing copy "), reason)
            XCTAssertTrue(reason.hasSuffix("; reading resumes at the next whole record, chunk offset \(next)"), reason)
        }
        // Damage with no whole record after it: the rest of the chunk is skipped, as before.
        var last = clean
        last[offsets[90]] = 0
        last[offsets[90] + 1] = 1
        let result = parse(last, "last record")
        XCTAssertEqual(result.records.count, 90)
        XCTAssertEqual(result.errors.map(\.reason), ["no record signature (**) at chunk offset \(offsets[90]); the rest of the chunk is skipped"])
    }

    /// An instance whose template id is not the first four bytes of the definition's GUID is a
    /// reject, on both ways, whether the definition is inline (record 0) or met before (record 5).
    func testTemplateInstanceMustNameItsDefinition() throws {
        let (clean, offsets) = try cleanChunk()
        for k in [0, 5, 60] {
            var chunk = clean
            // Record: 24-byte header, then 0F 01 01 00 (fragment header), 0C, u8, u32 id, u32 offset.
            let instance = offsets[k] + 24 + 4
            XCTAssertEqual(chunk[instance], 0x0C)
            chunk[instance + 2] ^= 0x01
            let result = parse(chunk, "record \(k)")
            XCTAssertEqual(result.records.map(\.fileOffset), offsets.filter { $0 != offsets[k] }.map { $0 + 4096 }, "record \(k)")
            XCTAssertEqual(result.errors.count, 1)
            let reason = result.errors.first?.reason ?? ""
            XCTAssertTrue(reason.contains("the template instance at chunk offset \(instance) names template 0x"), reason)
            XCTAssertTrue(reason.contains("but the definition at chunk offset "), reason)
        }
    }
}
