// The shape of a template definition's body: a hash of its tokens with every name reference
// replaced by the name's text, walked as `templateBody`/`element`/`valueItem` read it but
// building nothing. The same template in another chunk (its names at other offsets, inline or
// not) has the same shape, so its compiled form can be used again (EVTXChunkReader); a damaged
// copy has another shape and is compiled from its own bytes. Lengths that only place bytes
// (element and attribute-list sizes) are not hashed; the structure they lead to is.

/// A 64-bit multiply-xorshift hash, eight bytes a step (only ever compared within one process).
struct ShapeHash {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
    }

    @inline(__always)
    mutating func add(_ byte: UInt8) { mix(UInt64(byte) | 0x100) }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        while i + 8 <= bytes.count {
            mix(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var last: UInt64 = 0
        for k in i..<bytes.count { last |= UInt64(bytes[k]) << (8 * UInt64(k - i)) }
        mix(last ^ UInt64(bytes.count - i) << 60)
    }

    mutating func add(count: Int) {
        add(UInt8(truncatingIfNeeded: count))
        add(UInt8(truncatingIfNeeded: count >> 8))
    }
}

extension ChunkContext {
    /// The shape of the template body in [start, end), read at element depth `depth`; nil when
    /// the walk meets anything the compiled path would not read (it is then compiled as usual).
    func shape(start: Int, end: Int, depth: Int) -> UInt64? {
        var h = ShapeHash()
        var p = start
        while p < end {
            guard let token = byte(p) else { return nil }
            switch token & 0x1F {
            case 0x00:
                h.add(0)
                return h.value
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
        return h.value
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
    private func shapeName(at: Int, _ h: inout ShapeHash) -> Int? {
        guard let offset = dword(at), offset == at + 4 || (offset < at && offset >= 0),
              let count = word(offset + 6), let text = region(offset + 8, 2 * count) else { return nil }
        h.add(count: count)
        h.add(text)
        return offset == at + 4 ? at + 4 + 8 + 2 * count + 2 : at + 4
    }

    /// An element at `p` (as `element` reads it); the position after it.
    private func shapeElement(at p: Int, end: Int, depth: Int, _ h: inout ShapeHash) -> Int? {
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
                h.add(data)
                q += 3 + 2 * count
            default:
                return nil
            }
        }
    }

    /// A text, CDATA, character or entity reference, or substitution at `q` (as `valueItem`
    /// reads it); the position after it.
    private func shapeValue(at q: Int, _ h: inout ShapeHash) -> Int? {
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
