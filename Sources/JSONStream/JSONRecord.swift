/// One record from a `JSONRecordStream`: its bytes, its structure, and where it came from.
///
/// A view into the stream's buffer: valid until the next `append` or `next` on the stream.
/// Use `copyBytes()` to keep the text longer.
public struct JSONRecord {
    /// The record's JSON text.
    public let bytes: UnsafeRawBufferPointer
    @usableFromInline let tape: UnsafePointer<TapeEntry>
    @usableFromInline let tapeCount: Int
    /// Absolute byte offset of the record's first byte in the stream.
    public let offset: Int
    /// 1-based line of the record's first byte.
    public let line: Int
    /// 0-based position of the record among the stream's records.
    public let index: Int

    @usableFromInline
    init(
        bytes: UnsafeRawBufferPointer, tape: UnsafePointer<TapeEntry>, tapeCount: Int,
        offset: Int, line: Int, index: Int
    ) {
        self.bytes = bytes
        self.tape = tape
        self.tapeCount = tapeCount
        self.offset = offset
        self.line = line
        self.index = index
    }

    /// The top-level value of the record.
    @inlinable
    public var root: JSONValue { JSONValue(base: bytes.baseAddress!, tape: tape, index: 0) }

    /// A copy of the record's text.
    public func copyBytes() -> [UInt8] { Array(bytes) }
}

/// A key to look up repeatedly, with its bytes prepared once.
public struct JSONKey: Sendable, Hashable {
    /// The key's UTF-8 bytes.
    public let utf8: [UInt8]

    /// Prepares `name` for lookups.
    public init(_ name: String) { utf8 = Array(name.utf8) }
}

/// A set of keys fetched from an object in one pass over its members (`JSONValue.fetch`).
public struct JSONFieldSet: Sendable {
    /// The keys, in the order their values are returned.
    public let keys: [JSONKey]
    @usableFromInline let byLength: [[Int]]

    /// Prepares `names`; `fetch` returns their values in this order.
    public init(_ names: [String]) {
        keys = names.map(JSONKey.init)
        var table = [[Int]](repeating: [], count: (keys.map(\.utf8.count).max() ?? 0) + 1)
        for (i, key) in keys.enumerated() { table[key.utf8.count].append(i) }
        byLength = table
    }
}
