import EVTX
import Foundation
import JSONStream

/// An EVTX record read through its template, as the Windows mapper reads it: System values and
/// data items straight from the record's UTF-8 bytes; Strings only for what the ECS fields keep.
struct EVTXFields: WindowsFields {
    let view: EVTXEventView
    let eventID: String
    let provider: String?
    let computer: String?
    let isSecurity: Bool
    let headerNote: String?
    let dedupeKey: String
    /// For each `DataName`, the first data item of that name (-1: none).
    let slots: SlotTable
    let strings: StringCache
    let entries: EntryNames

    var keywords: UInt64? {
        let text = view[.keywords]
        guard text.isPresent else { return nil }
        return view.hexInteger(text) ?? hexNumber(String(decoding: view.bytes(text), as: UTF8.self))
    }

    var eventCode: Int { eventNumber(view.bytes(view[.eventID])) }
    var fromUserData: Bool { view.fromUserData }
    var message: String? { nil }  // templates with RenderingInfo take the element tree
    var timeCreatedText: String? { view.string(view[.timeCreated]) }

    var time: Timestamp? {
        let text = view[.timeCreated]
        guard text.isPresent else { return nil }
        if let ticks = view.fileTime(text) { return fileTimeToTimestamp(ticks) }
        // Some renderings write `2018-07-28 07:24:45.754787 UTC`.
        let bytes = view.bytes(text)
        let utc = bytes.count >= 4 && bytes.suffix(4).elementsEqual(" UTC".utf8)
        return Timestamp.parse(utc ? UnsafeRawBufferPointer(rebasing: bytes.dropLast(4)) : bytes)
    }

    subscript(_ name: DataName) -> String? {
        let slot = slots[name]
        return slot < 0 ? nil : strings.string(view.bytes(view.value(slot)))
    }

    func meaningful(_ name: DataName) -> String? {
        meaningful(slot: slots[name])
    }

    func meaningful(_ name: DataName, else other: DataName) -> String? {
        meaningful(slot: slots[name] >= 0 ? slots[name] : slots[other])
    }

    private func meaningful(slot: Int) -> String? {
        guard slot >= 0 else { return nil }
        let bytes = view.bytes(view.value(slot))
        guard isMeaningful(bytes) else { return nil }
        return strings.string(bytes)
    }

    func processID(_ name: DataName) -> Int? {
        let slot = slots[name]
        guard slot >= 0 else { return nil }
        let value = view.value(slot)
        // A typed number (Security logs write process ids as hex integers) needs no text.
        if let number = view.hexInteger(value) ?? view.unsigned(value) {
            return number == 0 || number > UInt64(Int.max) ? nil : Int(number)
        }
        return pid(String(decoding: view.bytes(value), as: UTF8.self))
    }

    func writeSystemAndData(_ writer: inout JSONWriter) {
        // Rendered numbers, GUIDs, SIDs and times need no escaping.
        func member(_ key: UnsafeRawBufferPointer, _ text: EVTXText) {
            if text.isString { writer.member(key, string: view.bytes(text)) } else { writer.member(key, plain: view.bytes(text)) }
        }
        func field(_ key: StaticString, _ text: EVTXText) {
            guard text.isPresent else { return }
            writer.key(verbatim: key)
            if text.isString { writer.string(bytes: view.bytes(text)) } else { writer.string(plain: view.bytes(text)) }
        }
        for (key, system) in winlogSystemFields where view[system].isPresent { member(staticBytes(key), view[system]) }
        if view[.processID].isPresent || view[.threadID].isPresent {
            writer.key(verbatim: "process")
            writer.beginObject()
            field("pid", view[.processID])
            if view[.threadID].isPresent {
                writer.key(verbatim: "thread"); writer.beginObject(); field("id", view[.threadID]); writer.endObject()
            }
            writer.endObject()
        }
        if view[.userSID].isPresent {
            writer.key(verbatim: "user"); writer.beginObject(); field("identifier", view[.userSID]); writer.endObject()
        }
        let count = view.dataCount
        guard count > 0 else { return }
        writer.key(verbatim: view.fromUserData ? "user_data" : "event_data")
        writer.beginObject()
        var seen = Set<String>()
        // The first item whose value holds `%%`: the look for expansions starts there. The codes
        // are the Security log's (msobjs.dll); another provider's are its own, not expanded.
        var firstPercent = count
        for i in 0..<count {
            let value = view.value(i)
            if entries.unique {
                member(entries.key(view.entry(i) ?? 0), value)
            } else {
                let name = view.bytes(view.name(i))
                guard seen.insert(String(decoding: name, as: UTF8.self)).inserted else { continue }
                writer.key(bytes: name)
                if value.isString { writer.string(bytes: view.bytes(value)) } else { writer.string(plain: view.bytes(value)) }
            }
            if isSecurity, firstPercent == count, value.isString, hasDoublePercent(view.bytes(value)) { firstPercent = i }
        }
        writer.endObject()
        guard firstPercent < count else { return }
        var done = Set<String>()
        var opened = false
        for i in firstPercent..<count where view.value(i).isString {
            guard let text = WindowsTables.expand(bytes: view.bytes(view.value(i))) else { continue }
            let name = view.bytes(view.name(i))
            if !entries.unique, !done.insert(String(decoding: name, as: UTF8.self)).inserted { continue }
            if !opened {
                writer.key(verbatim: "event_data_text")
                writer.beginObject()
                opened = true
            }
            writer.key(bytes: name)
            writer.string(text)
        }
        if opened { writer.endObject() }
    }
}

/// Reads EVTX views into `EVTXFields`, keeping what repeats from record to record (the
/// provider's and computer's Strings, the slot table) so that a record costs few allocations.
struct EVTXFieldReader {
    private var provider = CachedText()
    private var computer = CachedText()
    private let slots = SlotTable()
    private let strings = StringCache()
    /// Entry names of the templates met so far, by identity (checked before use: a damaged
    /// file may reuse a GUID).
    private var known: [EntryNamesKey: EntryNames] = [:]

    /// The record's fields; nil when its data items are not all named by their template (arrays,
    /// unnamed or substituted names): those take the `WindowsEvent` way.
    mutating func fields(_ view: EVTXEventView, record: EVTXRecordInfo) -> EVTXFields? {
        guard view.isCompiled, let (count, annotation, identity) = view.entries else { return nil }
        let entries: EntryNames
        if let noted = annotation.value as? EntryNames {
            entries = noted
        } else {
            // The same template in an earlier chunk, or (a template made for one record, as
            // CAPI2's plain UserData is) the same names in an earlier record.
            let key = identity.map(EntryNamesKey.template) ?? .names(EntryNames.hash(view, count: count))
            if let seen = known[key], seen.matches(view, count: count) {
                entries = seen
            } else {
                entries = EntryNames(view, count: count)
                if known.count > 4096 { known.removeAll() }
                known[key] = entries
            }
            annotation.value = entries
        }
        slots.clear()
        guard entries.names.withUnsafeBufferPointer({ names in
            for i in 0..<view.dataCount {
                guard let entry = view.entry(i) else { return false }
                slots.note(Int(names[entry]), item: i)
            }
            return true
        }) else { return nil }
        let recordID = view.bytes(view[.recordID])
        var note: String?
        if record.resumedAfter != nil || (view[.recordID].isPresent && view.unsigned(view[.recordID]) != record.headerRecordID) {
            note = headerNote(recordID: String(decoding: recordID, as: UTF8.self), header: record.headerRecordID, resumedAfter: record.resumedAfter)
        }
        let computerBytes = view.bytes(view[.computer]), channel = view.bytes(view[.channel]), time = view.bytes(view[.timeCreated])
        let key = String(unsafeUninitializedCapacity: computerBytes.count + channel.count + recordID.count + time.count + 3) { out in
            var k = 0
            func put(_ part: UnsafeRawBufferPointer) {
                if let base = part.baseAddress { UnsafeMutableRawPointer(out.baseAddress! + k).copyMemory(from: base, byteCount: part.count) }
                k += part.count
            }
            put(computerBytes)
            out[k] = UInt8(ascii: "|"); k += 1
            put(channel)
            out[k] = UInt8(ascii: "|"); k += 1
            put(recordID)
            out[k] = UInt8(ascii: "|"); k += 1
            put(time)
            return k
        }
        return EVTXFields(
            view: view, eventID: String(decoding: view.bytes(view[.eventID]), as: UTF8.self),
            provider: provider.string(view, view[.provider]), computer: computer.string(view, view[.computer]),
            isSecurity: sameBytes(view.bytes(view[.channel]), "Security"), headerNote: note,
            dedupeKey: key, slots: slots, strings: strings, entries: entries)
    }
}

/// How remembered entry names are found again: by template, or by the names themselves.
private enum EntryNamesKey: Hashable {
    case template(EVTXTemplateIdentity)
    case names(Int)
}

/// For each `DataName`, the first data item of that name in the current record (-1: none).
final class SlotTable {
    private let base = UnsafeMutablePointer<Int16>.allocate(capacity: DataName.allCases.count)

    init() { clear() }
    deinit { base.deallocate() }

    /// No item for any name.
    func clear() { base.update(repeating: -1, count: DataName.allCases.count) }

    /// Item `item` has name `name` (a `DataName` raw value, or -1 for another name).
    @inline(__always)
    func note(_ name: Int, item: Int) {
        if name >= 0, base[name] < 0 { base[name] = Int16(item) }
    }

    @inline(__always)
    subscript(_ name: DataName) -> Int { Int(base[name.rawValue]) }
}

/// The String of the last text seen, made again only when the bytes change.
private struct CachedText {
    private var bytes: [UInt8] = []
    private var text: String?

    mutating func string(_ view: EVTXEventView, _ t: EVTXText) -> String? {
        guard t.isPresent else { return nil }
        let raw = view.bytes(t)
        if let text, bytes.withUnsafeBytes({ sameBytes($0, raw) }) {
            return text
        }
        bytes = Array(raw)
        let made = String(decoding: raw, as: UTF8.self)
        text = made
        return made
    }
}
