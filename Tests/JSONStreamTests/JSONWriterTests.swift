import JSONStream
import XCTest

/// The output-side writer: structure, escaping, UTF-8 repair, and a round trip through the parser.
final class JSONWriterTests: XCTestCase {
    func testStructureAndCommas() {
        var w = JSONWriter()
        w.beginObject()
        w.key("a"); w.number(1)
        w.key("b"); w.beginArray(); w.string("x"); w.bool(true); w.null(); w.beginObject(); w.endObject(); w.endArray()
        w.key("c"); w.number(-2.5)
        w.key("d"); w.number(3.0)
        w.key("e"); w.number(Double.nan)
        w.key("f"); w.number(Int.min)
        w.endObject()
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self),
                       #"{"a":1,"b":["x",true,null,{}],"c":-2.5,"d":3,"e":null,"f":-9223372036854775808}"#)
    }

    /// Keys already quoted and plain values are copied as they are, with the commas placed.
    func testQuotedKeysAndPlainValues() {
        var w = JSONWriter()
        w.beginObject()
        Array(#""a\"b""#.utf8).withUnsafeBytes { w.key(quoted: $0) }
        Array("{54849625-5478}".utf8).withUnsafeBytes { w.string(plain: $0) }
        Array(#""n""#.utf8).withUnsafeBytes { w.key(quoted: $0) }
        w.beginArray()
        Array("12".utf8).withUnsafeBytes { w.string(plain: $0) }
        Array("".utf8).withUnsafeBytes { w.string(plain: $0) }
        w.endArray()
        w.endObject()
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), #"{"a\"b":"{54849625-5478}","n":["12",""]}"#)
    }

    func testEscaping() {
        var w = JSONWriter()
        w.string("q\"b\\s/\n\r\t\u{8}\u{c}\u{1}\u{1f}é😀\u{7f}")
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), #""q\"b\\s/\n\r\t\b\f\u0001\u001fé😀"# + "\u{7f}\"")
    }

    /// Invalid UTF-8 (overlong, surrogate, truncated, stray continuation) becomes U+FFFD per byte.
    func testInvalidUTF8IsRepaired() {
        var w = JSONWriter()
        let bad: [UInt8] = [0x61, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x80, 0x62, 0xE2, 0x82]
        bad.withUnsafeBytes { w.string(bytes: $0) }
        let text = String(decoding: w.bytes, as: UTF8.self)
        XCTAssertEqual(text, "\"a" + String(repeating: "\u{FFFD}", count: 6) + "b" + String(repeating: "\u{FFFD}", count: 2) + "\"")
    }

    /// Whatever the writer emits, the parser reads back to the same strings.
    func testRoundTrip() {
        let samples = ["", "plain", "tab\there", "\u{0}\u{1}\u{2}", "ünïcødé – 😀", "\"quoted\" \\ back", "\u{2028}\u{2029}"]
        var w = JSONWriter()
        w.beginArray()
        for s in samples { w.string(s) }
        w.endArray()
        let stream = JSONRecordStream(options: JSONStreamOptions(singleValue: true))
        stream.append(w.bytes)
        stream.finish()
        guard case .record(let r)? = stream.next() else { return XCTFail("writer output did not parse") }
        XCTAssertEqual(r.root.elements.map { $0.string! }, samples)
    }

    func testRawCopyOfParsedValue() {
        let stream = JSONRecordStream()
        stream.append(#"{"Parameters":[{"Name":"A","Value":"\u00e9"}]}"#.bytes)
        stream.finish()
        guard case .record(let r)? = stream.next() else { return XCTFail("no record") }
        var w = JSONWriter()
        w.beginObject()
        w.key("p"); w.value(r.root["Parameters"]!)
        w.endObject()
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), #"{"p":[{"Name":"A","Value":"\u00e9"}]}"#)
    }
}
