@testable import AuditLake
import EVTX
import Foundation
import XCTest

/// EVTX records are mapped straight from their bytes (`WindowsMapper.map(_:record:into:)`); the
/// result must be byte for byte the NDJSON line the element tree's `WindowsEvent` maps to, on
/// every record of every sample and of damaged chunks.
final class EVTXViewMappingTests: XCTestCase {
    private var viaBytes = WindowsMapper(), viaTree = WindowsMapper()
    private var encoder = EventEncoder()
    private var event = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
    /// One reader for every chunk: templates compiled once are used again in later chunks.
    private let reader = EVTXChunkReader()

    func testByteMappingEqualsTreeMapping() throws {
        guard let folder = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: byte mapping not compared") }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".evtx") }.sorted()
        var compared = 0, fromBytes = 0
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            var offset = EVTXFileHeader.size, index = 0
            while offset < data.count {
                let end = min(offset + EVTXChunk.size, data.count)
                let (n, bytes, _) = compare(Array(data[offset..<end]), index: index, fileOffset: offset, "\(file) chunk \(index)")
                compared += n
                fromBytes += bytes
                offset = end
                index += 1
            }
        }
        print("EVTX byte mapping: \(compared) records equal to the tree's mapping (\(fromBytes) from bytes)")
        XCTAssertEqual(compared, 21839)
        XCTAssertGreaterThan(fromBytes, 21000)
    }

    /// Damaged Security, System, Sysmon and CAPI2 chunks (bytes flipped in records, templates and names)
    /// map the same both ways; the reader and mappers live across rounds, so a template compiled,
    /// or names remembered, from a clean chunk must not be used for a damaged copy of it.
    func testDamagedChunksMapTheSameBothWays() throws {
        guard let folder = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: damaged chunks not compared") }
        var random = XorShift(0x9E37_79B9_7F4A_7C15)
        var compared = 0
        let capi2 = "E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx"  // plain-element UserData
        for (file, chunk) in [("security.evtx", 0), ("system.evtx", 0), ("sysmon.evtx", 1), (capi2, 0)] {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let start = EVTXFileHeader.size + chunk * EVTXChunk.size
            let original = Array(data[start..<(start + EVTXChunk.size)])
            for round in 0..<150 {
                var bytes = original
                for _ in 0..<(1 + random.next(6)) { bytes[512 + random.next(bytes.count - 512)] = UInt8(truncatingIfNeeded: random.next(256)) }
                // Every other round the checksums are made again: a chunk that claims to be intact
                // (its values rendered unchecked) must still read exactly as the tree reads it.
                if round % 2 == 1 { Self.resum(&bytes) }
                compared += compare(bytes, index: chunk, fileOffset: start, "\(file) round \(round)").records
            }
        }
        XCTAssertGreaterThan(compared, 20000)
    }

    /// Damage in the last record of a full chunk, where a value's type or length can make a read
    /// leave the chunk: a value that fails while it is rendered hands the record to the tree, so
    /// both ways reject the same records with the same reasons (and read all the others alike).
    func testValuesFailingAtTheChunkEndRejectAsTheTreeDoes() throws {
        guard let folder = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: chunk-end damage not compared") }
        let data = try Data(contentsOf: folder.appendingPathComponent("security.evtx"))
        let original = Array(data[EVTXFileHeader.size..<(EVTXFileHeader.size + EVTXChunk.size)])
        let free = 65376  // the chunk's used bytes: its last record ends 160 bytes before its end
        XCTAssertEqual(original.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 48, as: UInt32.self)) }, free)
        var random = XorShift(0x2545_F491_4F6C_DD1D)
        var rejecting = 0
        for round in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + random.next(3)) { bytes[free - 1200 + random.next(1200)] = UInt8(truncatingIfNeeded: random.next(256)) }
            Self.resum(&bytes)
            if compare(bytes, index: 0, fileOffset: EVTXFileHeader.size, "chunk-end round \(round)").errors > 0 { rejecting += 1 }
        }
        XCTAssertGreaterThan(rejecting, 20)
    }

    /// Writes a chunk's header and data CRC-32s for its present bytes.
    private static func resum(_ chunk: inout [UInt8]) {
        let free = min(Int(chunk.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 48, as: UInt32.self) }), chunk.count)
        guard free > 512 else { return }
        let data = chunk.withUnsafeBytes { zlibCRC32(0, UnsafeRawBufferPointer(rebasing: $0[512..<free])) }
        chunk.withUnsafeMutableBytes { $0.storeBytes(of: data.littleEndian, toByteOffset: 52, as: UInt32.self) }
        let header = chunk.withUnsafeBytes { zlibCRC32(zlibCRC32(0, UnsafeRawBufferPointer(rebasing: $0[0..<120])), UnsafeRawBufferPointer(rebasing: $0[128..<512])) }
        chunk.withUnsafeMutableBytes { $0.storeBytes(of: header.littleEndian, toByteOffset: 124, as: UInt32.self) }
    }

    /// zlib's CRC-32, which `convert` hands the EVTX reader, is the EVTX module's own: on the
    /// check value, on the header and records of every sample chunk (good and bad), and continued
    /// across a split.
    func testZlibCRCMatchesTheChunkChecksums() throws {
        XCTAssertEqual(Array("123456789".utf8).withUnsafeBytes { zlibCRC32(0, $0) }, 0xCBF4_3926)
        XCTAssertEqual(zlibCRC32(0x1234_5678, UnsafeRawBufferPointer(start: nil, count: 0)), 0x1234_5678)
        guard let folder = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: chunk checksums not checked") }
        var chunks = 0, bad = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".evtx") }) {
            let data = Array(try Data(contentsOf: folder.appendingPathComponent(file)))
            for start in stride(from: EVTXFileHeader.size, to: data.count, by: EVTXChunk.size) {
                let zlib = EVTXChunkReader(crc32: zlibCRC32), own = EVTXChunkReader()
                let bytes = data[start..<min(start + EVTXChunk.size, data.count)]
                let a = bytes.withUnsafeBytes { zlib.parse($0, index: 0, fileOffset: start) { _, _ in } }
                let b = bytes.withUnsafeBytes { own.parse($0, index: 0, fileOffset: start) { _, _ in } }
                XCTAssertEqual([a.headerChecksumOK, a.dataChecksumOK], [b.headerChecksumOK, b.dataChecksumOK], "\(file) at \(start)")
                if !a.isUnused, !a.headerChecksumOK || !a.dataChecksumOK { bad += 1 }
                chunks += 1
            }
        }
        XCTAssertGreaterThan(chunks, 250)
        XCTAssertGreaterThan(bad, 0)  // damaged samples: the check can say no
        let data = Array(try Data(contentsOf: folder.appendingPathComponent("security.evtx")))
        let split = data.withUnsafeBytes { raw in
            zlibCRC32(zlibCRC32(0, UnsafeRawBufferPointer(rebasing: raw[0..<1000])), UnsafeRawBufferPointer(rebasing: raw[1000..<70000]))
        }
        XCTAssertEqual(split, data.withUnsafeBytes { zlibCRC32(0, UnsafeRawBufferPointer(rebasing: $0[0..<70000])) })
    }

    /// Maps every record of a chunk both ways and compares the lines and the errors; the records
    /// compared, how many of them were read through compiled templates, and the errors.
    private func compare(_ chunk: [UInt8], index: Int, fileOffset: Int, _ label: String) -> (records: Int, fromBytes: Int, errors: Int) {
        var lines: [String] = []
        var fromBytes = 0
        let viewResult = chunk.withUnsafeBytes { raw in
            reader.parse(raw, index: index, fileOffset: fileOffset) { record, view in
                if view.isCompiled { fromBytes += 1 }
                if let error = viaBytes.map(view, record: record, into: &event) {
                    lines.append("reject: \(error)")
                } else {
                    let line = encoder.withEncoded(event) { String(decoding: $0, as: UTF8.self) }
                    lines.append(line)
                    // The form `convert` uses: the `winlog` text straight from the mapper.
                    var direct = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
                    XCTAssertNil(viaBytes.mapKeepingSourceFields(view, record: record, into: &direct))
                    XCTAssertTrue(direct.sourceFields.isEmpty)
                    let directLine = viaBytes.withSourceFields { winlog in
                        encoder.withEncoded(direct, sourceFields: winlog) { String(decoding: $0, as: UTF8.self) }
                    }
                    XCTAssertEqual(directLine, line, "\(label) record at \(record.fileOffset)")
                }
            }
        }
        let tree = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: index, fileOffset: fileOffset, elements: true) }
        XCTAssertEqual(lines.count, tree.records.count, label)
        XCTAssertEqual(viewResult.errors.map(\.description), tree.errors.map(\.description), label)
        for (line, record) in zip(lines, tree.records) {
            var windowsEvent = record.event
            windowsEvent.headerNote = headerNote(recordID: windowsEvent.recordID, header: record.headerRecordID, resumedAfter: record.resumedAfter)
            let expected: String
            if let error = viaTree.map(windowsEvent, fallbackTime: fileTimeToTimestamp(record.writtenTime), into: &event) {
                expected = "reject: \(error)"
            } else {
                expected = encoder.withEncoded(event) { String(decoding: $0, as: UTF8.self) }
            }
            XCTAssertEqual(line, expected, "\(label) record at \(record.fileOffset)")
        }
        return (min(lines.count, tree.records.count), fromBytes, tree.errors.count)
    }
}
