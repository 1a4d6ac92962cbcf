import JSONStream
import XCTest

/// Shapes, positions, errors and recovery of `JSONRecordStream`, each checked under every split.
final class RecordStreamTests: XCTestCase {
    func testNDJSONWithBlankLinesAndCRLF() {
        let input = "{\"a\":1}\r\n\r\n  {\"b\":[1,2]}\n\n\"s\"\n42\n".bytes
        XCTAssertEqual(assertSplitInvariant(input), [
            "R 0 @0 L1 {\"a\":1}",
            "R 1 @13 L3 {\"b\":[1,2]}",
            "R 2 @26 L5 \"s\"",
            "R 3 @30 L6 42",
        ])
    }

    func testTopLevelArrayYieldsElements() {
        let input = "[\n {\"Id\":\"1\"},\n {\"Id\":\"2\",\"x\":[{}]}\n]\n".bytes
        XCTAssertEqual(assertSplitInvariant(input), [
            "R 0 @3 L2 {\"Id\":\"1\"}",
            "R 1 @16 L3 {\"Id\":\"2\",\"x\":[{}]}",
        ])
    }

    func testWrappedArraysValueAndRecords() {
        let graph = "{\"@odata.context\":\"https://graph\",\"value\":[{\"id\":1},{\"id\":2}],\"@odata.nextLink\":{\"u\":[1]}}".bytes
        XCTAssertEqual(assertSplitInvariant(graph), ["R 0 @43 L1 {\"id\":1}", "R 1 @52 L1 {\"id\":2}"])
        let monitor = "{ \"records\" : [ {\"time\":\"t\"} ] }\n".bytes
        XCTAssertEqual(assertSplitInvariant(monitor), ["R 0 @16 L1 {\"time\":\"t\"}"])
        let stream = JSONRecordStream()
        stream.append(graph)
        stream.finish()
        while stream.next() != nil {}
        XCTAssertEqual(stream.shape, .wrappedArray)
    }

    /// An object whose `value` member is not an array is a record, not a wrapper.
    func testObjectWithScalarValueIsARecord() {
        let input = "{\"value\":3,\"k\":\"v\"}\n{\"value\":[1]}\n".bytes
        XCTAssertEqual(assertSplitInvariant(input), ["R 0 @0 L1 {\"value\":3,\"k\":\"v\"}", "R 1 @20 L2 {\"value\":[1]}"])
    }

    func testShapes() {
        func shape(_ text: String) -> JSONShape {
            let stream = JSONRecordStream()
            stream.append(text.bytes)
            stream.finish()
            while stream.next() != nil {}
            return stream.shape
        }
        XCTAssertEqual(shape(""), .empty)
        XCTAssertEqual(shape(" \n "), .empty)
        XCTAssertEqual(shape("{\"a\":1}"), .value)
        XCTAssertEqual(shape("{\"a\":1}\n{\"a\":2}"), .ndjson)
        XCTAssertEqual(shape("[1,2]"), .array)
        XCTAssertEqual(shape("{\"value\":[]}"), .wrappedArray)
    }

    func testByteOrderMarkIsSkippedAndUTF16Refused() {
        XCTAssertEqual(assertSplitInvariant([0xEF, 0xBB, 0xBF] + "[1]".bytes), ["R 0 @4 L1 1"])
        XCTAssertEqual(events([0xFF, 0xFE, 0x5B, 0x00]), [
            "F @0 L1 line 1, column 1 (byte 0): expected UTF-8 text, found a UTF-16 byte order mark fatal",
        ])
    }

    /// Records need a line break between them; the bad one is reported and the next line read.
    func testMissingLineBreakIsReportedAndSkipped() {
        let input = "{\"a\":1} {\"b\":2}\n{\"c\":3}\n".bytes
        XCTAssertEqual(assertSplitInvariant(input), [
            "R 0 @0 L1 {\"a\":1}",
            "F @8 L1 line 1, column 9 (byte 8): expected a line break between records, found '{'",
            "R 1 @16 L2 {\"c\":3}",
        ])
    }

    /// After a bad NDJSON record the stream resumes at the next line starting with '{' or '[':
    /// a broken pretty-printed record is one failure, not one per line.
    func testRecoveryAfterBadRecord() {
        let input = "{\"a\":1}\n{\n  \"b\": tru,\n  \"c\": {\n  }\n}\n{\"d\":4}\n".bytes
        XCTAssertEqual(assertSplitInvariant(input), [
            "R 0 @0 L1 {\"a\":1}",
            "F @8 L2 line 3, column 11 (byte 20): expected true, false or null, found ','",
            "R 1 @37 L7 {\"d\":4}",
        ])
    }

    func testErrorInsideArrayIsFatal() {
        let input = "[{\"a\":1},\n{\"a\":01},{\"a\":3}]".bytes
        XCTAssertEqual(assertSplitInvariant(input), [
            "R 0 @1 L1 {\"a\":1}",
            "F @10 L2 line 2, column 7 (byte 16): expected ',' or '}' after an object member, found '1' fatal",
        ])
    }

    func testTruncatedInputs() {
        XCTAssertEqual(events("[{\"a\":1},{\"a\"".bytes), [
            "R 0 @1 L1 {\"a\":1}",
            "F @9 L1 line 1, column 14 (byte 13): expected ':' after an object key, found end of input fatal",
        ])
        XCTAssertEqual(events("{\"a\":1}\n{\"b\":\"x".bytes), [
            "R 0 @0 L1 {\"a\":1}",
            "F @8 L2 line 2, column 8 (byte 15): expected '\"' closing the string, found end of input",
        ])
        XCTAssertEqual(events("[1,2".bytes), ["R 0 @1 L1 1", "R 1 @3 L1 2",
            "F @4 L1 line 1, column 5 (byte 4): expected ',' or ']' after an array element, found end of input fatal"])
    }

    /// 100,000 nested arrays: a depth error at the limit, no stack overflow.
    func testDepthLimit() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        XCTAssertEqual(events(deep), [
            "F @1 L1 line 1, column 513 (byte 512): expected nesting depth of at most 512, found a deeper nesting level fatal",
        ])
        let ok = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        XCTAssertEqual(events(ok.bytes, options: JSONStreamOptions(maxDepth: 10, singleValue: true)).count, 1)
        XCTAssertEqual(events(ok.bytes, options: JSONStreamOptions(maxDepth: 9, singleValue: true)).first?.contains("at most 9"), true)
    }

    func testNumbersAtChunkEndsWaitForMore() {
        XCTAssertEqual(assertSplitInvariant("123\n-4.5e+6\n0\n".bytes), ["R 0 @0 L1 123", "R 1 @4 L2 -4.5e+6", "R 2 @12 L3 0"])
        XCTAssertEqual(assertSplitInvariant("[-0.0E-0]".bytes), ["R 0 @1 L1 -0.0E-0"])
    }

    func testMultiByteUTF8AcrossChunks() {
        XCTAssertEqual(assertSplitInvariant("[\"é😀\",\"\\ud83d\\ude00\"]".bytes), ["R 0 @1 L1 \"é😀\"", "R 1 @10 L1 \"\\ud83d\\ude00\""])
        XCTAssertEqual(events([0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D]), [
            "F @1 L1 line 1, column 4 (byte 3): expected valid UTF-8, found '(' fatal",
        ])
    }

    /// Memory stays bounded by the largest record, not the input: a 4 MB array in 64 KiB chunks.
    func testArrayIsStreamedWithBoundedBuffer() {
        let record = "{\"Id\":\"" + String(repeating: "x", count: 1000) + "\",\"n\":[1,2,3]}"
        let input = ("[" + Array(repeating: record, count: 4000).joined(separator: ",") + "]").bytes
        let stream = JSONRecordStream()
        var records = 0
        var offset = 0
        while offset < input.count {
            let end = min(offset + 65536, input.count)
            stream.append(Array(input[offset..<end]))
            offset = end
            while case .record? = stream.next() { records += 1 }
        }
        stream.finish()
        while case .record? = stream.next() { records += 1 }
        XCTAssertEqual(records, 4000)
        XCTAssertLessThanOrEqual(stream.bufferCapacity, 256 * 1024)
    }
}
