/// A walk over the direct children of a container on the tape, skipping their descendants.
@usableFromInline
struct TapeChildren {
    @usableFromInline let value: JSONValue
    @usableFromInline var position: Int
    @usableFromInline let end: Int

    /// The children of `value` if it is of `kind`; none otherwise.
    @inlinable
    init(_ value: JSONValue, kind: JSONKind) {
        let e = value.entry
        self.value = value
        position = value.index + 1
        end = e.kind == kind ? Int(e.next) : value.index + 1
    }

    /// The next child's tape index, or nil at the end.
    @inlinable
    mutating func next() -> Int? {
        guard position < end else { return nil }
        defer { position = Int(value.tape[position].next) }
        return position
    }

    @inlinable
    func at(_ index: Int) -> JSONValue { JSONValue(base: value.base, tape: value.tape, index: index) }
}

/// The members of a JSON object as (key, value) pairs, in input order.
public struct JSONMembers: Sequence {
    @usableFromInline let value: JSONValue

    @inlinable init(value: JSONValue) { self.value = value }

    /// A member: its key (a string value) and its value.
    public typealias Element = (key: JSONValue, value: JSONValue)

    /// Walks the members on the tape, skipping each value's descendants.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var walk: TapeChildren

        @inlinable init(walk: TapeChildren) { self.walk = walk }

        @inlinable
        public mutating func next() -> Element? {
            guard let key = walk.next(), let item = walk.next() else { return nil }
            return (walk.at(key), walk.at(item))
        }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(walk: TapeChildren(value, kind: .object)) }
}

/// The elements of a JSON array, in input order.
public struct JSONElements: Sequence {
    @usableFromInline let value: JSONValue

    @inlinable init(value: JSONValue) { self.value = value }

    /// Walks the elements on the tape, skipping each one's descendants.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var walk: TapeChildren

        @inlinable init(walk: TapeChildren) { self.walk = walk }

        @inlinable
        public mutating func next() -> JSONValue? { walk.next().map(walk.at) }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(walk: TapeChildren(value, kind: .array)) }
}
