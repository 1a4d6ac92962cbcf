// Per-chunk scratch memory for records read through compiled templates: plain values in memory
// the chunk context allocates once and reuses for every record, so that a record costs no
// allocation and a view of it can hand out pointers that stay valid while it is visited.

/// A growable array of plain values (no references) in memory this object owns.
final class RecordBuffer<Element: BitwiseCopyable> {
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Room for `n` more elements (moves the memory when it grows).
    @inline(__always)
    func reserve(_ n: Int) {
        if count &+ n > capacity { grow(n) }
    }

    @inline(never)
    private func grow(_ n: Int) {
        let newCapacity = max(capacity * 2, count + n)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ element: Element) {
        reserve(1)
        base[count] = element
        count &+= 1
    }

    /// The elements written so far.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}

extension RecordBuffer where Element == UInt8 {
    /// Appends bytes.
    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count &+= bytes.count
    }

    /// Appends a string's UTF-8.
    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes in [start, start + n).
    @inline(__always)
    func bytes(_ start: Int, _ n: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: n)
    }
}
