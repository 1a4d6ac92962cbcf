@testable import AuditLake
import EVTX
import Foundation
import XCTest

/// EVTX records are mapped straight from their bytes (`WindowsMapper.map(_:record:into:)`); the
/// result must be byte for byte the NDJSON line the element tree's `WindowsEvent` maps to, on
/// every record of every sample.
final class EVTXViewMappingTests: XCTestCase {
    func testByteMappingEqualsTreeMapping() throws {
        guard let folder = sharedFixturesURL("evtx/samples") else { throw XCTSkip("../shared/fixtures/evtx is missing: byte mapping not compared") }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".evtx") }.sorted()
        var viaBytes = WindowsMapper(), viaTree = WindowsMapper()
        var encoder = EventEncoder()
        var e = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
        var compared = 0, fromBytes = 0, rejected = 0
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            var offset = EVTXFileHeader.size, index = 0
            while offset < data.count {
                let end = min(offset + EVTXChunk.size, data.count)
                let chunk = Array(data[offset..<end])
                var lines: [String] = []
                _ = chunk.withUnsafeBytes { raw in
                    EVTXChunk.parse(raw, index: index, fileOffset: offset) { record, view in
                        if view.isCompiled { fromBytes += 1 }
                        if let error = viaBytes.map(view, record: record, into: &e) {
                            lines.append("reject: \(error)")
                        } else {
                            lines.append(encoder.withEncoded(e) { String(decoding: $0, as: UTF8.self) })
                        }
                    }
                }
                let tree = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: index, fileOffset: offset, elements: true) }
                XCTAssertEqual(lines.count, tree.records.count, "\(file) chunk \(index)")
                for (line, record) in zip(lines, tree.records) {
                    var event = record.event
                    event.headerNote = headerNote(recordID: event.recordID, header: record.headerRecordID)
                    let expected: String
                    if let error = viaTree.map(event, fallbackTime: fileTimeToTimestamp(record.writtenTime), into: &e) {
                        expected = "reject: \(error)"
                        rejected += 1
                    } else {
                        expected = encoder.withEncoded(e) { String(decoding: $0, as: UTF8.self) }
                    }
                    XCTAssertEqual(line, expected, "\(file) record at \(record.fileOffset)")
                    compared += 1
                }
                offset = end
                index += 1
            }
        }
        print("EVTX byte mapping: \(compared) records equal to the tree's mapping (\(fromBytes) from bytes, \(rejected) rejected)")
        XCTAssertEqual(compared, 21665)
        XCTAssertGreaterThan(fromBytes, 21000)
    }
}
