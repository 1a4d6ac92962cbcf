/// Strings of byte runs met before: account names, SIDs, logon ids and paths repeat from record
/// to record, so a run is made into a String once (an allocation when it is too long for a small
/// String, a validation pass when it is not) and found again by its bytes. Direct-mapped: a run
/// that hashes to a taken slot replaces what was there.
final class StringCache {
    private static let slotCount = 512
    @exclusivity(unchecked) private var slots = [String?](repeating: nil, count: StringCache.slotCount)
    /// Runs of 1-15 bytes by their bytes as two words (exact for a given length).
    @exclusivity(unchecked) private var small = [SmallEntry](repeating: SmallEntry(), count: StringCache.slotCount)

    private struct SmallEntry {
        var count = -1
        var words: (UInt64, UInt64) = (0, 0)
        var string = ""
    }

    /// The String of `bytes` (UTF-8, invalid sequences repaired as `String(decoding:)` does).
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let n = bytes.count
        guard n > 15 else { return smallString(bytes) }
        // Sixteen bytes or more: whole words, the last one overlapping.
        var h: UInt64 = UInt64(n)
        var i = 0
        while i + 8 < n {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            i += 8
        }
        h = (h ^ bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: h >> 40) & (StringCache.slotCount - 1)
        if let known = slots[slot], known.utf8.count == n,
           known.utf8.withContiguousStorageIfAvailable({ sameBytes(UnsafeRawBufferPointer($0), bytes) }) == true {
            return known
        }
        let made = String(decoding: bytes, as: UTF8.self)
        slots[slot] = made
        return made
    }

    /// A run of at most 15 bytes: its bytes as two words cover it whole (overlapping loads, or
    /// first, middle and last byte), so equal words and length mean equal bytes.
    private func smallString(_ bytes: UnsafeRawBufferPointer) -> String {
        let n = bytes.count
        let words: (UInt64, UInt64)
        if n >= 8 {
            words = (bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else if n >= 4 {
            words = (UInt64(bytes.loadUnaligned(as: UInt32.self)), UInt64(bytes.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
        } else if n > 0 {
            words = (UInt64(bytes[0]) | UInt64(bytes[n >> 1]) << 8 | UInt64(bytes[n - 1]) << 16, 0)
        } else {
            return ""
        }
        let h = ((words.0 &* 0x9E37_79B9_7F4A_7C15) ^ words.1 ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: h >> 40) & (StringCache.slotCount - 1)
        let entry = small[slot]
        if entry.count == n && entry.words == words { return entry.string }
        let made = String(decoding: bytes, as: UTF8.self)
        small[slot] = SmallEntry(count: n, words: words, string: made)
        return made
    }
}
