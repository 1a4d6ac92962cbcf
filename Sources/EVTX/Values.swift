// Substitution values to text (windows-security.md §5.8), written as UTF-8 bytes into a record
// buffer: the compiled path keeps them there, the element tree makes Strings of them.
//
//   0x01 UTF-16 string (trailing NULs dropped)   0x02 ANSI string (to the first NUL)
//   0x03-0x0A signed/unsigned 8-64 bit integers  0x0B/0x0C real32/64   0x0D bool (u32)
//   0x0E binary (hex)  0x0F GUID  0x10 size_t  0x11 FILETIME  0x12 SYSTEMTIME  0x13 SID
//   0x14/0x15 hex int32/64   0x81-0x95 arrays of the above

extension ChunkContext {
    /// The text of one (non-array) value.
    func render(_ v: RawValue) throws -> String {
        try render(type: v.type & 0x7F, at: v.offset, size: v.size)
    }

    func render(type: UInt8, at o: Int, size: Int) throws -> String {
        let out = renderBuffer
        out.count = 0
        try appendText(type: type, at: o, size: size, to: out)
        return String(decoding: out.elements, as: UTF8.self)
    }

    /// The items of an array value (types 0x81-0x95).
    func renderArray(_ v: RawValue) throws -> [String] {
        let out = renderBuffer
        out.count = 0
        var items: [String] = []
        try appendArrayItems(v, to: out) { start, count in
            items.append(String(decoding: out.bytes(start, count), as: UTF8.self))
        }
        return items
    }

    /// Appends the items of an array value one after another, calling `item` with each one's
    /// place in `out`.
    func appendArrayItems(_ v: RawValue, to out: RecordBuffer<UInt8>, item: (Int, Int) -> Void) throws {
        let type = v.type & 0x7F
        switch type {
        case 0x01:
            // NUL-separated UTF-16 strings; an empty last one (the final NUL) is not an item.
            try bytes.check("string array", v.offset, v.size)
            let units = v.size / 2
            var first = 0
            var pieces: [(Int, Int)] = []
            for i in 0...units where i == units || bytes.base.loadUnaligned(fromByteOffset: v.offset + 2 * i, as: UInt16.self) == 0 {
                pieces.append((first, i))
                first = i + 1
            }
            if let last = pieces.last, last.0 == last.1 { pieces.removeLast() }
            for (from, to) in pieces {
                let start = out.count
                appendUTF16(at: v.offset + 2 * from, units: to - from, to: out)
                item(start, out.count - start)
            }
        case 0x02:
            // NUL-separated ANSI strings; empty ones are not items.
            let raw = UnsafeRawBufferPointer(rebasing: bytes.base[v.offset..<(v.offset + v.size)])
            for piece in raw.split(separator: 0, omittingEmptySubsequences: false) {
                let start = out.count
                appendUTF8Repaired(UnsafeRawBufferPointer(rebasing: piece), to: out)
                if out.count > start { item(start, out.count - start) }
            }
        default:
            guard let width = ChunkContext.widths[type], width > 0 else {
                let start = out.count
                try appendText(type: type, at: v.offset, size: v.size, to: out)
                item(start, out.count - start)
                return
            }
            for at in stride(from: 0, to: v.size - v.size % width, by: width) {
                let start = out.count
                try appendText(type: type, at: v.offset + at, size: width, to: out)
                item(start, out.count - start)
            }
        }
    }

    static let widths: [UInt8: Int] = [
        0x03: 1, 0x04: 1, 0x05: 2, 0x06: 2, 0x07: 4, 0x08: 4, 0x09: 8, 0x0A: 8, 0x0B: 4, 0x0C: 8, 0x0D: 4,
        0x0F: 16, 0x11: 8, 0x12: 16, 0x14: 4, 0x15: 8,
    ]

    /// Appends the UTF-8 text of a value of `type` (without its array bit) at `o`; throws where a
    /// read would leave the chunk, with what was being read.
    func appendText(type: UInt8, at o: Int, size: Int, to out: RecordBuffer<UInt8>) throws {
        let b = bytes
        switch type {
        case 0x00: return
        case 0x01:
            // Trailing NULs are not text.
            try b.check("string value", o, size)
            var units = size / 2
            while units > 0, b.base[o + 2 * units - 2] == 0, b.base[o + 2 * units - 1] == 0 { units -= 1 }
            appendUTF16(at: o, units: units, to: out)
        case 0x02:
            try b.check("string value", o, size)
            let raw = UnsafeRawBufferPointer(rebasing: b.base[o..<(o + size)])
            appendUTF8Repaired(UnsafeRawBufferPointer(rebasing: raw.prefix { $0 != 0 }), to: out)
        case 0x03: appendSigned(Int64(Int8(bitPattern: try b.u8(o, "int8"))), to: out)
        case 0x04: appendDecimal(UInt64(try b.u8(o, "uint8")), to: out)
        case 0x05: appendSigned(Int64(Int16(bitPattern: try b.u16(o, "int16"))), to: out)
        case 0x06: appendDecimal(UInt64(try b.u16(o, "uint16")), to: out)
        case 0x07: appendSigned(Int64(Int32(bitPattern: try b.u32(o, "int32"))), to: out)
        case 0x08: appendDecimal(UInt64(try b.u32(o, "uint32")), to: out)
        case 0x09: appendSigned(Int64(bitPattern: try b.u64(o, "int64")), to: out)
        case 0x0A: appendDecimal(try b.u64(o, "uint64"), to: out)
        case 0x0B: out.append(String(Float(bitPattern: try b.u32(o, "real32"))))
        case 0x0C: out.append(String(Double(bitPattern: try b.u64(o, "real64"))))
        case 0x0D: out.append(try b.u32(o, "bool") != 0 ? "true" : "false")
        case 0x0F: try appendGUID(at: o, to: out)
        case 0x10: appendHex(size == 8 ? try b.u64(o, "size_t") : UInt64(try b.u32(o, "size_t")), to: out)
        case 0x11: appendFileTime(try b.u64(o, "FILETIME"), to: out)
        case 0x12: try appendSystemTime(at: o, to: out)
        case 0x13: try appendSID(at: o, to: out)
        case 0x14: appendHex(UInt64(try b.u32(o, "hex int32")), to: out)
        case 0x15: appendHex(try b.u64(o, "hex int64"), to: out)
        default:
            // 0x0E binary and types with no text form: hexadecimal, two digits a byte.
            try b.check(type == 0x0E ? "binary" : "value of type 0x\(String(type, radix: 16))", o, size)
            appendHexBytes(UnsafeRawBufferPointer(rebasing: b.base[o..<(o + size)]), to: out)
        }
    }

    /// Throws exactly where rendering the value would (`appendText`, or `appendArrayItems` for an
    /// array that repeats its element), without rendering it.
    func checkText(type: UInt8, at o: Int, size: Int, array: Bool) throws {
        let b = bytes
        if array {
            switch type {
            case 0x01: try b.check("string array", o, size)
            case 0x02: return
            default: if let width = ChunkContext.widths[type], width > 0 { return }
            }
        }
        switch type {
        case 0x00: return
        case 0x01, 0x02: try b.check("string value", o, size)
        case 0x03: try b.check("int8", o, 1)
        case 0x04: try b.check("uint8", o, 1)
        case 0x05: try b.check("int16", o, 2)
        case 0x06: try b.check("uint16", o, 2)
        case 0x07: try b.check("int32", o, 4)
        case 0x08: try b.check("uint32", o, 4)
        case 0x09: try b.check("int64", o, 8)
        case 0x0A: try b.check("uint64", o, 8)
        case 0x0B: try b.check("real32", o, 4)
        case 0x0C: try b.check("real64", o, 8)
        case 0x0D: try b.check("bool", o, 4)
        case 0x0F: try b.check("GUID", o, 16)
        case 0x10: try b.check("size_t", o, size == 8 ? 8 : 4)
        case 0x11: try b.check("FILETIME", o, 8)
        case 0x12: try b.check("SYSTEMTIME", o, 16)
        case 0x13:
            try b.check("SID revision", o, 1)
            let count = Int(try b.u8(o + 1, "SID sub-authority count"))
            try b.check("SID", o, 8 + 4 * count)
        case 0x14: try b.check("hex int32", o, 4)
        case 0x15: try b.check("hex int64", o, 8)
        default: try b.check(type == 0x0E ? "binary" : "value of type 0x\(String(type, radix: 16))", o, size)
        }
    }
}
