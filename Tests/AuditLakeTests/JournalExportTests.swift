@testable import AuditLake
import XCTest

/// `journalctl -o export`: text and binary fields, entries split at every byte, damage.
final class JournalExportTests: XCTestCase {
    private func binary(_ name: String, _ bytes: [UInt8]) -> [UInt8] {
        Array(name.utf8) + [0x0A] + withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { Array($0) } + bytes + [0x0A]
    }

    /// Every entry and failure, as text, reading `input` in pieces cut at `cuts`.
    private func read(_ input: [UInt8], cuts: [Int]) -> [String] {
        let reader = JournalExportReader()
        var out: [String] = []
        func step(_ s: JournalExportReader.Step) {
            switch s {
            case .entry(let entry, let offset, let line, let raw):
                out.append("\(offset):\(line):\(raw.count) " + entry.fields.map { "\($0.name)=\($0.text ?? "nil")" }.joined(separator: "|"))
            case .failure(let reason, let offset, let line):
                out.append("\(offset):\(line) failure: \(reason)")
            }
        }
        var start = 0
        for cut in cuts + [input.count] where cut >= start {
            input[start..<cut].withUnsafeBytes { reader.append($0, step) }
            start = cut
        }
        reader.finish(step)
        return out
    }

    func testEntriesAtEverySplit() {
        let input = Array("__CURSOR=a\n__REALTIME_TIMESTAMP=1\nMESSAGE=one\nTAG=x\nTAG=y\n\n".utf8)
            + Array("__CURSOR=b\n".utf8) + binary("MESSAGE", Array("two\nlines \u{e9}".utf8)) + Array("PRIORITY=3\n\n".utf8)
            + Array("__CURSOR=c\nMESSAGE=last, no blank line\n".utf8)
        let whole = read(input, cuts: [])
        XCTAssertEqual(whole, [
            "0:1:59 __CURSOR=a|__REALTIME_TIMESTAMP=1|MESSAGE=one|TAG=x\ny",
            "59:7:52 __CURSOR=b|MESSAGE=two\nlines é|PRIORITY=3",
            "111:13:39 __CURSOR=c|MESSAGE=last, no blank line",
        ])
        for cut in 0...input.count { XCTAssertEqual(read(input, cuts: [cut]), whole, "cut at \(cut)") }
        XCTAssertEqual(read(input, cuts: Array(0...input.count)), whole, "byte by byte")
    }

    func testDamageIsAFailureAndReadingGoesOn() {
        let good = Array("__CURSOR=z\nMESSAGE=after\n\n".utf8)
        // A binary size far beyond the input, a line that is neither KEY=value nor a field name,
        // binary data not followed by a line break, and an entry cut inside a binary field.
        let huge = Array("__CURSOR=x\nMESSAGE\n".utf8) + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] + Array("junk\n\n".utf8)
        let prose = Array("__CURSOR=y\nhello there\n\n".utf8)
        var unterminated = Array("__CURSOR=w\n".utf8) + binary("MESSAGE", Array("abc".utf8))
        unterminated[unterminated.count - 1] = UInt8(ascii: "X")
        unterminated += Array("\n\n".utf8)
        let cut = Array("__CURSOR=v\n".utf8) + Array(binary("MESSAGE", Array("abcdef".utf8)).prefix(22))
        let input = huge + good + prose + good + unterminated + good + cut
        let steps = read(input, cuts: [])
        XCTAssertEqual(steps.filter { $0.contains("failure") }.map { String($0.split(separator: " ", maxSplits: 2)[2]) }, [
            "binary field of 9223372036854775807 bytes is not believable",
            "not a journal export field: a line with neither '=' nor a field name",
            "binary field of 3 bytes not followed by a line break",
            "binary field of 6 bytes cut short",
        ])
        XCTAssertEqual(steps.filter { $0.hasSuffix("__CURSOR=z|MESSAGE=after") }.count, 3)
        for split in stride(from: 0, through: input.count, by: 7) { XCTAssertEqual(read(input, cuts: [split]), steps, "cut at \(split)") }
    }

    /// The real binary detects the format and maps entries like `journalctl -o json` ones.
    func testConvertDetectsExportFormat() throws {
        let result = try runAuditLake(["convert", "samples/syslog/input/journal.export"], in: packageRoot)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        XCTAssertEqual(flattenJSON(first)["event.action"], "ssh_login")
        XCTAssertEqual(flattenJSON(first)["user.name"], "deploy")
        XCTAssertEqual(flattenJSON(first)["source.ip"], "198.51.100.20")
        let second = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as! [String: Any]
        XCTAssertEqual(second["message"] as? String, "rsync warning:\nsome files vanished \u{FFFD} before transfer")
        XCTAssertEqual(flattenJSON(second)["log.syslog.journald.TAG"], "nightly\noffsite")
    }

    /// A negative facility is kept as a code with no name (it indexed out of the table once).
    func testNegativeFacility() throws {
        let line = "{\"__REALTIME_TIMESTAMP\":\"1763629380120000\",\"SYSLOG_FACILITY\":\"-1\",\"MESSAGE\":\"x\"}\n"
        let result = try runAuditLake(["convert", "-"], stdin: Array(line.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"facility\":{\"code\":-1}"), result.stdout)
    }
}
