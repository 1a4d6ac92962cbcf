// The tape: a flat, pre-order list of the values of one record, written by `ValueScanner`.
//
//   object  start = offset of '{'   end = one past its '}'   count = members
//   array   start = offset of '['   end = one past its ']'   count = elements
//   string  start = first content byte (after '"')   end = offset of the closing '"'
//   number  start = first byte   end = one past the last byte
//   literal start = first byte   end = one past the last byte
//   every entry: next = the tape index just past the value and all its descendants
//
// An object's children alternate key (a string entry) and value. Offsets are relative to the
// record's first byte. Strings keep a flag saying whether they hold escapes, so unescaped text
// can be compared and copied without decoding.

/// The kind of a JSON value.
public enum JSONKind: UInt8, Sendable {
    case object, array, string, number, `true`, `false`, null
}

/// One value on the tape (see the layout comment at the top of this file).
@usableFromInline
struct TapeEntry {
    @usableFromInline var kind: JSONKind
    /// For strings: the text holds at least one backslash escape.
    @usableFromInline var hasEscapes: Bool
    @usableFromInline var start: UInt32
    @usableFromInline var end: UInt32
    @usableFromInline var next: UInt32
    @usableFromInline var count: UInt32

    @inline(__always) @usableFromInline
    init(kind: JSONKind, hasEscapes: Bool = false, start: UInt32, end: UInt32) {
        self.kind = kind
        self.hasEscapes = hasEscapes
        self.start = start
        self.end = end
        self.next = 0
        self.count = 0
    }
}

/// A growable tape owned by one stream and reused for every record it yields.
@usableFromInline
final class TapeBuffer {
    @usableFromInline var base: UnsafeMutablePointer<TapeEntry>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

}
