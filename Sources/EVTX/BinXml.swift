// Binary XML (windows-security.md §5.4-5.7): tokens → template nodes → elements.
//
//   document  = [0x0F fragment header] (0x0C template instance | element)* 0x00
//   element   = 0x01|0x41 dep-id? size name-offset [attribute-list] (0x02 content* 0x04 | 0x03)
//   content   = element | 0x05 text | 0x0D/0x0E substitution | 0x07 CDATA | 0x08 char ref | 0x09 entity ref
//   instance  = 0x0C u8 u32-id u32-definition-offset [inline definition] value-array
//
// Names and template definitions are chunk-relative and cached per chunk (ChunkContext); compiled
// templates outlive their chunk (TemplateCache, by GUID, size and shape).
// Depth is bounded so nested templates and BinXml values cannot recurse without end.

/// Per-chunk state: the chunk's bytes and its caches of names and template definitions.
final class ChunkContext {
    @exclusivity(unchecked) private(set) var bytes: ChunkBytes
    /// Templates compiled in earlier chunks, when chunks are read one after another (EVTXChunkReader).
    let shared: TemplateCache?
    var names: [Int: String] = [:]
    var templates: [Int: [TemplateNode]] = [:]
    /// Compiled forms of `templates` by `TemplateKind` (nil: a shape the compiler leaves to the tree).
    @exclusivity(unchecked) var compiled = CompiledTable()
    static let maxDepth = 48

    // The record being read through compiled templates (BinXml+Compiled.swift, EVTXEventView).
    /// The record's rendered values, and a buffer for one value rendered as a String.
    let scratch = RecordBuffer<UInt8>(capacity: 4096)
    /// The shape of the template body last walked (TemplateShape.swift).
    let shapeBuffer = RecordBuffer<UInt8>(capacity: 1024)
    let renderBuffer = RecordBuffer<UInt8>(capacity: 256)
    /// The record's System texts by `EVTXSystemField`, and its data items.
    let system = RecordBuffer<EVTXText>(capacity: EVTXSystemField.allCases.count)
    let items = RecordBuffer<EVTXItem>(capacity: 64)
    @exclusivity(unchecked) var recordFromUserData = false
    /// The day of the FILETIME rendered last and its date (`appendFileTime`).
    @exclusivity(unchecked) var lastDay = Int.min
    @exclusivity(unchecked) var lastDate = (year: 1970, month: 1, day: 1)
    /// The template whose entries name every data item of the record, if one does.
    @exclusivity(unchecked) var itemsTemplate: CompiledTemplate?
    /// A template compiled for this record alone (plain nested elements), kept while it is visited.
    @exclusivity(unchecked) var recordTemplate: CompiledTemplate?
    /// The data items were read from plain elements (BinXml+Plain.swift): each item is its own
    /// entry, and `plainAnnotation` stands for the template's annotation.
    @exclusivity(unchecked) var plainItems = false
    var plainAnnotation = EVTXAnnotation()
    let eventValues = RecordBuffer<RawValue>(capacity: 64)
    /// Which values of the template being read have been rendered (`ValueReader`): one byte for
    /// each of the at most `maxValues` values of an array.
    let renderedMarks = UnsafeMutablePointer<UInt8>.allocate(capacity: ChunkContext.maxValues)
    static let maxValues = 4096
    let nestedValues = RecordBuffer<RawValue>(capacity: 64)
    /// The record's event when it was read through the element tree.
    @exclusivity(unchecked) var treeEvent: WindowsEvent?
    @exclusivity(unchecked) var treeElement: EventElement?

    init(_ base: UnsafeRawBufferPointer, shared: TemplateCache? = nil) {
        bytes = ChunkBytes(base: base)
        self.shared = shared
        system.count = EVTXSystemField.allCases.count
    }

    deinit { renderedMarks.deallocate() }

    /// Forgets the previous chunk (its names and templates) and reads `base`, keeping the memory.
    func reset(_ base: UnsafeRawBufferPointer) {
        bytes = ChunkBytes(base: base)
        names.removeAll(keepingCapacity: true)
        templates.removeAll(keepingCapacity: true)
        compiled.removeAll()
        itemsTemplate = nil
        recordTemplate = nil
        plainItems = false
        treeEvent = nil
        treeElement = nil
    }

    /// The Name structure at `offset`: u32 next, u16 hash, u16 count, UTF-16 text, u16 NUL.
    func name(at offset: Int) throws -> (name: String, size: Int) {
        let count = Int(try bytes.u16(offset + 6, "name length"))
        let size = 8 + 2 * count + 2
        if let cached = names[offset] { return (cached, size) }
        let text = try bytes.utf16(offset + 8, units: count, "name text")
        names[offset] = text
        return (text, size)
    }

    /// A name referenced at `at` (a u32 offset); returns it and the position after the reference
    /// (after the inline Name when it is stored right there).
    func nameReference(at: Int) throws -> (String, Int) {
        let offset = Int(try bytes.u32(at, "name offset"))
        if offset == at + 4 {
            let (name, size) = try name(at: offset)
            return (name, at + 4 + size)
        }
        guard offset < at, offset >= 0 else { throw BinXmlError("name offset \(offset) points forward of \(at)") }
        return (try name(at: offset).name, at + 4)
    }

    // MARK: - Documents

    /// Parses the document in [start, end) into elements, instantiating templates.
    func document(start: Int, end: Int, depth: Int = 0) throws -> [EventElement] {
        guard depth < ChunkContext.maxDepth else { throw BinXmlError("nesting deeper than \(ChunkContext.maxDepth)") }
        var p = start
        var out: [EventElement] = []
        while p < end {
            let token = try bytes.u8(p, "token")
            switch token & 0x1F {
            case 0x00:
                return out
            case 0x0F:
                p += 4
            case 0x0C:
                let (elements, next) = try templateInstance(at: p, end: end, depth: depth)
                out += elements
                p = next
            case 0x01:
                let (node, next) = try element(at: p, end: end, depth: depth + 1)
                out += try instantiate([node], values: [], depth: depth)
                p = next
            case 0x0A:
                p = try nameReference(at: p + 1).1
            case 0x0B:
                p += 3 + 2 * Int(try bytes.u16(p + 1, "PI data length"))
            default:
                throw BinXmlError("unexpected token 0x\(String(token, radix: 16)) at chunk offset \(p)")
            }
        }
        return out
    }

    /// A template instance at `p`: its definition (inline or cached) and its values.
    func templateInstance(at p: Int, end: Int, depth: Int) throws -> ([EventElement], Int) {
        let (nodes, _, valuesStart) = try templateDefinition(at: p, depth: depth)
        let (values, next) = try valueArray(at: valuesStart)
        return (try instantiate(nodes, values: values, depth: depth), next)
    }

    /// The definition of the template instance at `p` (parsed once per chunk), its offset, and
    /// where the instance's values start (after the definition when it is stored inline).
    func templateDefinition(at p: Int, depth: Int) throws -> (nodes: [TemplateNode], offset: Int, valuesStart: Int) {
        let definitionOffset = Int(try bytes.u32(p + 6, "template definition offset"))
        try checkTemplateID(instance: p, definition: definitionOffset)
        var valuesStart = p + 10
        let nodes: [TemplateNode]
        if let cached = templates[definitionOffset] {
            nodes = cached
            if definitionOffset == p + 10 {
                valuesStart = definitionOffset + 24 + Int(try bytes.u32(definitionOffset + 20, "template data size"))
            }
        } else {
            guard definitionOffset <= p + 10 else {
                throw BinXmlError("template definition offset \(definitionOffset) points forward of \(p)")
            }
            let size = Int(try bytes.u32(definitionOffset + 20, "template data size"))
            let bodyStart = definitionOffset + 24
            try bytes.check("template definition", bodyStart, size)
            nodes = try templateBody(start: bodyStart, end: bodyStart + size, depth: depth + 1)
            templates[definitionOffset] = nodes
            if definitionOffset == p + 10 { valuesStart = bodyStart + size }
        }
        return (nodes, definitionOffset, valuesStart)
    }

    /// Throws unless the template instance at `p` names the template defined at `definition`:
    /// Windows writes the first four bytes of the definition's GUID as the instance's template
    /// id. A record left from another generation of the chunk (a log copied while it was being
    /// overwritten) can point at a definition that is no longer its own; its values must not be
    /// read through that stranger's names.
    func checkTemplateID(instance p: Int, definition: Int) throws {
        let id = try bytes.u32(p + 2, "template id")
        let guid = try bytes.u32(definition + 4, "template GUID")
        guard id == guid else {
            throw BinXmlError("the template instance at chunk offset \(p) names template 0x\(String(id, radix: 16, uppercase: true)), "
                + "but the definition at chunk offset \(definition) is 0x\(String(guid, radix: 16, uppercase: true))")
        }
    }

    /// The nodes of a template definition's body (fragment header, element, EOF).
    func templateBody(start: Int, end: Int, depth: Int) throws -> [TemplateNode] {
        var p = start
        var nodes: [TemplateNode] = []
        while p < end {
            let token = try bytes.u8(p, "template token")
            switch token & 0x1F {
            case 0x00: return nodes
            case 0x0F: p += 4
            case 0x01:
                let (node, next) = try element(at: p, end: end, depth: depth + 1)
                nodes.append(node)
                p = next
            default: throw BinXmlError("unexpected token 0x\(String(token, radix: 16)) in template at \(p)")
            }
        }
        return nodes
    }

    /// The value array at `p`: count, descriptors (size, type), then the values.
    func valueArray(at p: Int) throws -> ([RawValue], Int) {
        let values = RecordBuffer<RawValue>(capacity: 32)
        let next = try valueArray(at: p, into: values)
        return (Array(values.elements), next)
    }

    /// The value array at `p` read into `values` (emptied first); the position after it.
    func valueArray(at p: Int, into values: RecordBuffer<RawValue>) throws -> Int {
        values.count = 0
        let count = Int(try bytes.u32(p, "value count"))
        guard count <= ChunkContext.maxValues else { throw BinXmlError("value count \(count) at \(p) is implausible") }
        values.reserve(count)
        var data = p + 4 + 4 * count
        // Descriptors: u16 size, u8 type, u8 padding. When they do not all lie in the chunk, read
        // one by one so that the first read to fail is the one reported.
        guard p + 4 + 4 * count <= bytes.base.count else {
            for i in 0..<count {
                let size = Int(try bytes.u16(p + 4 + 4 * i, "value descriptor size"))
                let type = try bytes.u8(p + 6 + 4 * i, "value descriptor type")
                try bytes.check("value \(i) (type 0x\(String(type, radix: 16)))", data, size)
                values.append(RawValue(type: type, offset: data, size: size))
                data += size
            }
            return data
        }
        let descriptors = bytes.base.baseAddress! + p + 4
        let out = values.base
        let end = bytes.base.count
        for i in 0..<count {
            let d = UInt32(littleEndian: descriptors.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
            let size = Int(d & 0xFFFF), type = UInt8(truncatingIfNeeded: d >> 16)
            if data + size > end { try bytes.check("value \(i) (type 0x\(String(type, radix: 16)))", data, size) }
            out[i] = RawValue(type: type, offset: data, size: size)
            data += size
        }
        values.count = count
        return data
    }
}

/// A malformed Binary XML structure.
struct BinXmlError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A substitution value: its type and where its bytes are in the chunk.
struct RawValue: BitwiseCopyable {
    var type: UInt8
    var offset: Int
    var size: Int
}
