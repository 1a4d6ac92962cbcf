// Records of compiled templates (CompiledTemplate.swift) read into the chunk context's record
// buffers: every System value and data item rendered once as UTF-8 (EVTXEventView reads them).

/// What a template is compiled as: a whole event, or the document nested in its EventData or UserData.
enum TemplateKind: Int {
    case event, eventData, userData
}

extension ChunkContext {
    /// Reads the document in [start, end) through its compiled template into the record buffers;
    /// false when the record needs the element tree (another template shape, nested Binary XML
    /// where text is expected, more than one template instance, a value that cannot be read).
    /// Throws what the tree would throw for the template itself.
    func resolve(start: Int, end: Int) throws -> Bool {
        scratch.count = 0
        items.count = 0
        recordFromUserData = false
        itemsTemplate = nil
        recordTemplate = nil
        plainItems = false
        for k in 0..<system.count { system.base[k] = .absent }
        guard let template = try instance(start: start, end: end, kind: .event, values: eventValues) else { return false }
        do {
            return try render(template)
        } catch {
            // A value that cannot be read: the tree reads the record again and reports what
            // fails first in its own order (values are checked by being rendered, not before).
            return false
        }
    }

    /// The record's values rendered through `template`; every value the tree would render is
    /// read, those the event does not keep are checked afterwards.
    private func render(_ template: CompiledTemplate) throws -> Bool {
        let reader = ValueReader(context: self, values: eventValues.elements)
        guard reader.holdsText(template) else { return false }
        system.base[EVTXSystemField.eventID.rawValue] = reader.empty  // EventID is "" when left out
        for slot in template.systemSlots {
            let text = try reader.text(slot.source, template)
            if text.present { system.base[slot.field.rawValue] = text }
        }
        try reader.appendData(template)
        try reader.checkUnrendered(template)
        if let i = template.nestedData, i < eventValues.count {
            let value = eventValues.base[i]
            if value.type == 0x21 {
                guard let nested = try instance(start: value.offset, end: value.offset + value.size, kind: .eventData, values: nestedValues)
                else { return false }
                let nestedReader = ValueReader(context: self, values: nestedValues.elements)
                guard nestedReader.holdsText(nested) else { return false }
                try nestedReader.appendData(nested)
                try nestedReader.checkUnrendered(nested)
            } else if value.type & 0x80 != 0 {
                return false
            } else {
                // Event text: not part of the event, but it must be readable.
                try checkText(type: value.type, at: value.offset, size: value.size, array: false)
            }
        }
        if let (i, optional) = template.nestedUserData {
            guard try userData(i, optional: optional, reader: reader) else { return false }
        }
        return true
    }

    /// The UserData whose whole content is substitution `i`: absent when NULL and optional, its
    /// leaves when nested Binary XML; false when the tree must read it.
    private func userData(_ i: Int, optional: Bool, reader: ValueReader) throws -> Bool {
        if optional && reader.isNull(i) { return true }  // <UserData> left out
        recordFromUserData = true
        guard i < eventValues.count else { return true }  // an empty <UserData>
        let value = eventValues.base[i]
        guard value.type == 0x21 else {
            // Text of <UserData>: no items, but it must be readable; an array repeats the element.
            guard value.type & 0x80 == 0 else { return false }
            try checkText(type: value.type, at: value.offset, size: value.size, array: false)
            return true
        }
        if let read = plainUserData(start: value.offset, end: value.offset + value.size) {
            plainAnnotation = EVTXAnnotation()  // the items name their entries: learned afresh
            return read
        }
        guard let nested = try instance(start: value.offset, end: value.offset + value.size, kind: .userData, values: nestedValues)
        else { return false }
        let nestedReader = ValueReader(context: self, values: nestedValues.elements)
        guard nestedReader.holdsText(nested) else { return false }
        try nestedReader.appendData(nested)
        try nestedReader.checkUnrendered(nested)
        return true
    }

    /// The compiled template of the document in [start, end), with its values read into `values`,
    /// when it is one template instance (after an optional fragment header) and nothing else.
    private func instance(start: Int, end: Int, kind: TemplateKind, values: RecordBuffer<RawValue>) throws -> CompiledTemplate? {
        var p = start
        guard p < end else { return nil }
        if try bytes.u8(p, "token") & 0x1F == 0x0F { p += 4 }
        guard p < end else { return nil }
        if kind != .event, try bytes.u8(p, "token") & 0x1F == 0x01 {
            // Nested Binary XML written as plain elements (no template, values inline), as CAPI2
            // writes its UserData: compiled for this record alone.
            let (node, next) = try element(at: p, end: end, depth: 1)
            if next < end, try bytes.u8(next, "token") & 0x1F != 0x00 { return nil }
            let made = kind == .userData ? CompiledTemplate(userData: [node]) : CompiledTemplate(eventData: [node])
            made?.intern()
            recordTemplate = made  // its literals must outlive the record's visit
            values.count = 0
            return made
        }
        guard try bytes.u8(p, "token") & 0x1F == 0x0C else { return nil }
        let offset = Int(try bytes.u32(p + 6, "template definition offset"))
        let template: CompiledTemplate
        var valuesStart = p + 10
        if let known = compiled[kind.rawValue][offset] {
            guard let known else { return nil }
            template = known
            if offset == p + 10 { valuesStart = offset + 24 + Int(try bytes.u32(offset + 20, "template data size")) }
        } else {
            // The same template met in an earlier chunk (same GUID, size and shape) is not compiled again.
            let depth = kind == .event ? 0 : 1
            var shape: UInt64?
            var identity: EVTXTemplateIdentity?
            if let shared, offset <= p + 10, offset >= 0, let size = try? Int(bytes.u32(offset + 20, "")), offset + 24 + size <= bytes.base.count,
               let guidLow = try? bytes.u64(offset + 4, ""), let guidHigh = try? bytes.u64(offset + 12, "") {
                identity = EVTXTemplateIdentity(guidLow: guidLow, guidHigh: guidHigh, size: UInt32(size))
                shape = self.shape(start: offset + 24, end: offset + 24 + size, depth: depth + 1)
                if let identity, let shape, let known = shared.template(identity, kind: kind, shape: shape) {
                    compiled[kind.rawValue][offset] = known
                    if offset == p + 10 { valuesStart = offset + 24 + size }
                    guard let known else { return nil }
                    template = known
                    let next = try valueArray(at: valuesStart, into: values)
                    if next < end, try bytes.u8(next, "token") & 0x1F != 0x00 { return nil }
                    return template
                }
            }
            let (nodes, _, start) = try templateDefinition(at: p, depth: depth)
            valuesStart = start
            let made: CompiledTemplate? = switch kind {
            case .event: CompiledTemplate(event: nodes)
            case .eventData: CompiledTemplate(eventData: nodes)
            case .userData: CompiledTemplate(userData: nodes)
            }
            made?.intern()
            made?.identity = EVTXTemplateIdentity(guidLow: try bytes.u64(offset + 4, "template GUID"),
                                                  guidHigh: try bytes.u64(offset + 12, "template GUID"),
                                                  size: try bytes.u32(offset + 20, "template data size"))
            compiled[kind.rawValue][offset] = made
            if let shared, let identity, let shape { shared.store(made, identity, kind: kind, shape: shape) }
            guard let made else { return nil }
            template = made
        }
        let next = try valueArray(at: valuesStart, into: values)
        if next < end, try bytes.u8(next, "token") & 0x1F != 0x00 { return nil }
        return template
    }
}

/// Renders a record's substitution values into the context's scratch bytes as a template asks.
struct ValueReader {
    let context: ChunkContext
    /// The values, in the context's value buffer (which outlives every reader).
    let values: UnsafeBufferPointer<RawValue>
    private let scratch: RecordBuffer<UInt8>
    /// Per value, 1 once it has been rendered (its reads checked); the context's memory, cleared
    /// for each reader (one reader at a time uses it).
    private let rendered: UnsafeMutablePointer<UInt8>

    init(context: ChunkContext, values: UnsafeBufferPointer<RawValue>) {
        self.context = context
        self.values = values
        scratch = context.scratch
        rendered = context.renderedMarks
        rendered.update(repeating: 0, count: values.count)
    }

    /// A present, empty text.
    var empty: EVTXText { EVTXText(start: 0, count: 0, present: true, literal: false, type: 0, value: 0) }

    /// False when a value is nested Binary XML where the template expects text.
    func holdsText(_ template: CompiledTemplate) -> Bool {
        for (i, _, _) in template.referenced where i < values.count && values[i].type == 0x21 { return false }
        return true
    }

    /// Checks the values the tree would render that were not rendered here (arrays item by item
    /// where they repeat an element): a record is read only when the tree would read it.
    func checkUnrendered(_ template: CompiledTemplate) throws {
        for (i, omittable, content) in template.referenced where i < values.count && rendered[i] == 0 && !(omittable && isNull(i)) {
            let v = values[i]
            try context.checkText(type: v.type & 0x7F, at: v.offset, size: v.size, array: content && v.type & 0x80 != 0)
        }
    }

    /// Appends the template's data items, named as the tree's `WindowsEvent(element:)` names
    /// them; an array value as an element's content gives one item per array item.
    func appendData(_ template: CompiledTemplate) throws {
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
                let name = try text(slot.nameSource, template)
                if name.present {
                    items.append(EVTXItem(name: name, value: value, entry: -1))
                    return
                }
            }
            unnamed += 1
            let start = scratch.count
            scratch.append("param\(unnamed)")
            items.append(EVTXItem(name: range(start, type: 0, value: 0), value: value, entry: -1))
        }
        for (entry, slot) in template.dataSlots.enumerated() {
            let source = slot.value
            if source.shape == .substitution, isArray(Int(source.index)), !(source.omittedWhenNull >= 0 && isNull(Int(source.index))) {
                fixed = false
                var texts: [EVTXText] = []
                rendered[Int(source.index)] = 1
                try context.appendArrayItems(values[Int(source.index)], to: scratch) { start, count in
                    texts.append(EVTXText(start: start, count: Int32(count), present: true, literal: false, type: 0, value: 0))
                }
                for text in texts.isEmpty ? [empty] : texts { try append(entry, slot, text) }
                continue
            }
            let value = try text(source, template)
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

    private func range(_ start: Int, type: UInt8, value: Int) -> EVTXText {
        EVTXText(start: start, count: Int32(scratch.count - start), present: true, literal: false, type: type, value: Int32(value))
    }

    /// Value `i` rendered into the scratch bytes.
    private func render(_ i: Int) throws -> EVTXText {
        guard i < values.count else { return empty }
        let v = values[i]
        let start = scratch.count
        rendered[i] = 1
        try context.appendText(type: v.type & 0x7F, at: v.offset, size: v.size, to: scratch)
        return range(start, type: v.type, value: v.offset)
    }

    /// The text of `source` as the element tree would have it; not present when the element or
    /// attribute is left out.
    @inline(__always)
    func text(_ source: SourceSlot, _ template: CompiledTemplate) throws -> EVTXText {
        if source.omittedWhenNull >= 0, isNull(Int(source.omittedWhenNull)) { return .absent }
        switch source.shape {
        case .literal:
            return source.literal
        case .substitution:
            let i = Int(source.index)
            // An array repeats the element; a System field reads the first one.
            if !source.isAttribute, isArray(i) { return try firstItem(i) }
            if source.isAttribute && source.optional && isNull(i) { return .absent }
            return try render(i)
        case .composite:
            return try composite(template.composites[Int(source.index)])
        }
    }

    private func firstItem(_ i: Int) throws -> EVTXText {
        var first: (Int, Int)?
        rendered[i] = 1
        try context.appendArrayItems(values[i], to: scratch) { at, count in if first == nil { first = (at, count) } }
        guard let first else { return empty }
        scratch.count = first.0 + first.1  // the first item, written first
        return EVTXText(start: first.0, count: Int32(first.1), present: true, literal: false, type: 0, value: 0)
    }

    /// A text of several pieces (or none), rendered one after another.
    private func composite(_ source: TextSource) throws -> EVTXText {
        let start = scratch.count
        for piece in source.pieces {
            switch piece {
            case .literal(let text): scratch.append(text)
            case .substitution(let i, _):
                guard i < values.count else { continue }
                let v = values[i]
                rendered[i] = 1
                try context.appendText(type: v.type & 0x7F, at: v.offset, size: v.size, to: scratch)
            }
        }
        return range(start, type: 0, value: 0)
    }
}
