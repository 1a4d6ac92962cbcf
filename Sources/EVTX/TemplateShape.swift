// The shape of a template definition's body: its tokens written out with every name reference
// replaced by the name's text, walked as `templateBody`/`element`/`valueItem` read it but
// building nothing. The same template in another chunk (its names at other offsets, inline or
// not) has the same shape, so its compiled form can be used again (EVTXChunkReader); a damaged
// copy has another shape and is compiled from its own bytes. Lengths that only place bytes
// (element and attribute-list sizes) are left out; the structure they lead to is written.

/// A shape written out as bytes: each token, fixed-size fields as they are, and every text after
/// its length, so that two bodies have the same bytes exactly when they have the same shape (no
/// hash to collide: a crafted file cannot pass its template off as another's).
struct ShapeBytes {
    private let buffer: RecordBuffer<UInt8>
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    /// Writes into `buffer` from its start (its memory; its count is left alone).
    init(_ buffer: RecordBuffer<UInt8>) {
        self.buffer = buffer
        base = buffer.base
        capacity = buffer.capacity
    }

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        guard count &+ n > capacity else { return }
        buffer.count = count
        buffer.reserve(n)
        base = buffer.base
        capacity = buffer.capacity
    }

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count &+= bytes.count
    }

    @inline(__always)
    mutating func add(count n: Int) {
        reserve(2)
        base[count] = UInt8(truncatingIfNeeded: n)
        base[count &+ 1] = UInt8(truncatingIfNeeded: n >> 8)
        count &+= 2
    }

    /// The bytes written (valid until the buffer is written again).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

/// True when two shapes hold the same bytes (compared eight at a time).
func sameShape(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var i = 0
    while i + 8 <= a.count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < a.count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

extension ChunkContext {
    /// The shape of the template body in [start, end), read at element depth `depth` (valid until
    /// the next call); nil when the walk meets anything the compiled path would not read (it is
    /// then compiled as usual).
    func shape(start: Int, end: Int, depth: Int) -> UnsafeRawBufferPointer? {
        var h = ShapeBytes(shapeBuffer)
        var p = start
        while p < end {
            guard let token = byte(p) else { return nil }
            switch token & 0x1F {
            case 0x00:
                h.add(0)
                return h.bytes
            case 0x0F:
                h.add(0x0F)
                p += 4
            case 0x01:
                guard let next = shapeElement(at: p, end: end, depth: depth + 1, &h) else { return nil }
                p = next
            default:
                return nil
            }
        }
        return h.bytes
    }

    func byte(_ at: Int) -> UInt8? { at >= 0 && at < bytes.base.count ? bytes.base[at] : nil }

    func word(_ at: Int) -> Int? {
        at >= 0 && at + 2 <= bytes.base.count ? Int(bytes.base.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian) : nil
    }

    func dword(_ at: Int) -> Int? {
        at >= 0 && at + 4 <= bytes.base.count ? Int(bytes.base.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian) : nil
    }

    func region(_ at: Int, _ n: Int) -> UnsafeRawBufferPointer? {
        at >= 0 && n >= 0 && at + n <= bytes.base.count ? UnsafeRawBufferPointer(rebasing: bytes.base[at..<(at + n)]) : nil
    }

    /// A name reference at `at` (as `nameReference` reads it): its text hashed; the position after it.
    private func shapeName(at: Int, _ h: inout ShapeBytes) -> Int? {
        guard let offset = dword(at), offset == at + 4 || (offset < at && offset >= 0),
              let count = word(offset + 6), let text = region(offset + 8, 2 * count) else { return nil }
        h.add(count: count)
        h.add(text)
        return offset == at + 4 ? at + 4 + 8 + 2 * count + 2 : at + 4
    }

    /// An element at `p` (as `element` reads it); the position after it.
    private func shapeElement(at p: Int, end: Int, depth: Int, _ h: inout ShapeBytes) -> Int? {
        guard depth < ChunkContext.maxDepth, let token = byte(p), let size = dword(p + 3) else { return nil }
        let withDependency = p + 7 + size <= bytes.base.count
        h.add(token & 0x5F)
        h.add(withDependency ? 1 : 0)
        guard var q = shapeName(at: withDependency ? p + 7 : p + 5, &h) else { return nil }
        if token & 0x40 != 0 {
            guard let listSize = dword(q), region(q + 4, listSize) != nil else { return nil }
            q += 4
            let listEnd = q + listSize
            while q < listEnd {
                guard let t = byte(q), t & 0x1F == 0x06, let afterName = shapeName(at: q + 1, &h) else { return nil }
                h.add(0x06)
                q = afterName
                while q < listEnd {
                    guard let t = byte(q) else { return nil }
                    if t & 0x1F == 0x06 { break }
                    guard let next = shapeValue(at: q, &h) else { return nil }
                    q = next
                }
            }
            h.add(0x46)
        }
        guard let close = byte(q) else { return nil }
        if close & 0x1F == 0x03 {
            h.add(0x03)
            return q + 1
        }
        guard close & 0x1F == 0x02 else { return nil }
        h.add(0x02)
        q += 1
        while true {
            guard q < end, let t = byte(q) else { return nil }
            switch t & 0x1F {
            case 0x04:
                h.add(0x04)
                return q + 1
            case 0x01:
                guard let next = shapeElement(at: q, end: end, depth: depth + 1, &h) else { return nil }
                q = next
            case 0x05, 0x07, 0x08, 0x09, 0x0D, 0x0E:
                guard let next = shapeValue(at: q, &h) else { return nil }
                q = next
            case 0x0A:
                h.add(0x0A)
                guard let next = shapeName(at: q + 1, &h) else { return nil }
                q = next
            case 0x0B:
                guard let count = word(q + 1), let data = region(q + 3, 2 * count) else { return nil }
                h.add(0x0B)
                h.add(count: count)
                h.add(data)
                q += 3 + 2 * count
            default:
                return nil
            }
        }
    }

    /// A text, CDATA, character or entity reference, or substitution at `q` (as `valueItem`
    /// reads it); the position after it.
    private func shapeValue(at q: Int, _ h: inout ShapeBytes) -> Int? {
        guard let t = byte(q) else { return nil }
        h.add(t & 0x1F)
        switch t & 0x1F {
        case 0x05:
            guard let count = word(q + 2), let text = region(q + 4, 2 * count) else { return nil }
            h.add(count: count)
            h.add(text)
            return q + 4 + 2 * count
        case 0x07:
            guard let count = word(q + 1), let text = region(q + 3, 2 * count) else { return nil }
            h.add(count: count)
            h.add(text)
            return q + 3 + 2 * count
        case 0x08:
            guard let code = region(q + 1, 2) else { return nil }
            h.add(code)
            return q + 3
        case 0x09:
            return shapeName(at: q + 1, &h)
        case 0x0D, 0x0E:
            guard let index = region(q + 1, 2), region(q + 3, 1) != nil else { return nil }
            h.add(index)
            return q + 4
        default:
            return nil
        }
    }
}
