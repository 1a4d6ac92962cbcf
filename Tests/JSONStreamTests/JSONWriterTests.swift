@testable import JSONStream
import Foundation
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

    /// Members whose keys are given as JSON text (`"name":`) are written whole, plain values
    /// copied as they are and string values escaped, with the commas placed around other calls.
    func testMembers() {
        var w = JSONWriter(capacity: 8)  // grows inside the calls
        w.beginObject()
        Array(#""a\"b":"#.utf8).withUnsafeBytes { key in Array("{54849625-5478}".utf8).withUnsafeBytes { w.member(key, plain: $0) } }
        Array(#""s":"#.utf8).withUnsafeBytes { key in Array("C:\\x\n\"".utf8).withUnsafeBytes { w.member(key, string: $0) } }
        w.key(verbatim: "n")
        w.beginArray()
        Array("12".utf8).withUnsafeBytes { w.string(plain: $0) }
        Array("".utf8).withUnsafeBytes { w.string(plain: $0) }
        w.endArray()
        Array(#""e":"#.utf8).withUnsafeBytes { key in Array("".utf8).withUnsafeBytes { w.member(key, plain: $0) } }
        w.endObject()
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), #"{"a\"b":"{54849625-5478}","s":"C:\\x\n\"","n":["12",""],"e":""}"#)

        // Every length a copy takes a different way for (bytes, words, four words, memmove).
        for n in 0...70 {
            let value = (0..<n).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            let key = (0..<(n % 37)).map { UInt8(ascii: "A") + UInt8($0 % 26) }
            var x = JSONWriter(capacity: 1)
            x.beginObject()
            for _ in 0..<2 {
                Array(#"""#.utf8 + key + #"":"#.utf8).withUnsafeBytes { k in value.withUnsafeBytes { x.member(k, plain: $0) } }
            }
            x.endObject()
            let member = #"""# + String(decoding: key, as: UTF8.self) + #"":""# + String(decoding: value, as: UTF8.self) + #"""#
            XCTAssertEqual(String(decoding: x.bytes, as: UTF8.self), "{" + member + "," + member + "}", "length \(n)")
        }
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

    /// The word-at-a-time writer against a byte-at-a-time reference: every special byte (quote,
    /// backslash, control, UTF-8 lead, invalid byte) at every position of texts 0 to 40 bytes
    /// long, and pairs of them, so that every split of words and tails is crossed.
    func testEscapingAtEveryPosition() {
        func reference(_ bytes: [UInt8]) -> [UInt8] {
            var out: [UInt8] = [0x22]
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0x08: out += [0x5C, 0x62]
                case 0x0C: out += [0x5C, 0x66]
                case 0..<0x20: out += Array(String(format: "\\u%04x", Int(b)).utf8)
                case 0x20..<0x80: out.append(b)
                default:
                    // The writer's rule (validUTF8Length) applied byte by byte.
                    let length = bytes.withUnsafeBytes { validUTF8Length($0, i) }
                    if length > 0 {
                        out += bytes[i..<(i + length)]
                        i += length
                        continue
                    }
                    out += [0xEF, 0xBF, 0xBD]
                }
                i += 1
            }
            return out + [0x22]
        }
        let specials: [[UInt8]] = [[0x22], [0x5C], [0x0A], [0x01], [0x1F], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xE2, 0x82]]
        var w = JSONWriter(capacity: 64)
        var checked = 0
        for length in 0...40 {
            let plain = (0..<length).map { UInt8(0x61 + $0 % 26) }
            var texts: [[UInt8]] = [plain]
            for at in 0..<max(length, 1) {
                for special in specials {
                    var t = plain
                    t.replaceSubrange(at..<min(at + special.count, t.count), with: special)
                    texts.append(t)
                    if at + 9 < t.count { t.replaceSubrange((at + 9)..<(at + 10), with: [0x5C]); texts.append(t) }
                }
            }
            for text in texts {
                w.reset()
                text.withUnsafeBytes { w.string(bytes: $0) }
                XCTAssertEqual(w.bytes, reference(text), "text \(text)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 11_894)
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
