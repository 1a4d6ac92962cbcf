/// A Bloom filter over dedupe keys moved out of memory into the index: "certainly not there"
/// without a SQLite lookup for almost every new key. Register-blocked: a key sets five bits of
/// one 64-bit word, so a question costs one memory read. With 16 bits per key about 0.2% of new
/// keys are false positives (which cost the lookup that would have happened anyway).
struct KeyFilter {
    private var words: [UInt64]
    private let mask: Int

    /// A filter for `keys` (index bytes, see `Deduplicator.bytes(of:)`).
    init(_ keys: [[UInt8]]) {
        var count = 64
        while count * 4 < keys.count { count *= 2 }  // 16 bits per key, a power of two of words
        words = Array(repeating: 0, count: count)
        mask = count - 1
        for key in keys { insert(key) }
    }

    mutating func insert(_ key: [UInt8]) {
        let (word, bits) = position(key)
        words[word] |= bits
    }

    /// False when `key` was certainly not inserted.
    func mayContain(_ key: [UInt8]) -> Bool {
        let (word, bits) = position(key)
        return words[word] & bits == bits
    }

    /// The word and the five bits of `key`: FNV-1a over its bytes, then a 64-bit finalizer.
    private func position(_ key: [UInt8]) -> (Int, UInt64) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        var bits: UInt64 = 0
        var g = h >> 32
        for _ in 0..<5 {
            bits |= 1 << (g & 63)
            g >>= 6
        }
        return (Int(truncatingIfNeeded: h) & mask, bits)
    }
}
