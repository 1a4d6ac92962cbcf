/// A value inside a `JSONRecord`, read lazily: strings and numbers are decoded only when asked.
///
/// Shares the record's lifetime (valid until the stream's next `append` or `next`).
public struct JSONValue {
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline let tape: UnsafePointer<TapeEntry>
    @usableFromInline let index: Int

    @inlinable
    init(base: UnsafeRawPointer, tape: UnsafePointer<TapeEntry>, index: Int) {
        self.base = base
        self.tape = tape
        self.index = index
    }

    @inlinable var entry: TapeEntry { tape[index] }

    /// The kind of value.
    @inlinable public var kind: JSONKind { entry.kind }

    /// The value's JSON text exactly as it appears in the input (strings with their quotes).
    @inlinable
    public var rawBytes: UnsafeRawBufferPointer {
        let e = entry
        if e.kind == .string {
            return UnsafeRawBufferPointer(start: base + Int(e.start) - 1, count: Int(e.end - e.start) + 2)
        }
        return UnsafeRawBufferPointer(start: base + Int(e.start), count: Int(e.end - e.start))
    }

    /// For a string: its text between the quotes, still escaped; nil for other kinds.
    @inlinable
    public var stringBytes: UnsafeRawBufferPointer? {
        let e = entry
        guard e.kind == .string else { return nil }
        return UnsafeRawBufferPointer(start: base + Int(e.start), count: Int(e.end - e.start))
    }

    /// For a string: whether its text holds backslash escapes (so `stringBytes` is not the text).
    @inlinable public var hasEscapes: Bool { entry.hasEscapes }

    /// For a string: the decoded text; nil for other kinds.
    public var string: String? {
        guard let raw = stringBytes else { return nil }
        if !hasEscapes { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        unescapeJSONString(raw, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// For a string: appends its decoded UTF-8 bytes to `out`; false for other kinds.
    @discardableResult
    public func appendDecodedString(to out: inout [UInt8]) -> Bool {
        guard let raw = stringBytes else { return false }
        if hasEscapes { unescapeJSONString(raw, into: &out) } else { out.append(contentsOf: raw) }
        return true
    }

    /// For a string: whether its decoded text equals `key`.
    @inlinable
    public func stringEquals(_ key: JSONKey) -> Bool {
        guard let raw = stringBytes else { return false }
        if !hasEscapes { return bytesEqual(raw, key.utf8) }
        var out: [UInt8] = []
        unescapeJSONString(raw, into: &out)
        return out == key.utf8
    }

    /// Number of members (object) or elements (array); 0 for other kinds.
    @inlinable public var count: Int { Int(entry.count) }

    /// True for `null`.
    @inlinable public var isNull: Bool { kind == .null }

    /// For `true`/`false`: the boolean; nil otherwise.
    @inlinable
    public var bool: Bool? {
        switch kind {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }

    /// For a number written as an integer that fits: its value; nil otherwise.
    public var int64: Int64? {
        guard kind == .number else { return nil }
        let raw = rawBytes
        var i = 0
        let negative = raw[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var value: Int64 = 0
        while i < raw.count {
            let d = raw[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        return value
    }

    /// For a number: its value as a Double (nearest); nil for other kinds.
    public var double: Double? {
        guard kind == .number else { return nil }
        return Double(String(decoding: rawBytes, as: UTF8.self))
    }

    /// The value of the first member named `key` (exact, case-sensitive); nil if absent or not an object.
    @inlinable
    public subscript(key: JSONKey) -> JSONValue? {
        guard kind == .object else { return nil }
        for member in members where member.key.stringEquals(key) { return member.value }
        return nil
    }

    /// The value of the first member named `key` (exact, case-sensitive); nil if absent or not an object.
    public subscript(key: String) -> JSONValue? { self[JSONKey(key)] }

    /// The element at `position` of an array; nil when out of range or not an array.
    public subscript(position: Int) -> JSONValue? {
        guard kind == .array, position >= 0, position < count else { return nil }
        var i = index + 1
        for _ in 0..<position { i = Int(tape[i].next) }
        return JSONValue(base: base, tape: tape, index: i)
    }

    /// The members of an object, in input order (empty for other kinds).
    @inlinable public var members: JSONMembers { JSONMembers(value: self) }

    /// The elements of an array, in input order (empty for other kinds).
    @inlinable public var elements: JSONElements { JSONElements(value: self) }

    /// Fetches the values of `fields` in one pass over this object's members.
    ///
    /// `values` is resized to `fields.keys.count`; each slot holds the first member with that
    /// key, or nil. Keys with escapes are compared after decoding.
    @inlinable
    public func fetch(_ fields: JSONFieldSet, into values: inout [JSONValue?]) {
        if values.count != fields.keys.count {
            values = [JSONValue?](repeating: nil, count: fields.keys.count)
        } else {
            for i in values.indices { values[i] = nil }
        }
        guard kind == .object else { return }
        let table = fields.byLength
        for member in members {
            let key = member.key
            let e = key.entry
            let length = Int(e.end - e.start)
            if !e.hasEscapes {
                guard length < table.count else { continue }
                for slot in table[length] where values[slot] == nil {
                    if bytesEqual(key.stringBytes!, fields.keys[slot].utf8) {
                        values[slot] = member.value
                        break
                    }
                }
            } else {
                for slot in fields.keys.indices where values[slot] == nil && key.stringEquals(fields.keys[slot]) {
                    values[slot] = member.value
                    break
                }
            }
        }
    }
}

/// Byte equality of a raw buffer and an array.
@inlinable
func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return b.withUnsafeBytes { memcmpEqual(a.baseAddress!, $0.baseAddress!, a.count) }
}

@inlinable
func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer?, _ n: Int) -> Bool {
    guard n > 0, let b else { return true }
    var i = 0
    while i + 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
