// A compiled template lowered for reading records: plain values only (no Strings or arrays to
// count references to per record), literals as UTF-8 bytes in memory the template owns (so that
// it does not depend on its chunk and can serve the same template in later chunks).
//
//   SystemSlot  field ← SourceSlot          (EventID last, as field .eventID)
//   DataSlot    name (fixed) | nameSource, value
//   SourceSlot  literal bytes | lone substitution %n | composite (pieces, rendered one by one)

/// Where a text comes from, as plain values.
struct SourceSlot: BitwiseCopyable {
    enum Shape: UInt8 { case literal, substitution, composite }
    var shape: Shape
    var isAttribute: Bool
    /// The lone substitution is optional (0x0E).
    var optional: Bool
    /// The substitution index, or the index in `CompiledTemplate.composites`.
    var index: Int32
    /// The element is left out when this value is NULL (-1: never).
    var omittedWhenNull: Int32
    /// The text, for a literal.
    var literal: EVTXText
}

/// A System value and where it comes from.
struct SystemSlot: BitwiseCopyable {
    var field: EVTXSystemField
    var source: SourceSlot
}

/// A substitution the template refers to: whether the tree leaves its element or attribute out
/// when it is NULL, and whether it is an element's whole content (`CompiledTemplate.referenced`).
struct ReferenceSlot: BitwiseCopyable {
    var index: Int
    var omittable: Bool
    var content: Bool
}

/// A data entry: its name (fixed, or from a source, or made per record) and its value.
struct DataSlot: BitwiseCopyable {
    /// The name when the template fixes it (not present otherwise).
    var name: EVTXText
    var hasNameSource: Bool
    var nameSource: SourceSlot
    var value: SourceSlot
}

extension CompiledTemplate {
    /// Copies the template's literals and fixed entry names into its own storage and lowers its
    /// sources to slots, so that records refer to them as bytes.
    func intern() {
        var bytes: [UInt8] = []
        func literal(_ text: String) -> EVTXText {
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            return EVTXText(start: start, count: Int32(bytes.count - start), present: true, literal: true, type: 0, value: 0)
        }
        func slot(_ source: TextSource) -> SourceSlot {
            var slot = SourceSlot(shape: .composite, isAttribute: source.isAttribute, optional: false, index: 0,
                                  omittedWhenNull: source.elementOmittedWhenNull.map(Int32.init) ?? -1, literal: .absent)
            if source.pieces.count == 1 {
                switch source.pieces[0] {
                case .literal(let text):
                    slot.shape = .literal
                    slot.literal = literal(text)
                case .substitution(let i, let optional):
                    slot.shape = .substitution
                    slot.index = Int32(i)
                    slot.optional = optional
                }
            } else {
                slot.index = Int32(composites.count)
                composites.append(source)
            }
            return slot
        }
        var systemSlots = system.map { SystemSlot(field: $0.field, source: slot($0.source)) }
        if let eventID { systemSlots.append(SystemSlot(field: .eventID, source: slot(eventID))) }
        var dataSlots = data.map { entry in
            let fixed = fromUserData || entry.element != "Data"
            var made = DataSlot(name: fixed ? literal(entry.element) : .absent, hasNameSource: entry.name != nil,
                                nameSource: entry.name.map(slot) ?? SourceSlot(shape: .literal, isAttribute: true, optional: false,
                                                                                index: 0, omittedWhenNull: -1, literal: .absent),
                                value: slot(entry.value))
            if !fixed, made.hasNameSource, made.nameSource.shape == .literal { made.name = made.nameSource.literal }
            return made
        }
        // Offsets become addresses once the bytes have their final place.
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { storage.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(storage), byteCount: $0.count) }
        literalStorage = storage
        let base = Int(bitPattern: storage)
        func place(_ text: inout EVTXText) { if text.literal { text.start += base } }
        for k in systemSlots.indices { place(&systemSlots[k].source.literal) }
        for k in dataSlots.indices {
            place(&dataSlots[k].name)
            place(&dataSlots[k].nameSource.literal)
            place(&dataSlots[k].value.literal)
        }
        self.systemSlots = UnsafeBufferPointer(copying: systemSlots)
        self.dataSlots = UnsafeBufferPointer(copying: dataSlots)
        references = UnsafeBufferPointer(copying: referenced.map { ReferenceSlot(index: $0.index, omittable: $0.omittable, content: $0.content) })
    }
}

extension UnsafeBufferPointer where Element: BitwiseCopyable {
    /// A copy of `array` in memory the caller owns (and deallocates).
    init(copying array: [Element]) {
        let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
        _ = memory.initialize(from: array)
        self.init(memory)
    }
}
