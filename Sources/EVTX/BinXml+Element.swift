// Elements of Binary XML and their instantiation with a template instance's values.

extension ChunkContext {
    /// The element starting at `p` (token 0x01 or 0x41) and the position after its end.
    func element(at p: Int, end: Int, depth: Int) throws -> (TemplateNode, Int) {
        guard depth < ChunkContext.maxDepth else { throw BinXmlError("elements nested deeper than \(ChunkContext.maxDepth)") }
        let token = try bytes.u8(p, "element token")
        // The 2-byte dependency id is normally present; without it the size would overrun.
        var nameAt = p + 7
        let sizeWithDependency = Int(try bytes.u32(p + 3, "element data size"))
        if p + 7 + sizeWithDependency > bytes.base.count {
            nameAt = p + 5
        }
        var (name, q) = try nameReference(at: nameAt)
        var attributes: [TemplateAttribute] = []
        if token & 0x40 != 0 {
            let listSize = Int(try bytes.u32(q, "attribute list size"))
            q += 4
            let listEnd = q + listSize
            try bytes.check("attribute list", q, listSize)
            while q < listEnd {
                let t = try bytes.u8(q, "attribute token")
                guard t & 0x1F == 0x06 else { throw BinXmlError("expected an attribute at \(q), found token 0x\(String(t, radix: 16))") }
                let (attributeName, afterName) = try nameReference(at: q + 1)
                q = afterName
                var pieces: [TemplatePiece] = []
                while q < listEnd, try bytes.u8(q, "attribute value token") & 0x1F != 0x06 {
                    let (piece, next) = try valueItem(at: q)
                    pieces.append(piece)
                    q = next
                }
                attributes.append(TemplateAttribute(name: attributeName, pieces: pieces))
            }
        }
        let close = try bytes.u8(q, "element close token")
        if close & 0x1F == 0x03 { return (.element(name: name, attributes: attributes, children: []), q + 1) }
        guard close & 0x1F == 0x02 else {
            throw BinXmlError("expected '>' or '/>' of <\(name)> at \(q), found token 0x\(String(close, radix: 16))")
        }
        q += 1
        var children: [TemplateNode] = []
        while true {
            guard q < end else { throw BinXmlError("<\(name)> is not closed before offset \(end)") }
            let t = try bytes.u8(q, "content token")
            switch t & 0x1F {
            case 0x04:
                return (.element(name: name, attributes: attributes, children: children), q + 1)
            case 0x01:
                let (child, next) = try element(at: q, end: end, depth: depth + 1)
                children.append(child)
                q = next
            case 0x05, 0x07, 0x08, 0x09, 0x0D, 0x0E:
                let (piece, next) = try valueItem(at: q)
                children.append(.piece(piece))
                q = next
            case 0x0A:
                q = try nameReference(at: q + 1).1
            case 0x0B:
                q += 3 + 2 * Int(try bytes.u16(q + 1, "PI data length"))
            default:
                throw BinXmlError("unexpected token 0x\(String(t, radix: 16)) inside <\(name)> at \(q)")
            }
        }
    }

    /// One text, substitution, CDATA, character or entity reference item at `q`.
    func valueItem(at q: Int) throws -> (TemplatePiece, Int) {
        let t = try bytes.u8(q, "value token")
        switch t & 0x1F {
        case 0x05:
            let count = Int(try bytes.u16(q + 2, "text length"))
            return (.literal(try bytes.utf16(q + 4, units: count, "text")), q + 4 + 2 * count)
        case 0x07:
            let count = Int(try bytes.u16(q + 1, "CDATA length"))
            return (.literal(try bytes.utf16(q + 3, units: count, "CDATA")), q + 3 + 2 * count)
        case 0x08:
            let code = UInt32(try bytes.u16(q + 1, "character reference"))
            return (.literal(Unicode.Scalar(code).map { String(Character($0)) } ?? "\u{FFFD}"), q + 3)
        case 0x09:
            let (entity, next) = try nameReference(at: q + 1)
            let text = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'"][entity] ?? "&\(entity);"
            return (.literal(text), next)
        case 0x0D, 0x0E:
            let index = Int(try bytes.u16(q + 1, "substitution index"))
            return (.substitution(index: index, optional: t & 0x1F == 0x0E), q + 4)
        default:
            throw BinXmlError("expected a value at \(q), found token 0x\(String(t, radix: 16))")
        }
    }

    // MARK: - Instantiation

    /// The elements of `nodes` with their substitutions filled from `values`.
    func instantiate(_ nodes: [TemplateNode], values: [RawValue], depth: Int) throws -> [EventElement] {
        var out: [EventElement] = []
        for node in nodes {
            guard case .element(let name, let attributes, let children) = node else { continue }
            // An element whose only content is one substitution: omitted when an optional value is
            // NULL, repeated per item of an array, a nested document for BinXml.
            if children.count == 1, case .piece(.substitution(let i, let optional)) = children[0] {
                let value = i < values.count ? values[i] : RawValue(type: 0, offset: 0, size: 0)
                if optional && (value.type == 0 || value.size == 0) { continue }
                if value.type & 0x80 != 0 {
                    let items = try renderArray(value)
                    for item in items.isEmpty ? [""] : items {
                        var e = try shell(name, attributes, values, depth)
                        e.text = item
                        out.append(e)
                    }
                    continue
                }
            }
            var e = try shell(name, attributes, values, depth)
            for child in children {
                switch child {
                case .element:
                    e.children += try instantiate([child], values: values, depth: depth)
                case .piece(.literal(let text)):
                    if e.text.isEmpty { e.text = text } else { e.text += text }
                case .piece(.substitution(let i, _)):
                    guard i < values.count else { continue }
                    let value = values[i]
                    if value.type == 0x21 {
                        e.children += try document(start: value.offset, end: value.offset + value.size, depth: depth + 1)
                    } else if e.text.isEmpty {
                        e.text = try render(value)
                    } else {
                        e.text += try render(value)
                    }
                }
            }
            out.append(e)
        }
        return out
    }

    /// An element with its attributes filled (attributes of NULL optional values left out).
    private func shell(_ name: String, _ attributes: [TemplateAttribute], _ values: [RawValue], _ depth: Int) throws -> EventElement {
        var e = EventElement(name: name)
        for attribute in attributes {
            // One piece (the usual case): no concatenation.
            if attribute.pieces.count == 1 {
                switch attribute.pieces[0] {
                case .literal(let s):
                    e.attributes.append((attribute.name, s))
                case .substitution(let i, let optional):
                    let value = i < values.count ? values[i] : RawValue(type: 0, offset: 0, size: 0)
                    if optional && (value.type == 0 || value.size == 0) { continue }
                    e.attributes.append((attribute.name, value.type == 0x21 ? "" : try render(value)))
                }
                continue
            }
            var text = ""
            var omit = false
            for piece in attribute.pieces {
                switch piece {
                case .literal(let s): text += s
                case .substitution(let i, let optional):
                    let value = i < values.count ? values[i] : RawValue(type: 0, offset: 0, size: 0)
                    if optional && attribute.pieces.count == 1 && (value.type == 0 || value.size == 0) { omit = true }
                    if value.type != 0x21 { text += try render(value) }
                }
            }
            if !omit { e.attributes.append((attribute.name, text)) }
        }
        return e
    }
}
