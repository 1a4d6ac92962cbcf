// Records of compiled templates (CompiledTemplate.swift) read into a WindowsEvent directly.

/// What a template is compiled as: a whole event, or the document nested in its EventData or UserData.
enum TemplateKind: Int {
    case event, eventData, userData
}

extension ChunkContext {
    /// The event of the document in [start, end) read through its compiled template; nil when
    /// the record needs the element tree (another template shape, array or nested Binary XML
    /// values, more than one template instance).
    func windowsEvent(start: Int, end: Int) throws -> WindowsEvent? {
        guard let (template, values) = try instance(start: start, end: end, kind: .event) else { return nil }
        var reader = ValueTexts(context: self, values: values)
        guard try reader.validate(template) else { return nil }
        var event = WindowsEvent()
        for (field, source) in template.system {
            if let text = try reader.evaluate(source) { event.set(field, text) }
        }
        if let id = template.eventID { event.eventID = try reader.evaluate(id) ?? "" }
        try reader.appendData(template, to: &event)
        if let i = template.nestedData, i < values.count {
            let value = values[i]
            if value.type == 0x21 {
                guard let (nested, nestedValues) = try instance(start: value.offset, end: value.offset + value.size, kind: .eventData)
                else { return nil }
                var nestedReader = ValueTexts(context: self, values: nestedValues)
                guard try nestedReader.validate(nested) else { return nil }
                try nestedReader.appendData(nested, to: &event)
            } else if value.type & 0x80 != 0 {
                return nil
            } else {
                _ = try reader.text(i)  // Event text: not part of the event, but it must render
            }
        }
        if let (i, optional) = template.nestedUserData {
            guard try userData(i, optional: optional, values: values, reader: &reader, into: &event) else { return nil }
        }
        return event
    }

    /// The UserData whose whole content is substitution `i`: absent when NULL and optional, its
    /// leaves when nested Binary XML; false when the tree must read it.
    private func userData(_ i: Int, optional: Bool, values: [RawValue], reader: inout ValueTexts, into event: inout WindowsEvent) throws -> Bool {
        if optional && reader.isNull(i) { return true }  // <UserData> left out
        event.fromUserData = true
        guard i < values.count else { return true }  // an empty <UserData>
        let value = values[i]
        guard value.type == 0x21 else {
            guard value.type & 0x80 == 0 else { return false }
            _ = try reader.text(i)  // text of <UserData>: no items, but it must render
            return true
        }
        guard let (nested, nestedValues) = try instance(start: value.offset, end: value.offset + value.size, kind: .userData)
        else { return false }
        var nestedReader = ValueTexts(context: self, values: nestedValues)
        guard try nestedReader.validate(nested) else { return false }
        try nestedReader.appendData(nested, to: &event)
        return true
    }

    /// The compiled template and values of the document in [start, end) when it is one template
    /// instance (after an optional fragment header) and nothing else, compiled as `kind`.
    private func instance(start: Int, end: Int, kind: TemplateKind) throws -> (CompiledTemplate, [RawValue])? {
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
            return made.map { ($0, []) }
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
            let (nodes, _, start) = try templateDefinition(at: p, depth: kind == .event ? 0 : 1)
            valuesStart = start
            let made: CompiledTemplate? = switch kind {
            case .event: CompiledTemplate(event: nodes)
            case .eventData: CompiledTemplate(eventData: nodes)
            case .userData: CompiledTemplate(userData: nodes)
            }
            compiled[kind.rawValue][offset] = made
            guard let made else { return nil }
            template = made
        }
        let (values, next) = try valueArray(at: valuesStart)
        if next < end, try bytes.u8(next, "token") & 0x1F != 0x00 { return nil }
        return (template, values)
    }
}

/// The rendered text of a record's substitution values, each rendered once.
struct ValueTexts {
    let context: ChunkContext
    let values: [RawValue]
    private var texts: [String?]

    init(context: ChunkContext, values: [RawValue]) {
        self.context = context
        self.values = values
        texts = Array(repeating: nil, count: values.count)
    }

    /// Renders every value the tree would render (arrays as their items where they repeat an
    /// element); false when one is nested Binary XML where the template expects text.
    mutating func validate(_ template: CompiledTemplate) throws -> Bool {
        for (i, _, _) in template.referenced where i < values.count && values[i].type == 0x21 { return false }
        for (i, omittable, content) in template.referenced where !(omittable && isNull(i)) {
            if content && isArray(i) {
                _ = try context.renderArray(values[i])
            } else {
                _ = try text(i)
            }
        }
        return true
    }

    /// The template's EventData items, as the tree's `WindowsEvent(element:)` names them; an
    /// array value as an element's content gives one item per array item.
    mutating func appendData(_ template: CompiledTemplate, to event: inout WindowsEvent) throws {
        var unnamed = 0  // one EventData per event: static or nested, never both
        event.data.reserveCapacity(event.data.count + template.data.count)
        func append(_ element: String, _ nameSource: TextSource?, _ value: String) throws {
            if template.fromUserData || element != "Data" {
                event.data.append((element, value))
            } else if let nameSource, let name = try evaluate(nameSource) {
                event.data.append((name, value))
            } else {
                unnamed += 1
                event.data.append(("param\(unnamed)", value))
            }
        }
        for (element, nameSource, valueSource) in template.data {
            if let i = valueSource.loneSubstitution, isArray(i), !(valueSource.elementOmittedWhenNull != nil && isNull(i)) {
                let items = try context.renderArray(values[i])
                for item in items.isEmpty ? [""] : items { try append(element, nameSource, item) }
                continue
            }
            guard let value = try evaluate(valueSource) else { continue }
            try append(element, nameSource, value)
        }
    }

    /// An array value (types 0x81 and up).
    func isArray(_ i: Int) -> Bool { i < values.count && values[i].type & 0x80 != 0 }

    /// A NULL value: absent, type 0 or size 0.
    func isNull(_ i: Int) -> Bool { i >= values.count || values[i].type == 0 || values[i].size == 0 }

    mutating func text(_ i: Int) throws -> String {
        guard i < values.count else { return "" }
        if let known = texts[i] { return known }
        let text = try context.render(values[i])
        texts[i] = text
        return text
    }

    /// The text of `source` as the element tree would have it; nil when the element or attribute
    /// is left out.
    mutating func evaluate(_ source: TextSource) throws -> String? {
        if let i = source.elementOmittedWhenNull, isNull(i) { return nil }
        // An array repeats the element; a System field reads the first one.
        if !source.isAttribute, let i = source.loneSubstitution, isArray(i) { return try context.renderArray(values[i]).first ?? "" }
        if source.pieces.count == 1 {
            switch source.pieces[0] {
            case .literal(let text): return text
            case .substitution(let i, let optional):
                if source.isAttribute && optional && isNull(i) { return nil }
                return i < values.count || source.isAttribute ? try text(i) : ""
            }
        }
        var out = ""
        for piece in source.pieces {
            switch piece {
            case .literal(let text): out += text
            case .substitution(let i, _):
                guard i < values.count || source.isAttribute else { continue }
                out += try text(i)
            }
        }
        return out
    }
}
