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

    /// Every chunk of the file at `url` (with element trees when `elements`).
    static func read(_ url: URL, elements: Bool = false) throws -> (header: EVTXFileHeader?, chunks: [EVTXChunkResult]) {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in
            let header = EVTXFileHeader(UnsafeRawBufferPointer(rebasing: raw[0..<min(4096, raw.count)]))
            var chunks: [EVTXChunkResult] = []
            var offset = EVTXFileHeader.size
            var index = 0
            while offset < raw.count {
                let end = min(offset + EVTXChunk.size, raw.count)
                chunks.append(EVTXChunk.parse(UnsafeRawBufferPointer(rebasing: raw[offset..<end]), index: index, fileOffset: offset,
                                              elements: elements))
                offset = end
                index += 1
            }
            return (header, chunks)
        }
    }

    /// Files where more records read than the reference parser reads, and why.
    static let moreThanTheReference: [String: (records: Int, why: String)] = [
        "2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx": (1950, """
            one record the reference fails is readable; and after record 6335011, whose size and trailing copy \
            differ (the log was copied while being written), reading resumes at the next whole record: 39 more \
            records whose templates name themselves; 23 others name templates overwritten since and are rejects
            """),
        "2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx": (1795, """
            after record 463011, whose size and trailing copy differ, reading resumes at the next whole record: \
            21 more records (the reference skips the rest of the chunk)
            """),
        "sample-with-zero-data-size-event.evtx": (449, """
            after record 3, whose size is 0, reading resumes at the next whole record: records 4 to 117 of the \
            chunk, as its header counts them (the reference skips the rest of the chunk)
            """),
    ]

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
            XCTAssertEqual(records, Self.moreThanTheReference[name]?.records ?? ok, name)
        }
        print(report.joined(separator: "\n"))
    }
}

/// Field by field against the reference rendering (`truth/`): EventRecordID, EventID,
/// TimeCreated and every EventData value, for every record of four Security logs.
final class EVTXTruthTests: XCTestCase {
    func testSystemAndEventDataMatchTheReference() throws {
        guard let fixtures = EVTXFixtureTests.fixtures else { throw XCTSkip("../shared/fixtures/evtx is missing: EVTX values not checked") }
        var compared = 0
        for name in ["new-user-security", "post-Security", "Security_with_size_t", "security"] {
            let (_, chunks) = try EVTXFixtureTests.read(fixtures.appendingPathComponent("samples/\(name).evtx"))
            var ours: [String: WindowsEvent] = [:]
            for record in chunks.flatMap(\.records) { ours[record.event.recordID ?? "?"] = record.event }
            let lines = try String(contentsOf: fixtures.appendingPathComponent("truth/omer__\(name).ndjson"), encoding: .utf8).split(separator: "\n")
            XCTAssertEqual(ours.count, lines.count, name)
            for line in lines {
                let truth = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                let event = (truth["event"] as! [String: Any])["Event"] as! [String: Any]
                let system = event["System"] as! [String: Any]
                let id = "\(system["EventRecordID"]!)"
                guard let mine = ours[id] else {
                    XCTFail("\(name): record \(id) missing")
                    continue
                }
                let eventID = (system["EventID"] as? [String: Any])?["#text"] ?? system["EventID"]!
                XCTAssertEqual(mine.eventID, "\(eventID)", "\(name) \(id) EventID")
                let time = ((system["TimeCreated"] as! [String: Any])["#attributes"] as! [String: Any])["SystemTime"] as! String
                XCTAssertEqual(micros(mine.timeCreated), micros(time), "\(name) \(id) TimeCreated")
                XCTAssertEqual(mine.channel, system["Channel"] as? String)
                XCTAssertEqual(mine.computer, system["Computer"] as? String)
                guard let data = event["EventData"] as? [String: Any] else { continue }
                for (key, value) in data where key != "#attributes" && key != "Data" && key != "Binary" {
                    XCTAssertEqual(normalize(mine[key]), normalize(value), "\(name) \(id) EventData.\(key)")
                    compared += 1
                }
            }
        }
        print("EVTX truth: \(compared) EventData values equal")
        XCTAssertGreaterThan(compared, 20000)
    }

    /// Microseconds of an RFC 3339 UTC time with 6 or 7 fraction digits.
    private func micros(_ text: String?) -> String? {
        guard let text, let dot = text.firstIndex(of: ".") else { return text }
        let fraction = text[text.index(after: dot)...].prefix { $0.isNumber }
        return text[..<dot] + "." + String((fraction + "000000").prefix(6)) + "Z"
    }

    /// The reference renders numbers as numbers, GUIDs without braces, empty values as null.
    private func normalize(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "" }
        var text = "\(value)"
        // Times: the reference keeps 6 fraction digits of FILETIME's 7; compare to the microsecond.
        if text.count >= 26, text.hasSuffix("Z"), text.dropFirst(10).first == "T" { text = micros(text) ?? text }
        if text.hasPrefix("{") && text.hasSuffix("}") && text.count == 38 { text = String(text.dropFirst().dropLast()) }
        return text.lowercased()
    }
}
