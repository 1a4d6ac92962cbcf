import EVTX

/// A `WindowsEvent` with its data items indexed by name (the first item of a name wins, as
/// `WindowsEvent`'s own subscript has it): the mapper looks up dozens of names per event.
struct IndexedData {
    let event: WindowsEvent
    private let positions: [String: Int]

    init(_ event: WindowsEvent) {
        self.event = event
        var positions: [String: Int] = [:]
        positions.reserveCapacity(event.data.count)
        for (i, item) in event.data.enumerated() where positions[item.name] == nil { positions[item.name] = i }
        self.positions = positions
    }

    /// True when no two data items share a name.
    var namesAreUnique: Bool { positions.count == event.data.count }

    /// The value of the first data item named `name`.
    subscript(_ name: String) -> String? { positions[name].map { event.data[$0].value } }
}
