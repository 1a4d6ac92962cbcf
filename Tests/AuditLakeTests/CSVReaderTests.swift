@testable import AuditLake
import XCTest

/// RFC 4180 rows from a stream split anywhere.
final class CSVReaderTests: XCTestCase {
    private func rows(_ bytes: [UInt8], split: Int? = nil) -> [String] {
        let reader = CSVReader()
        var out: [String] = []
        func take(_ rows: [CSVRow]) {
            for r in rows { out.append("\(r.line)@\(r.offset): " + r.fields.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "|")) }
        }
        let cuts = split.map { [0, $0, bytes.count] } ?? Array(0...bytes.count)
        for (a, b) in zip(cuts, cuts.dropFirst()) {
            take(bytes[a..<b].withUnsafeBytes { reader.append($0) })
        }
        switch reader.finish() {
        case .success(let last): if let last { take([last]) }
        case .failure(let e): out.append("error: \(e.reason)")
        }
        return out
    }

    func testQuotingAndSplits() {
        let text = [0xEF, 0xBB, 0xBF] + Array("a,b,AuditData\r\n1,\"x, \"\"q\"\"\",\"{\"\"k\"\":\r\n\"\"v\"\"}\"\r\n\r\n2,,last".utf8)
        let expected = [
            "1@3: a|b|AuditData",
            "2@18: 1|x, \"q\"|{\"k\":\r\n\"v\"}",
            "5@52: 2||last",
        ]
        XCTAssertEqual(rows(text), expected)  // byte by byte
        for k in 0...text.count { XCTAssertEqual(rows(text, split: k), expected, "split at \(k)") }
    }

    func testUnterminatedQuoteIsAnError() {
        XCTAssertEqual(rows(Array("h\n\"open,\nmore".utf8)), ["1@0: h", "error: quoted CSV field opened on line 2 is never closed (truncated file?)"])
    }
}
