/// The members of a JSON object as (key, value) pairs, in input order.
public struct JSONMembers: Sequence {
    @usableFromInline let value: JSONValue

    @inlinable init(value: JSONValue) { self.value = value }

    /// A member: its key (a string value) and its value.
    public typealias Element = (key: JSONValue, value: JSONValue)

    /// Walks the members on the tape, skipping each value's descendants.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let value: JSONValue
        @usableFromInline var position: Int
        @usableFromInline let end: Int

        @inlinable
        init(value: JSONValue, position: Int, end: Int) {
            self.value = value
            self.position = position
            self.end = end
        }

        @inlinable
        public mutating func next() -> Element? {
            guard position < end else { return nil }
            let key = JSONValue(base: value.base, tape: value.tape, index: position)
            let item = JSONValue(base: value.base, tape: value.tape, index: position + 1)
            position = Int(value.tape[position + 1].next)
            return (key, item)
        }
    }

    @inlinable
    public func makeIterator() -> Iterator {
        let e = value.entry
        let end = e.kind == .object ? Int(e.next) : value.index + 1
        return Iterator(value: value, position: value.index + 1, end: end)
    }
}

/// The elements of a JSON array, in input order.
public struct JSONElements: Sequence {
    @usableFromInline let value: JSONValue

    @inlinable init(value: JSONValue) { self.value = value }

    /// Walks the elements on the tape, skipping each one's descendants.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let value: JSONValue
        @usableFromInline var position: Int
        @usableFromInline let end: Int

        @inlinable
        init(value: JSONValue, position: Int, end: Int) {
            self.value = value
            self.position = position
            self.end = end
        }

        @inlinable
        public mutating func next() -> JSONValue? {
            guard position < end else { return nil }
            let item = JSONValue(base: value.base, tape: value.tape, index: position)
            position = Int(value.tape[position].next)
            return item
        }
    }

    @inlinable
    public func makeIterator() -> Iterator {
        let e = value.entry
        let end = e.kind == .array ? Int(e.next) : value.index + 1
        return Iterator(value: value, position: value.index + 1, end: end)
    }
}
