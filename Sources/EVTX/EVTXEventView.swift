// A record read through its compiled template, without building a `WindowsEvent`: its System
// values and data items are UTF-8 texts in the chunk context's record buffers (rendered once),
// handed out as byte views. The view is valid only while `EVTXChunkReader.parse` (or
// `EVTXChunk.parse(_:index:fileOffset:each:)`) visits it; the next record reuses the memory.

/// A System value of a Windows event.
public enum EVTXSystemField: Int, Sendable, CaseIterable, BitwiseCopyable {
    case provider, providerGUID, qualifiers, timeCreated, activityID, processID, threadID, userSID
    case version, level, task, opcode, keywords, recordID, channel, computer
    /// EventID's text.
    case eventID
}

/// Where one text of a record is: a template literal or a rendered value (with its type, so that
/// a number or a FILETIME can be read without parsing its text).
public struct EVTXText: Sendable, BitwiseCopyable {
    /// The offset in the record's scratch bytes, or for a literal the address of its bytes in
    /// its template's storage.
    @usableFromInline var start: Int
    @usableFromInline var count: Int32
    @usableFromInline var present: Bool
    @usableFromInline var literal: Bool
    /// The value type when the text is one substitution value, else 0.
    @usableFromInline var type: UInt8
    /// The chunk offset of that value.
    @usableFromInline var value: Int32

    static let absent = EVTXText(start: 0, count: 0, present: false, literal: false, type: 0, value: 0)

    /// False when the element or attribute is left out.
    @inlinable public var isPresent: Bool { present }

    /// True for a string value or template text; false for a number, GUID, SID, time or binary
    /// value (whose text holds only digits, letters and punctuation of its form).
    @inlinable public var isString: Bool { type == 0 || type & 0x7F == 0x01 || type & 0x7F == 0x02 }
}

/// One data item of a record: its name, its value, and the template entry it comes from.
@usableFromInline
struct EVTXItem: BitwiseCopyable {
    @usableFromInline var name: EVTXText
    @usableFromInline var value: EVTXText
    /// The template's data entry (fixed name), or -1 when the name was made for this record.
    @usableFromInline var entry: Int32
}

/// Where a record is in its file.
public struct EVTXRecordInfo: Sendable {
    /// 0-based chunk number.
    public var chunk: Int
    /// Byte offset of the record in the file.
    public var fileOffset: Int
    /// The record header's identifier (the Event's EventRecordID is authoritative).
    public var headerRecordID: UInt64
    /// The record header's written time (FILETIME ticks).
    public var writtenTime: UInt64
    /// The chunk offset of damage before this record that reading resumed past, if any: the
    /// record was found by looking for the next whole record header.
    public var resumedAfter: Int?
}

/// A record being visited: its System values and data items as UTF-8 bytes.
public struct EVTXEventView {
    let context: ChunkContext
    @usableFromInline let scratch: UnsafePointer<UInt8>
    @usableFromInline let system: UnsafePointer<EVTXText>
    @usableFromInline let items: UnsafeBufferPointer<EVTXItem>
    /// True when the data items are UserData leaves.
    public let fromUserData: Bool
    /// False for a record read through the element tree: only `windowsEvent()` gives its values.
    public let isCompiled: Bool

    init(context: ChunkContext, compiled: Bool) {
        self.context = context
        scratch = UnsafePointer(context.scratch.base)
        system = UnsafePointer(context.system.base)
        items = context.items.elements
        fromUserData = context.recordFromUserData
        isCompiled = compiled
    }

    /// A System value; not present when the template has no such element or attribute.
    @inlinable @inline(__always)
    public subscript(_ field: EVTXSystemField) -> EVTXText { system[field.rawValue] }

    /// Number of data items (EventData or UserData leaves), in document order.
    @inlinable public var dataCount: Int { items.count }

    /// The name of data item `i`.
    @inlinable @inline(__always)
    public func name(_ i: Int) -> EVTXText { items[i].name }

    /// The value of data item `i`.
    @inlinable @inline(__always)
    public func value(_ i: Int) -> EVTXText { items[i].value }

    /// The template entry data item `i` comes from, when its name is fixed by the template (the
    /// same entry has the same name in every record of the template).
    @inlinable @inline(__always)
    public func entry(_ i: Int) -> Int? { items[i].entry < 0 ? nil : Int(items[i].entry) }

    /// The number of entries of the template the data items come from, an object a reader may
    /// attach to that template (per chunk) to remember what it learned of its entries, and the
    /// template's identity (the same template in another chunk has the same one).
    public var entries: (count: Int, annotation: EVTXAnnotation, identity: EVTXTemplateIdentity?)? {
        if context.plainItems { return (items.count, context.plainAnnotation, nil) }
        guard let template = context.itemsTemplate else { return nil }
        return (template.dataSlots.count, template.annotation, template.identity)
    }

    /// The fixed name of entry `entry` of the template the data items come from (nil when that
    /// entry's name is made per record; no item of this record comes from such an entry).
    public func entryName(_ entry: Int) -> EVTXText? {
        if context.plainItems { return items[entry].name }
        guard let name = context.itemsTemplate?.dataSlots[entry].name, name.present else { return nil }
        return name
    }

    /// The UTF-8 bytes of `text` (empty when absent).
    @inlinable @inline(__always)
    public func bytes(_ text: EVTXText) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: text.literal ? UnsafeRawPointer(bitPattern: text.start) : UnsafeRawPointer(scratch + text.start),
                               count: Int(text.count))
    }

    /// `text` as a String; nil when absent.
    public func string(_ text: EVTXText) -> String? {
        text.present ? String(decoding: bytes(text), as: UTF8.self) : nil
    }

    /// The number of an unsigned integer value written in decimal (types 0x04, 0x06, 0x08, 0x0A).
    public func unsigned(_ text: EVTXText) -> UInt64? {
        text.type == 0x14 || text.type == 0x15 ? nil : integer(text)
    }

    /// The number of a hex integer value (types 0x14, 0x15: `0x...`).
    public func hexInteger(_ text: EVTXText) -> UInt64? {
        text.type == 0x14 || text.type == 0x15 ? integer(text) : nil
    }

    private func integer(_ text: EVTXText) -> UInt64? {
        let b = context.bytes.base
        let at = Int(text.value)
        switch text.type {
        case 0x04: return UInt64(b[at])
        case 0x06: return UInt64(b.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian)
        case 0x08, 0x14: return UInt64(b.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
        case 0x0A, 0x15: return b.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
        default: return nil
        }
    }

    /// The ticks of a FILETIME value (type 0x11); nil for text of another type.
    public func fileTime(_ text: EVTXText) -> UInt64? {
        text.type == 0x11 ? context.bytes.base.loadUnaligned(fromByteOffset: Int(text.value), as: UInt64.self).littleEndian : nil
    }

    /// The event as a `WindowsEvent` (Strings for every value).
    public func windowsEvent() -> WindowsEvent {
        if !isCompiled, let event = context.treeEvent { return event }
        var event = WindowsEvent()
        for field in EVTXSystemField.allCases where field != .eventID {
            if let text = string(self[field]) { event.set(field, text) }
        }
        event.eventID = string(self[.eventID]) ?? ""
        event.fromUserData = fromUserData
        event.data.reserveCapacity(items.count)
        for item in items { event.data.append((string(item.name) ?? "", string(item.value) ?? "")) }
        return event
    }
}

/// A template definition's GUID and data size, as its header gives them.
public struct EVTXTemplateIdentity: Hashable, Sendable {
    var guidLow: UInt64
    var guidHigh: UInt64
    var size: UInt32
}

/// What a reader learned of one template's data entries, kept with the template for the chunk.
public final class EVTXAnnotation {
    /// Anything the reader wants to keep (nil until it sets it).
    @exclusivity(unchecked) public var value: AnyObject?
    init() {}
}
