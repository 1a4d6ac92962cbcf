import JSONStream
import XCTest

/// Lazy field access: lookups, one-pass fetches, decoding on demand.
final class JSONValueTests: XCTestCase {
    /// Runs `body` on the single record of `text`.
    private func withRecord(_ text: String, _ body: (JSONRecord) throws -> Void) rethrows {
        let stream = JSONRecordStream(options: JSONStreamOptions(singleValue: true))
        stream.append(text.bytes)
        stream.finish()
        guard case .record(let record)? = stream.next() else { return XCTFail("no record in \(text)") }
        try body(record)
    }

    func testMemberLookupAndKinds() {
        withRecord(#"{"Id":"a1","RecordType":15,"ok":true,"no":false,"nil":null,"arr":[1,{"x":2},"s"],"obj":{"k":"v"}}"#) { r in
            let root = r.root
            XCTAssertEqual(root.kind, .object)
            XCTAssertEqual(root.count, 7)
            XCTAssertEqual(root["Id"]?.string, "a1")
            XCTAssertEqual(root["RecordType"]?.int64, 15)
            XCTAssertEqual(root["ok"]?.bool, true)
            XCTAssertEqual(root["no"]?.bool, false)
            XCTAssertEqual(root["nil"]?.isNull, true)
            XCTAssertNil(root["missing"])
            XCTAssertEqual(root["arr"]?.count, 3)
            XCTAssertEqual(root["arr"]?[1]?["x"]?.int64, 2)
            XCTAssertEqual(root["arr"]?[2]?.string, "s")
            XCTAssertNil(root["arr"]?[3])
            XCTAssertEqual(root["arr"]?.elements.map { String(decoding: $0.rawBytes, as: UTF8.self) }, ["1", #"{"x":2}"#, #""s""#])
            XCTAssertEqual(root["obj"].map { String(decoding: $0.rawBytes, as: UTF8.self) }, #"{"k":"v"}"#)
            XCTAssertEqual(root.members.map { $0.key.string! }, ["Id", "RecordType", "ok", "no", "nil", "arr", "obj"])
        }
    }

    /// Keys that differ only in case are different keys; both stay readable.
    func testCaseCollidingKeys() {
        withRecord(#"{"EventName":"A","eventName":"b"}"#) { r in
            XCTAssertEqual(r.root["EventName"]?.string, "A")
            XCTAssertEqual(r.root["eventName"]?.string, "b")
        }
    }

    func testFetchReadsManyFieldsInOnePass() {
        let fields = JSONFieldSet(["Operation", "Id", "Nope", "Wörk", "UserId"])
        withRecord(#"{"Id":"1","UserId":"u@x","W\u00f6rk":"esc-key","Operation":"Op","Id":"dup"}"#) { r in
            var values: [JSONValue?] = []
            r.root.fetch(fields, into: &values)
            XCTAssertEqual(values.map { $0?.string }, ["Op", "1", nil, "esc-key", "u@x"])
        }
    }

    func testStringDecoding() {
        withRecord(#"["plain","a\"b\\c\/d\b\f\n\r\t","\u00e9\u20ac","\ud83d\ude00","\ud800x","\udc00","é😀"]"#) { r in
            let strings = r.root.elements.map { $0.string! }
            XCTAssertEqual(strings, ["plain", "a\"b\\c/d\u{8}\u{c}\n\r\t", "é€", "😀", "\u{FFFD}x", "\u{FFFD}", "é😀"])
            XCTAssertFalse(r.root[0]!.hasEscapes)
            XCTAssertTrue(r.root[1]!.hasEscapes)
            XCTAssertTrue(r.root[2]!.stringEquals(JSONKey("é€")))
        }
    }

    /// Numbers keep their exact text; integers that do not fit are not rounded into an Int64.
    func testNumbers() {
        withRecord("[0,-0,12345678901234567890,-9223372036854775808,1.5e3,1E400,9223372036854775807]") { r in
            let texts = r.root.elements.map { String(decoding: $0.rawBytes, as: UTF8.self) }
            XCTAssertEqual(texts, ["0", "-0", "12345678901234567890", "-9223372036854775808", "1.5e3", "1E400", "9223372036854775807"])
            XCTAssertEqual(r.root.elements.map { $0.int64 }, [0, 0, nil, Int64.min, nil, nil, Int64.max])
            XCTAssertEqual(r.root[4]?.double, 1500)
            XCTAssertEqual(r.root[5]?.double, .infinity)
        }
    }

    func testRecordPositionAndCopy() {
        let stream = JSONRecordStream()
        stream.append("\n\n  {\"a\":1}\n".bytes)
        stream.finish()
        guard case .record(let r)? = stream.next() else { return XCTFail("no record") }
        XCTAssertEqual(r.offset, 4)
        XCTAssertEqual(r.line, 3)
        XCTAssertEqual(r.index, 0)
        XCTAssertEqual(r.copyBytes(), "{\"a\":1}".bytes)
    }
}
