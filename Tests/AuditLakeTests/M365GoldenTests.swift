@testable import AuditLake
import Foundation
import XCTest

/// The M365 samples against their expected output, exactly, and against the event schema.
final class M365GoldenTests: XCTestCase {
    let expected = packageRoot.appendingPathComponent("samples/m365/expected")

    /// `convert samples/m365` prints the golden NDJSON, the golden reject lines, and exits 1.
    func testConvertMatchesGolden() throws {
        try assertConvertMatchesGolden("m365", summary: "records read 20 = events written 15 + duplicates skipped 2 + rejected 3")
    }

    /// Every sample event validates against schemas/event.schema.json.
    func testSampleOutputValidatesAgainstSchema() throws {
        let validator = try SchemaValidator(path: packageRoot.appendingPathComponent("schemas/event.schema.json").path)
        let lines = try String(contentsOf: expected.appendingPathComponent("convert.ndjson"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 15)
        for line in lines {
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8))
            XCTAssertEqual(validator.validate(event), [], String(line.prefix(200)))
        }
        // The validator can fail: a wrong type, an unknown field and a bad enum are caught.
        var bad = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        bad["surprise"] = 1
        var event = bad["event"] as! [String: Any]
        event["outcome"] = "maybe"
        bad["event"] = event
        bad["log"] = ["file": ["path": "x"], "offset": "12"]
        XCTAssertEqual(validator.validate(bad).sorted(), [
            "$.event.outcome: maybe not in enum", "$.log.offset: not of type integer", "$: unexpected field surprise",
        ])
    }

    /// The DDL in the binary is the text of schemas/index.sql.
    func testIndexSchemaMatchesFile() throws {
        XCTAssertEqual(IndexSchema.sql, try String(contentsOf: packageRoot.appendingPathComponent("schemas/index.sql"), encoding: .utf8))
    }
}
