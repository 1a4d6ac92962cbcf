import EVTX
import Foundation
import XCTest

/// Records read through compiled templates (no element tree) must give exactly the event the
/// element tree gives: every System value and every data item, on every record of every sample.
final class EVTXFastPathTests: XCTestCase {
    func testCompiledTemplatesGiveTheTreesEvents() throws {
        guard let fixtures = EVTXFixtureTests.fixtures else { throw XCTSkip("../shared/fixtures/evtx is missing: fast path not compared") }
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("samples").path)
            .filter { $0.hasSuffix(".evtx") }.sorted()
        var compared = 0, viaTree = 0
        for file in files {
            let url = fixtures.appendingPathComponent("samples/\(file)")
            let fast = try EVTXFixtureTests.read(url).chunks
            let tree = try EVTXFixtureTests.read(url, elements: true).chunks
            XCTAssertEqual(fast.map(\.records.count), tree.map(\.records.count), file)
            XCTAssertEqual(fast.map(\.errors.count), tree.map(\.errors.count), file)
            for (a, b) in zip(fast.flatMap(\.records), tree.flatMap(\.records)) {
                XCTAssertEqual(a.fileOffset, b.fileOffset, file)
                XCTAssertEqual(Self.describe(a.event), Self.describe(b.event), "\(file) record at \(a.fileOffset)")
                XCTAssertNotNil(b.element)
                XCTAssertNil(a.element)
                compared += 1
            }
            viaTree += tree.flatMap(\.records).count
        }
        print("EVTX fast path: \(compared) records equal to the element tree's")
        XCTAssertEqual(compared, viaTree)
        XCTAssertGreaterThan(compared, 10000)
    }

    /// One reader for every chunk of every sample (templates compiled in one chunk used again in
    /// later ones, working memory reused) gives each record exactly the event a fresh parse of
    /// its chunk gives, and the same errors.
    func testSharedReaderGivesTheSameEvents() throws {
        guard let fixtures = EVTXFixtureTests.fixtures else { throw XCTSkip("../shared/fixtures/evtx is missing: shared reader not compared") }
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("samples").path)
            .filter { $0.hasSuffix(".evtx") }.sorted()
        let reader = EVTXChunkReader()
        var compared = 0
        for file in files {
            let data = try Data(contentsOf: fixtures.appendingPathComponent("samples/\(file)"))
            var offset = EVTXFileHeader.size, index = 0
            while offset < data.count {
                let end = min(offset + EVTXChunk.size, data.count)
                let chunk = Array(data[offset..<end])
                var shared: [[String]] = []
                let result = chunk.withUnsafeBytes { raw in
                    reader.parse(raw, index: index, fileOffset: offset) { _, view in shared.append(Self.describe(view.windowsEvent())) }
                }
                let fresh = chunk.withUnsafeBytes { EVTXChunk.parse($0, index: index, fileOffset: offset) }
                XCTAssertEqual(shared, fresh.records.map { Self.describe($0.event) }, "\(file) chunk \(index)")
                XCTAssertEqual(result.errors.map(\.description), fresh.errors.map(\.description), "\(file) chunk \(index)")
                compared += shared.count
                offset = end
                index += 1
            }
        }
        XCTAssertEqual(compared, 21839)
    }

    /// Every field of an event as text.
    static func describe(_ e: WindowsEvent) -> [String] {
        let system: [String?] = [e.provider, e.providerGUID, e.eventID, e.qualifiers, e.version, e.level, e.task, e.opcode,
                                 e.keywords, e.timeCreated, e.recordID, e.activityID, e.processID, e.threadID, e.channel,
                                 e.computer, e.userSID, e.message, e.headerNote, String(e.fromUserData)]
        return system.map { $0 ?? "<nil>" } + e.data.map { "\($0.name)=\($0.value)" }
    }
}
