// UserData written as plain elements (no template, text inline), as CAPI2 writes it, read
// straight into data items: what compiling it as a template for the record
// (`CompiledTemplate(userData:)`) and reading that would give, without building either.
//
//   <Root attr…>  child*  </Root>         the root is not an item; its text is ignored
//   <Leaf attr…>  text  </Leaf>           a leaf (no child element) is an item: name, its text
//   <Inner>  child*  </Inner>             an element with children: its children are the items
//
// Anything else (a substitution where the template would refuse it, a token out of place, a
// reference out of range) returns nil and the record is compiled the usual way, which also
// reports what is wrong with it.

extension ChunkContext {
    /// Reads the plain-element document in [start, end) into data items (entries named by the
    /// items themselves); nil, with nothing added, when it is not one.
    func plainUserData(start: Int, end: Int) -> Bool? {
        var p = start
        guard let first = byte(p) else { return nil }
        if first & 0x1F == 0x0F { p += 4 }
        guard p < end, let token = byte(p), token & 0x1F == 0x01 else { return nil }
        let scratchMark = scratch.count, itemsMark = items.count
        guard let next = plainElement(at: p, end: end, depth: 1, root: true),
              next >= end || byte(next).map({ $0 & 0x1F == 0x00 }) == true else {
            scratch.count = scratchMark
            items.count = itemsMark
            return nil
        }
        plainItems = true
        return true
    }

    /// One element (as `element(at:end:depth:)` reads it): a leaf becomes an item unless it is
    /// the root; the position after it, or nil.
    private func plainElement(at p: Int, end: Int, depth: Int, root: Bool) -> Int? {
        guard depth < ChunkContext.maxDepth, let token = byte(p), let size = dword(p + 3) else { return nil }
        let nameAt = p + 7 + size <= bytes.base.count ? p + 7 : p + 5
        guard let (nameOffset, afterName) = plainName(at: nameAt) else { return nil }
        var q = afterName
        if token & 0x40 != 0 {
            // Attributes are not items; they are walked so that the element is read as a whole.
            guard let listSize = dword(q), q + 4 + listSize <= bytes.base.count else { return nil }
            q += 4
            let listEnd = q + listSize
            while q < listEnd {
                guard let t = byte(q), t & 0x1F == 0x06, let (_, next) = plainName(at: q + 1) else { return nil }
                q = next
                while q < listEnd {
                    guard let t = byte(q) else { return nil }
                    if t & 0x1F == 0x06 { break }
                    guard let next = skipValue(at: q) else { return nil }
                    q = next
                }
            }
        }
        guard let close = byte(q) else { return nil }
        let nameText = { (self.plainNameText(nameOffset)) }
        if close & 0x1F == 0x03 {
            if !root { appendPlainItem(name: nameText(), valueStart: scratch.count, omitted: false) }
            return q + 1
        }
        guard close & 0x1F == 0x02 else { return nil }
        q += 1
        let textStart = scratch.count
        var pieces = 0, substitutions = 0, loneOptional = false, hasChildren = false
        while true {
            guard q < end, let t = byte(q) else { return nil }
            switch t & 0x1F {
            case 0x04:
                if !hasChildren && !root {
                    appendPlainItem(name: nameText(), valueStart: textStart, omitted: pieces == 1 && loneOptional)
                }
                return q + 1
            case 0x01:
                // A child element: this one is not a leaf, and a substitution in it would make
                // the template refuse the document.
                if root || !hasChildren {
                    guard substitutions == 0 else { return nil }
                    if !hasChildren { scratch.count = textStart }
                    hasChildren = true
                }
                guard let next = plainElement(at: q, end: end, depth: depth + 1, root: false) else { return nil }
                q = next
            case 0x05, 0x07, 0x08, 0x09:
                guard let next = hasChildren || root ? skipValue(at: q) : appendPlainText(at: q) else { return nil }
                pieces += 1
                q = next
            case 0x0D, 0x0E:
                // Plain documents have no values: a substitution renders nothing, and a lone
                // optional one leaves the element out.
                guard !(hasChildren || root), region(q + 1, 3) != nil else { return nil }
                pieces += 1
                substitutions += 1
                loneOptional = t & 0x1F == 0x0E
                q += 4
            case 0x0A:
                guard let (_, next) = plainName(at: q + 1) else { return nil }
                q = next
            case 0x0B:
                guard let count = word(q + 1), region(q + 3, 2 * count) != nil else { return nil }
                q += 3 + 2 * count
            default:
                return nil
            }
        }
    }

    /// An item named `name` whose value is the scratch bytes from `valueStart` on.
    private func appendPlainItem(name: (offset: Int, units: Int), valueStart: Int, omitted: Bool) {
        if omitted {
            scratch.count = valueStart
            return
        }
        let valueCount = scratch.count - valueStart
        let nameStart = scratch.count
        appendUTF16(at: name.offset, units: name.units, to: scratch)
        let entry = Int32(items.count)
        items.append(EVTXItem(
            name: EVTXText(start: nameStart, count: Int32(scratch.count - nameStart), present: true, literal: false, type: 0, value: 0),
            value: EVTXText(start: valueStart, count: Int32(valueCount), present: true, literal: false, type: 0, value: 0),
            entry: entry))
    }

    /// Where a name's UTF-16 text is.
    private func plainNameText(_ offset: Int) -> (offset: Int, units: Int) {
        (offset + 8, word(offset + 6) ?? 0)
    }

    /// A name reference at `at` (inline or earlier in the chunk): the name's offset and the
    /// position after the reference.
    private func plainName(at: Int) -> (Int, Int)? {
        guard let offset = dword(at), offset == at + 4 || (offset < at && offset >= 0),
              let count = word(offset + 6), region(offset + 8, 2 * count) != nil else { return nil }
        return (offset, offset == at + 4 ? at + 4 + 8 + 2 * count + 2 : at + 4)
    }

    /// Appends the text of a text, CDATA, character or entity reference at `q` (as `valueItem`
    /// reads it); the position after it.
    private func appendPlainText(at q: Int) -> Int? {
        guard let t = byte(q) else { return nil }
        switch t & 0x1F {
        case 0x05:
            guard let count = word(q + 2), region(q + 4, 2 * count) != nil else { return nil }
            appendUTF16(at: q + 4, units: count, to: scratch)
            return q + 4 + 2 * count
        case 0x07:
            guard let count = word(q + 1), region(q + 3, 2 * count) != nil else { return nil }
            appendUTF16(at: q + 3, units: count, to: scratch)
            return q + 3 + 2 * count
        case 0x08, 0x09:
            // Character and entity references: rare; rendered as the tree renders them.
            guard let (piece, next) = try? valueItem(at: q), case .literal(let text) = piece else { return nil }
            scratch.append(text)
            return next
        default:
            return nil
        }
    }

    /// The position after the value item at `q`, without rendering it.
    private func skipValue(at q: Int) -> Int? {
        guard let t = byte(q) else { return nil }
        switch t & 0x1F {
        case 0x05:
            guard let count = word(q + 2), region(q + 4, 2 * count) != nil else { return nil }
            return q + 4 + 2 * count
        case 0x07:
            guard let count = word(q + 1), region(q + 3, 2 * count) != nil else { return nil }
            return q + 3 + 2 * count
        case 0x08:
            return region(q + 1, 2) != nil ? q + 3 : nil
        case 0x09:
            return plainName(at: q + 1)?.1
        case 0x0D, 0x0E:
            return region(q + 1, 3) != nil ? q + 4 : nil
        default:
            return nil
        }
    }
}
