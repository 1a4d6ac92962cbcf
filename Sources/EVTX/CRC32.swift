/// CRC-32 (IEEE 802.3 / zlib polynomial 0xEDB88320, initial value 0), as EVTX checksums use.
/// Slicing-by-16: sixteen bytes per step through sixteen 256-entry tables (a chunk is 64 KiB,
/// checked once per chunk, so this is a noticeable part of reading one).
enum CRC32 {
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 16 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[n] = c
        }
        for n in 0..<256 {
            for k in 1..<16 { t[k * 256 + n] = (t[(k - 1) * 256 + n] >> 8) ^ t[Int(t[(k - 1) * 256 + n] & 0xFF)] }
        }
        return t
    }()

    /// Continues `crc` over `bytes`.
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c = ~crc
        tables.withUnsafeBufferPointer { table in
            let t = table.baseAddress!
            @inline(__always) func at(_ k: Int, _ byte: UInt32) -> UInt32 { t[k &* 256 &+ Int(byte & 0xFF)] }
            var i = 0
            let n = bytes.count
            while i + 16 <= n {
                let w0 = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian ^ c
                let w1 = bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
                let w2 = bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt32.self).littleEndian
                let w3 = bytes.loadUnaligned(fromByteOffset: i + 12, as: UInt32.self).littleEndian
                c = at(15, w0) ^ at(14, w0 >> 8) ^ at(13, w0 >> 16) ^ at(12, w0 >> 24)
                    ^ at(11, w1) ^ at(10, w1 >> 8) ^ at(9, w1 >> 16) ^ at(8, w1 >> 24)
                    ^ at(7, w2) ^ at(6, w2 >> 8) ^ at(5, w2 >> 16) ^ at(4, w2 >> 24)
                    ^ at(3, w3) ^ at(2, w3 >> 8) ^ at(1, w3 >> 16) ^ at(0, w3 >> 24)
                i += 16
            }
            while i < n {
                c = at(0, c ^ UInt32(bytes[i])) ^ (c >> 8)
                i += 1
            }
        }
        return ~c
    }

    /// The CRC of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 { update(0, bytes) }
}
