@testable import EVTX
import Foundation
import XCTest

/// Value texts rendered without Foundation: decimal and hexadecimal numbers at every length edge
/// against Swift's own formatting, and GUIDs in Windows' form.
final class ValueFormatTests: XCTestCase {
    /// Renders `value` as a little-endian value of `type` (`bytes` of it) through the chunk context.
    private func render(_ type: UInt8, _ value: UInt64, bytes: Int) throws -> String {
        var raw = [UInt8](repeating: 0, count: 16)
        for k in 0..<8 { raw[k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        return try raw.withUnsafeBytes { try ChunkContext($0).render(type: type, at: 0, size: bytes) }
    }

    func testNumbersAtEveryLength() throws {
        var values: [UInt64] = [0, 1, 9, 10, 11, 99, 100, 101, 255, 256, 65535, 65536, UInt64(UInt32.max), UInt64.max, UInt64.max - 1]
        var p: UInt64 = 1
        for _ in 0..<19 {
            p *= 10
            values += [p - 1, p, p + 1]
        }
        for v in values {
            XCTAssertEqual(try render(0x0A, v, bytes: 8), String(v), "uint64 \(v)")
            XCTAssertEqual(try render(0x09, v, bytes: 8), String(Int64(bitPattern: v)), "int64 \(v)")
            XCTAssertEqual(try render(0x15, v, bytes: 8), "0x" + String(v, radix: 16), "hex64 \(v)")
            XCTAssertEqual(try render(0x08, v, bytes: 4), String(UInt32(truncatingIfNeeded: v)), "uint32 \(v)")
            XCTAssertEqual(try render(0x14, v, bytes: 4), "0x" + String(UInt32(truncatingIfNeeded: v), radix: 16), "hex32 \(v)")
            XCTAssertEqual(try render(0x10, v, bytes: 8), "0x" + String(v, radix: 16), "size_t \(v)")
        }
        XCTAssertEqual(values.count, 72)
    }

    func testGUIDInWindowsForm() throws {
        let raw: [UInt8] = [0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xA5, 0xBA, 0x3E, 0x3B, 0x03, 0x28, 0xC3, 0x0D]
        let text = try raw.withUnsafeBytes { try ChunkContext($0).render(type: 0x0F, at: 0, size: 16) }
        XCTAssertEqual(text, "{54849625-5478-4994-A5BA-3E3B0328C30D}")
    }

    /// FILETIMEs through one context (which remembers the last day's date): days back and forth,
    /// month, year and leap-day edges, the first and last renderable instants, against Foundation.
    func testFileTimesAcrossDays() throws {
        let epoch: UInt64 = 116_444_736_000_000_000  // 1970-01-01 in FILETIME ticks
        let day: UInt64 = 864_000_000_000
        var ticks: [UInt64] = [0, 1, 9_999_999, 2_650_467_743_999_999_999]
        for base in [epoch, epoch + 11_016 * day, epoch + 10_956 * day, epoch + 18_321 * day] {  // 2000-02-29, 1999-12-31 (to 2000), 2020-02-29
            for k: UInt64 in [0, 1, 0, 2, 1, 400, 1] { ticks.append(base + k * day + k * 123_456_789 % day) }
            ticks += [base - 1, base, base + day - 1, base + day]
        }
        var raw = [UInt8](repeating: 0, count: 8 * ticks.count)
        for (i, t) in ticks.enumerated() { for k in 0..<8 { raw[8 * i + k] = UInt8(truncatingIfNeeded: t >> (8 * UInt64(k))) } }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        try raw.withUnsafeBytes { bytes in
            let context = ChunkContext(bytes)
            for (i, t) in ticks.enumerated() {
                let seconds = Double(Int64(t / 10_000_000) - 11_644_473_600)
                let fraction = String(t % 10_000_000)
                let expected = formatter.string(from: Date(timeIntervalSince1970: seconds)) + "."
                    + String(repeating: "0", count: 7 - fraction.count) + fraction + "Z"
                XCTAssertEqual(try context.render(type: 0x11, at: 8 * i, size: 8), expected, "ticks \(t)")
            }
        }
        XCTAssertEqual(ticks.count, 48)
    }
}
