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
            // A value that cannot be read, or nested Binary XML where text is expected: the tree
            // reads the record again and reports what fails first in its own order (values are
            // checked by being rendered, not before).
            return false
        }
    }

    /// The record's values rendered through `template`; every value the tree would render is
    /// read, those the event does not keep are checked afterwards.
    private func render(_ template: CompiledTemplate) throws -> Bool {
        let reader = ValueReader(context: self, values: eventValues.elements)
        system.base[EVTXSystemField.eventID.rawValue] = reader.empty  // EventID is "" when left out
        for slot in template.systemSlots {
            let text = try reader.text(slot.source, template, in: self)
            if text.present { system.base[slot.field.rawValue] = text }
        }
        try reader.appendData(template, in: self)
        try reader.checkUnrendered(template, in: self)
        if let i = template.nestedData, i < eventValues.count {
            let value = eventValues.base[i]
            if value.type == 0x21 {
                guard let nested = try instance(start: value.offset, end: value.offset + value.size, kind: .eventData, values: nestedValues)
                else { return false }
                try readNested(nested)
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
        try readNested(nested)
        return true
    }

    /// The data items of a document nested in EventData or UserData, read through `nested`
    /// from the nested values (throwing, so that the tree reads the record, where one is
    /// nested Binary XML and text is expected).
    private func readNested(_ nested: CompiledTemplate) throws {
        let reader = ValueReader(context: self, values: nestedValues.elements)
        try reader.appendData(nested, in: self)
        try reader.checkUnrendered(nested, in: self)
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
        try checkTemplateID(instance: p, definition: offset)
        let template: CompiledTemplate
        var valuesStart = p + 10
        if let known = compiled.template(kind, at: offset) {
            guard let known else { return nil }
            template = known
            if offset == p + 10 { valuesStart = offset + 24 + Int(try bytes.u32(offset + 20, "template data size")) }
        } else {
            // The same template met in an earlier chunk (same GUID, size and shape) is not compiled again.
            let depth = kind == .event ? 0 : 1
            var shape: UnsafeRawBufferPointer?
            var identity: EVTXTemplateIdentity?
            if let shared, offset <= p + 10, offset >= 0, let size = try? Int(bytes.u32(offset + 20, "")), offset + 24 + size <= bytes.base.count,
               let guidLow = try? bytes.u64(offset + 4, ""), let guidHigh = try? bytes.u64(offset + 12, "") {
                identity = EVTXTemplateIdentity(guidLow: guidLow, guidHigh: guidHigh, size: UInt32(size))
                shape = self.shape(start: offset + 24, end: offset + 24 + size, depth: depth + 1)
                if let identity, let shape, let known = shared.template(identity, kind: kind, shape: shape) {
                    compiled.store(known, kind, at: offset)
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
            compiled.store(made, kind, at: offset)
            if let shared, let identity, let shape { shared.store(made, identity, kind: kind, shape: shape) }
            guard let made else { return nil }
            template = made
        }
        let next = try valueArray(at: valuesStart, into: values)
        if next < end, try bytes.u8(next, "token") & 0x1F != 0x00 { return nil }
        return template
    }
}
