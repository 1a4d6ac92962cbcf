import EVTX

/// A `WindowsEvent`'s data items indexed by name (the first item of a name wins, as
/// `WindowsEvent`'s own subscript has it): the mapper looks up dozens of names per event. Holds
/// the items only, not the event (a copy of it would retain every field).
struct IndexedData {
    let items: [(name: String, value: String)]
    private let positions: [String: Int]

    init(_ event: WindowsEvent) {
        items = event.data
        var positions: [String: Int] = [:]
        positions.reserveCapacity(items.count)
        for (i, item) in items.enumerated() where positions[item.name] == nil { positions[item.name] = i }
        self.positions = positions
    }

    /// True when no two data items share a name.
    var namesAreUnique: Bool { positions.count == items.count }

    /// The value of the first data item named `name`.
    subscript(_ name: String) -> String? { positions[name].map { items[$0].value } }
}
