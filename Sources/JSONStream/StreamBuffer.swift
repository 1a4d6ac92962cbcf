/// The bytes a stream holds: from the first byte not yet consumed to the last byte appended.
///
/// Appending compacts (moves the unconsumed bytes to the front) before it grows, so the
/// storage stays about as large as the largest record plus one chunk.
@usableFromInline
final class StreamBuffer {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// Index of the first unconsumed byte.
    @usableFromInline var start = 0
    /// Index one past the last appended byte.
    @usableFromInline var end = 0
    /// Absolute stream offset of `base[0]`.
    @usableFromInline var baseOffset = 0

    init(capacity: Int = 64 * 1024) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Unconsumed bytes.
    @inline(__always) var available: Int { end &- start }

    /// Appends `bytes`, compacting or growing the storage as needed.
    func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        if capacity &- end < n {
            if start > 0 {
                let live = end &- start
                if live > 0 { base.update(from: base + start, count: live) }
                baseOffset &+= start
                start = 0
                end = live
            }
            if capacity &- end < n {
                var newCapacity = capacity
                while newCapacity &- end < n { newCapacity &*= 2 }
                let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
                newBase.update(from: base, count: end)
                base.deallocate()
                base = newBase
                capacity = newCapacity
            }
        }
        UnsafeMutableRawPointer(base + end).copyMemory(from: source, byteCount: n)
        end &+= n
    }
}
