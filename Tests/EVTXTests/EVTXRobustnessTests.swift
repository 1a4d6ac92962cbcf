import EVTX
import Foundation
import XCTest

/// Damaged input never traps or hangs: chunks with bytes flipped, cut at every length, or random.
final class EVTXRobustnessTests: XCTestCase {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3
    private func next(_ n: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(n))
    }

    /// 800 corrupted copies of a real Security chunk: every run ends with records or errors, never
    /// a crash, and reads the same through compiled templates as through the element tree.
    func testCorruptedChunksNeverTrap() throws {
        try corrupt("security.evtx", chunk: 0, rounds: 800, cleanRecords: 50)
    }

    /// The same on a System chunk (string arrays, UserData), a Sysmon one and a CAPI2 one.
    func testCorruptedSystemAndSysmonChunks() throws {
        try corrupt("system.evtx", chunk: 0, rounds: 300, cleanRecords: 10)
        try corrupt("sysmon.evtx", chunk: 1, rounds: 300, cleanRecords: 10)
        // UserData written as plain elements, read without a template.
        try corrupt("E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx", chunk: 0, rounds: 300, cleanRecords: 10)
    }

    private func corrupt(_ file: String, chunk index: Int, rounds: Int, cleanRecords: Int) throws {
        guard let fixtures = EVTXFixtureTests.fixtures else { throw XCTSkip("../shared/fixtures/evtx is missing: corruption fuzzing not run") }
        let data = try Data(contentsOf: fixtures.appendingPathComponent("samples/\(file)"))
        let start = 4096 + index * 65536
        let original = Array(data[start..<(start + 65536)])
        let clean = original.withUnsafeBytes { EVTXChunk.parse($0, index: 0, fileOffset: 4096) }
        XCTAssertGreaterThan(clean.records.count, cleanRecords, file)
        var damagedRecords = 0
        for round in 0..<rounds {
            var chunk = original
            for _ in 0..<(1 + next(8)) {
                // Mostly inside the records, sometimes in the header and string/template tables.
                let at = round % 5 == 0 ? next(512) : 512 + next(chunk.count - 512)
                chunk[at] = UInt8(truncatingIfNeeded: next(256))
            }
            let result = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: 0, fileOffset: 4096) }
            damagedRecords += result.errors.count
            XCTAssertLessThanOrEqual(result.records.count, clean.records.count + 5)
            // Damage reads the same through compiled templates as through the element tree.
            let tree = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: 0, fileOffset: 4096, elements: true) }
            XCTAssertEqual(result.records.map(\.fileOffset), tree.records.map(\.fileOffset), "round \(round)")
            XCTAssertEqual(result.errors.map(\.offset), tree.errors.map(\.offset), "round \(round)")
            for (a, b) in zip(result.records, tree.records) {
                XCTAssertEqual(EVTXFastPathTests.describe(a.event), EVTXFastPathTests.describe(b.event), "round \(round) record at \(a.fileOffset)")
            }
        }
        XCTAssertGreaterThan(damagedRecords, rounds / 16, file)
    }

    /// A chunk cut at many lengths: the records before the cut are read, the cut one is an error.
    func testTruncatedChunks() throws {
        guard let fixtures = EVTXFixtureTests.fixtures else { throw XCTSkip("../shared/fixtures/evtx is missing: truncation not checked") }
        let data = try Data(contentsOf: fixtures.appendingPathComponent("samples/security.evtx"))
        let original = Array(data[4096..<(4096 + 65536)])
        var previous = -1
        for length in stride(from: 0, through: 65536, by: 97) {
            let result = original[0..<length].withUnsafeBytes { EVTXChunk.parse($0, index: 0, fileOffset: 4096) }
            XCTAssertGreaterThanOrEqual(result.records.count, previous == -1 ? 0 : previous, "records must not decrease as more bytes arrive")
            previous = result.records.count
            if length > 0 && length < 512 { XCTAssertEqual(result.errors.first?.reason, "chunk cut short: \(length) of 65536 bytes (truncated file)") }
        }
    }

    /// Random bytes behind a valid magic, and garbage chunks: errors, no records invented.
    func testRandomChunks() {
        for _ in 0..<60 {
            var chunk = Array("ElfChnk\0".utf8) + (8..<65536).map { _ in UInt8(truncatingIfNeeded: next(256)) }
            chunk[44] = 0xFF; chunk[45] = 0xFF; chunk[48] = 0x00; chunk[49] = 0xFF  // offsets that promise records
            let result = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: 3, fileOffset: 0) }
            XCTAssertEqual(result.records.count, 0)
            XCTAssertFalse(result.errors.isEmpty)
        }
        let zeros = [UInt8](repeating: 0, count: 65536)
        XCTAssertTrue(zeros.withUnsafeBytes { EVTXChunk.parse($0, index: 0, fileOffset: 0) }.isUnused)
    }

    /// A chunk is unused only when every byte is zero: one set bit anywhere (in the words tested
    /// eight at a time or in a short chunk's tail) makes it garbage, an error.
    func testOneNonZeroByteMakesAChunkGarbage() {
        for count in [65536, 700, 513] {
            var chunk = [UInt8](repeating: 0, count: count)
            for at in Array(0..<130) + [511, 512, 575, 576, count - 65, count - 9, count - 2, count - 1] + (0..<40).map({ _ in next(count) }) where at < count {
                chunk[at] = 1 << UInt8(at % 8)
                let result = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: 2, fileOffset: 4096) }
                XCTAssertFalse(result.isUnused, "byte \(at) of \(count)")
                XCTAssertEqual(result.errors.count, 1, "byte \(at) of \(count)")
                XCTAssertTrue(result.errors.first?.reason.hasPrefix("bad chunk magic") ?? false, "byte \(at) of \(count)")
                chunk[at] = 0
            }
            XCTAssertTrue(chunk.withUnsafeBytes { EVTXChunk.parse($0, index: 2, fileOffset: 4096) }.isUnused, "\(count) zeros")
        }
    }
}
