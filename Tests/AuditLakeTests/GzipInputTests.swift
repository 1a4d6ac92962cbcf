@testable import AuditLake
import JSONStream
import XCTest

/// gzip input: detected by magic bytes, multi-member, and every kind of damage named.
final class GzipInputTests: XCTestCase {
    private func readAll(_ path: String) throws -> (bytes: [UInt8], isGzip: Bool, error: InputError?) {
        let opened: InputOpener.Opened
        do {
            opened = try InputOpener.open(path)
        } catch let error as InputError {
            return ([], true, error)
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 7)  // small reads cross member borders
        do {
            while true {
                let n = try chunk.withUnsafeMutableBytes { try opened.source.read(into: $0) }
                if n == 0 { break }
                out += chunk[0..<n]
            }
        } catch let error as InputError {
            return (out, opened.isGzip, error)
        }
        return (out, opened.isGzip, nil)
    }

    func testDetectedByMagicNotName() throws {
        let folder = try makeTemporaryFolder(self)
        let text = "{\"a\":1}\n".bytes
        let plain = try readAll(write(text, "plain.gz", in: folder))
        XCTAssertEqual(plain.bytes, text)
        XCTAssertFalse(plain.isGzip)
        let zipped = try readAll(write(Gzip.compress(text), "noext", in: folder))
        XCTAssertEqual(zipped.bytes, text)
        XCTAssertTrue(zipped.isGzip)
    }

    func testMultipleMembersAndZeroPadding() throws {
        let folder = try makeTemporaryFolder(self)
        let parts = (0..<5).map { "{\"member\":\($0)}\n".bytes }
        var file: [UInt8] = []
        for part in parts { file += try Gzip.compress(part) }
        file += [0, 0, 0, 0]
        let result = try readAll(write(file, "multi.gz", in: folder))
        XCTAssertNil(result.error)
        XCTAssertEqual(result.bytes, parts.flatMap { $0 })
    }

    func testTruncatedFileIsNamed() throws {
        let folder = try makeTemporaryFolder(self)
        let text = (0..<2000).map { "{\"n\":\($0)}\n" }.joined().bytes
        let zipped = try Gzip.compress(text)
        let result = try readAll(write(Array(zipped.prefix(zipped.count / 2)), "cut.gz", in: folder))
        XCTAssertEqual(result.error?.message, "gzip data cut short at compressed byte \(zipped.count / 2) (truncated file)")
        XCTAssertTrue(text.starts(with: result.bytes))
    }

    func testCorruptDataAndTrailingGarbage() throws {
        let folder = try makeTemporaryFolder(self)
        var zipped = try Gzip.compress("{\"a\":\"hello hello hello\"}\n".bytes)
        let good = zipped
        zipped[12] ^= 0xFF
        zipped[13] ^= 0xFF
        let corrupt = try readAll(write(zipped, "bad.gz", in: folder))
        XCTAssertEqual(corrupt.error?.message, "corrupt gzip data near compressed byte \(good.count - 4): incorrect data check")
        let trailing = try readAll(write(good + "garbage".bytes, "trail.gz", in: folder))
        XCTAssertEqual(trailing.bytes, "{\"a\":\"hello hello hello\"}\n".bytes)
        XCTAssertEqual(trailing.error?.message, "data after the last gzip member at compressed byte \(good.count) is not gzip")
    }
}
