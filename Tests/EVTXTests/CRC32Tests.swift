@testable import EVTX
import XCTest

/// The CRC-32 EVTX uses, against known values and a bytewise reference.
final class CRC32Tests: XCTestCase {
    func testKnownValuesAndAnyLength() {
        func crc(_ s: String) -> UInt32 { Array(s.utf8).withUnsafeBytes { CRC32.checksum($0) } }
        XCTAssertEqual(crc(""), 0)
        XCTAssertEqual(crc("123456789"), 0xCBF4_3926)
        XCTAssertEqual(crc("The quick brown fox jumps over the lazy dog"), 0x414F_A339)
        // Every length 0...64 and a split point agree with a bit-by-bit reference.
        let bytes = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        func reference(_ b: ArraySlice<UInt8>) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for byte in b {
                c ^= UInt32(byte)
                for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return ~c
        }
        for n in 0...64 {
            let whole = bytes[0..<n].withUnsafeBytes { CRC32.checksum($0) }
            XCTAssertEqual(whole, reference(bytes[0..<n]), "length \(n)")
            let k = n / 3
            let split = bytes[k..<n].withUnsafeBytes { CRC32.update(bytes[0..<k].withUnsafeBytes { CRC32.checksum($0) }, $0) }
            XCTAssertEqual(split, whole, "split \(k)/\(n)")
        }
    }
}
