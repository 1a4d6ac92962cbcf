import JSONStream
import XCTest

/// RFC 8259 conformance over Nicolas Seriot's JSONTestSuite (../shared/fixtures/jsontestsuite).
final class JSONTestSuiteTests: XCTestCase {
    /// y_ accepted, n_ rejected, i_ answered without a crash or hang, in strict one-value mode,
    /// whole, split at every byte boundary (files up to 2 KiB) and in 1-byte chunks.
    func testEveryParsingFile() throws {
        guard let folder = sharedFixtures("jsontestsuite/test_parsing") else {
            throw XCTSkip("../shared/fixtures/jsontestsuite is missing: JSONTestSuite conformance not checked")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        var counts: [Character: Int] = [:]
        var accepted: [String] = []
        let strict = JSONStreamOptions(singleValue: true)
        for name in names {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let result = assertSplitInvariant(bytes, options: strict, everySplit: bytes.count <= 2048)
            let ok = result.count == 1 && result[0].hasPrefix("R ")
            let kind = name.first!
            counts[kind, default: 0] += 1
            switch kind {
            case "y":
                XCTAssertTrue(ok, "\(name) should be accepted: \(result)")
                if ok { XCTAssertEqual(result[0], "R 0 @\(firstValueOffset(bytes)) L\(firstValueLine(bytes)) \(trimmedText(bytes))", name) }
            case "n":
                XCTAssertFalse(ok, "\(name) should be rejected: \(result)")
                XCTAssertTrue(result.last?.hasSuffix("fatal") ?? false, "\(name): \(result)")
            default:
                if ok { accepted.append(name) }
            }
        }
        print("JSONTestSuite: checked \(names.count) files: \(counts["y"] ?? 0) y_ accepted, \(counts["n"] ?? 0) n_ rejected, \(counts["i"] ?? 0) i_ answered (\(accepted.count) of them accepted: \(accepted.joined(separator: " ")))")
        XCTAssertEqual(names.count, 318)
    }

    /// In auto mode (the mode inputs are read in) every y_ file still reads without failure and
    /// every n_ file still fails: the NDJSON and array framing loosen nothing.
    func testAutoModeAgrees() throws {
        guard let folder = sharedFixtures("jsontestsuite/test_parsing") else {
            throw XCTSkip("../shared/fixtures/jsontestsuite is missing: auto-mode agreement not checked")
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasPrefix("y_") || name.hasPrefix("n_") {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let failed = events(bytes).contains { $0.hasPrefix("F ") }
            if name.hasPrefix("y_") {
                XCTAssertFalse(failed, "\(name) failed in auto mode")
            } else if !Self.autoModeAccepts.keys.contains(name) {
                XCTAssertTrue(failed, "\(name) read without failure in auto mode")
            }
        }
    }

    /// n_ files that are not one JSON text but are valid input in auto mode, and why.
    static let autoModeAccepts: [String: String] = [
        "n_structure_no_data.json": "an empty file is an empty NDJSON stream (0 records)",
        "n_structure_UTF8_BOM_no_data.json": "a BOM alone is an empty NDJSON stream (0 records)",
        "n_single_space.json": "whitespace alone is an empty NDJSON stream (0 records)",
    ]

    private func firstValueOffset(_ bytes: [UInt8]) -> Int {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i
    }

    private func firstValueLine(_ bytes: [UInt8]) -> Int {
        1 + bytes[0..<firstValueOffset(bytes)].filter { $0 == 0x0A }.count
    }

    private func trimmedText(_ bytes: [UInt8]) -> String {
        var end = bytes.count
        while end > 0 && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[firstValueOffset(bytes)..<end], as: UTF8.self)
    }
}
