// The values of one record read through a compiled template (BinXml+Compiled.swift): each
// rendered once as UTF-8 into the chunk context's scratch bytes, its reads checked as it is
// rendered; the values the template names but the event does not keep are checked afterwards.

/// Renders a record's substitution values into the context's scratch bytes as a template asks.
/// The context is passed to each call, not kept: a reader holds no reference to count.
struct ValueReader {
    /// The values, in the context's value buffer (which outlives every reader).
    let values: UnsafeBufferPointer<RawValue>
    /// Per value, 1 once it has been rendered (its reads checked); the context's memory, cleared
    /// for each reader (one reader at a time uses it).
    private let rendered: UnsafeMutablePointer<UInt8>

    init(context: ChunkContext, values: UnsafeBufferPointer<RawValue>) {
        self.values = values
        rendered = context.renderedMarks
        rendered.update(repeating: 0, count: values.count)
    }

    /// A present, empty text.
    var empty: EVTXText { EVTXText(start: 0, count: 0, present: true, literal: false, type: 0, value: 0) }

    /// Thrown where a value is nested Binary XML (type 0x21) and the template expects text: the
    /// element tree reads such a record (as it does any record whose values throw here).
    struct NestedWhereTextIsExpected: Error {}

    /// Checks the values the tree would render that were not rendered here (arrays item by item
    /// where they repeat an element), and that no value the template refers to is nested Binary
    /// XML: a record is read only when the tree would read it the same way.
    func checkUnrendered(_ template: CompiledTemplate, in context: ChunkContext) throws {
        for r in template.references where r.index < values.count {
            let v = values[r.index]
            if v.type == 0x21 { throw NestedWhereTextIsExpected() }
            guard rendered[r.index] == 0 && !(r.omittable && isNull(r.index)) else { continue }
            try context.checkText(type: v.type & 0x7F, at: v.offset, size: v.size, array: r.content && v.type & 0x80 != 0)
        }
    }

    /// Appends the template's data items, named as the tree's `WindowsEvent(element:)` names
    /// them; an array value as an element's content gives one item per array item.
    func appendData(_ template: CompiledTemplate, in context: ChunkContext) throws {
        let items = context.items
        var unnamed = 0  // one EventData per event: static or nested, never both
        var fixed = true
        context.recordFromUserData = context.recordFromUserData || template.fromUserData
        func append(_ entry: Int, _ slot: DataSlot, _ value: EVTXText) throws {
            if slot.name.present {
                items.append(EVTXItem(name: slot.name, value: value, entry: Int32(entry)))
                return
            }
            fixed = false
            if slot.hasNameSource {
                let name = try text(slot.nameSource, template, in: context)
                if name.present {
                    items.append(EVTXItem(name: name, value: value, entry: -1))
                    return
                }
            }
            unnamed += 1
            let start = context.scratch.count
            context.scratch.append("param\(unnamed)")
            items.append(EVTXItem(name: range(start, type: 0, value: 0, in: context), value: value, entry: -1))
        }
        for (entry, slot) in template.dataSlots.enumerated() {
            let source = slot.value
            if source.shape == .substitution, isArray(Int(source.index)), !(source.omittedWhenNull >= 0 && isNull(Int(source.index))) {
                fixed = false
                var texts: [EVTXText] = []
                rendered[Int(source.index)] = 1
                try context.appendArrayItems(values[Int(source.index)], to: context.scratch) { start, count in
                    texts.append(EVTXText(start: start, count: Int32(count), present: true, literal: false, type: 0, value: 0))
                }
                for text in texts.isEmpty ? [empty] : texts { try append(entry, slot, text) }
                continue
            }
            let value = try text(source, template, in: context)
            guard value.present else { continue }
            if slot.name.present {
                // The usual item: its name fixed by the template (no call, no capture).
                context.items.append(EVTXItem(name: slot.name, value: value, entry: Int32(entry)))
            } else {
                try append(entry, slot, value)
            }
        }
        context.itemsTemplate = fixed ? template : nil
    }

    /// An array value (types 0x81 and up).
    func isArray(_ i: Int) -> Bool { i < values.count && values[i].type & 0x80 != 0 }

    /// A NULL value: absent, type 0 or size 0.
    func isNull(_ i: Int) -> Bool { i >= values.count || values[i].type == 0 || values[i].size == 0 }

    private func range(_ start: Int, type: UInt8, value: Int, in context: ChunkContext) -> EVTXText {
        EVTXText(start: start, count: Int32(context.scratch.count - start), present: true, literal: false, type: type, value: Int32(value))
    }

    /// Value `i` rendered into the scratch bytes.
    private func render(_ i: Int, in context: ChunkContext) throws -> EVTXText {
        guard i < values.count else { return empty }
        let v = values[i]
        if v.type == 0x21 { throw NestedWhereTextIsExpected() }
        let start = context.scratch.count
        rendered[i] = 1
        try context.appendText(type: v.type & 0x7F, at: v.offset, size: v.size, to: context.scratch)
        return range(start, type: v.type, value: v.offset, in: context)
    }

    /// The text of `source` as the element tree would have it; not present when the element or
    /// attribute is left out.
    @inline(__always)
    func text(_ source: SourceSlot, _ template: CompiledTemplate, in context: ChunkContext) throws -> EVTXText {
        if source.omittedWhenNull >= 0, isNull(Int(source.omittedWhenNull)) { return .absent }
        switch source.shape {
        case .literal:
            return source.literal
        case .substitution:
            let i = Int(source.index)
            // An array repeats the element; a System field reads the first one.
            if !source.isAttribute, isArray(i) { return try firstItem(i, in: context) }
            if source.isAttribute && source.optional && isNull(i) { return .absent }
            return try render(i, in: context)
        case .composite:
            return try composite(template.composites[Int(source.index)], in: context)
        }
    }

    private func firstItem(_ i: Int, in context: ChunkContext) throws -> EVTXText {
        var first: (Int, Int)?
        rendered[i] = 1
        try context.appendArrayItems(values[i], to: context.scratch) { at, count in if first == nil { first = (at, count) } }
        guard let first else { return empty }
        context.scratch.count = first.0 + first.1  // the first item, written first
        return EVTXText(start: first.0, count: Int32(first.1), present: true, literal: false, type: 0, value: 0)
    }

    /// A text of several pieces (or none), rendered one after another.
    private func composite(_ source: TextSource, in context: ChunkContext) throws -> EVTXText {
        let start = context.scratch.count
        for piece in source.pieces {
            switch piece {
            case .literal(let text): context.scratch.append(text)
            case .substitution(let i, _):
                guard i < values.count else { continue }
                let v = values[i]
                if v.type == 0x21 { throw NestedWhereTextIsExpected() }
                rendered[i] = 1
                try context.appendText(type: v.type & 0x7F, at: v.offset, size: v.size, to: context.scratch)
            }
        }
        return range(start, type: 0, value: 0, in: context)
    }
}
