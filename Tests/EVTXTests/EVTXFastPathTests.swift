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

    /// Every field of an event as text.
    static func describe(_ e: WindowsEvent) -> [String] {
        let system: [String?] = [e.provider, e.providerGUID, e.eventID, e.qualifiers, e.version, e.level, e.task, e.opcode,
                                 e.keywords, e.timeCreated, e.recordID, e.activityID, e.processID, e.threadID, e.channel,
                                 e.computer, e.userSID, e.message, e.headerNote, String(e.fromUserData)]
        return system.map { $0 ?? "<nil>" } + e.data.map { "\($0.name)=\($0.value)" }
    }
}
