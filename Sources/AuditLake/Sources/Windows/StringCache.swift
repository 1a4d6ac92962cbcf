/// Strings of byte runs met before: account names, SIDs and paths repeat from record to record,
/// so a run too long for a small String (which needs no allocation) is made once and found again
/// by its bytes. Direct-mapped: a run that hashes to a taken slot replaces what was there.
final class StringCache {
    private static let slotCount = 512
    @exclusivity(unchecked) private var slots = [String?](repeating: nil, count: StringCache.slotCount)

    /// The String of `bytes` (UTF-8, invalid sequences repaired as `String(decoding:)` does).
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let n = bytes.count
        guard n > 15 else { return String(decoding: bytes, as: UTF8.self) }
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
}
