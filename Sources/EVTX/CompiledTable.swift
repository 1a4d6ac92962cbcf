// The chunk's compiled templates by kind and definition offset: an open-addressing table (linear
// probing, power-of-two size, keys mixed by one multiply), so that a record finds its template
// without a Dictionary's seeded hashing. Offsets are chunk offsets (< 64 KiB), kinds 0-2.

/// Compiled templates (or nil: a shape left to the element tree) by kind and offset.
struct CompiledTable {
    private var keys: [Int]
    private var values: [CompiledTemplate?]
    private var count = 0
    private var mask: Int

    init() {
        keys = Array(repeating: -1, count: 64)
        values = Array(repeating: nil, count: 64)
        mask = 63
    }

    @inline(__always)
    private static func key(_ kind: TemplateKind, _ offset: Int) -> Int { offset &<< 2 | kind.rawValue }

    @inline(__always)
    private func slot(_ key: Int) -> Int { Int(truncatingIfNeeded: UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask }

    /// The template at `offset` compiled as `kind`: nil when not compiled yet, `.some(nil)` when
    /// it has a shape the compiler leaves to the tree.
    @inline(__always)
    func template(_ kind: TemplateKind, at offset: Int) -> CompiledTemplate?? {
        let key = CompiledTable.key(kind, offset)
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return .some(values[i]) }
            if k < 0 { return nil }
            i = (i &+ 1) & mask
        }
    }

    /// Notes the compiled form of the template at `offset` (nil: left to the tree).
    mutating func store(_ template: CompiledTemplate?, _ kind: TemplateKind, at offset: Int) {
        if (count + 1) * 2 > keys.count { grow() }
        let key = CompiledTable.key(kind, offset)
        var i = slot(key)
        while keys[i] >= 0 && keys[i] != key { i = (i &+ 1) & mask }
        if keys[i] < 0 { count += 1 }
        keys[i] = key
        values[i] = template
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 >= 0 }
        keys = Array(repeating: -1, count: keys.count * 2)
        values = Array(repeating: nil, count: keys.count)
        mask = keys.count - 1
        count = 0
        for (key, value) in old {
            var i = slot(key)
            while keys[i] >= 0 { i = (i &+ 1) & mask }
            keys[i] = key
            values[i] = value
            count += 1
        }
    }

    /// Forgets every template, keeping the memory.
    mutating func removeAll() {
        guard count > 0 else { return }
        for i in keys.indices where keys[i] >= 0 {
            keys[i] = -1
            values[i] = nil
        }
        count = 0
    }
}
