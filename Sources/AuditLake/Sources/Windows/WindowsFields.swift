import EVTX
import JSONStream

/// What `WindowsMapper` reads of a Windows event, whatever form it came in: a `WindowsEvent`
/// (XML, JSON, the EVTX element tree) or an EVTX record read through its template (bytes).
protocol WindowsFields {
    /// EventID's text.
    var eventID: String { get }
    /// EventID as a number (`eventNumber`: -1 unless plain decimal).
    var eventCode: Int { get }
    var provider: String? { get }
    var computer: String? { get }
    /// True for the Security channel.
    var isSecurity: Bool { get }
    /// The audit keywords as a number (`0x8020000000000000`).
    var keywords: UInt64? { get }
    var fromUserData: Bool { get }
    var message: String? { get }
    var headerNote: String? { get }
    /// TimeCreated as a time, nil when it is missing or not a time.
    var time: Timestamp? { get }
    /// TimeCreated as written (for the note when it is not a time).
    var timeCreatedText: String? { get }
    /// `computer|channel|record id|time created`: the same event read twice has the same key.
    var dedupeKey: String { get }
    /// The value of the first data item named `name`.
    subscript(_ name: DataName) -> String? { get }
    /// That value unless it is a placeholder for nothing (empty, `-`, the NULL SID).
    func meaningful(_ name: DataName) -> String?
    /// The value of `name` (of `other` when there is no `name`) unless it is a placeholder.
    func meaningful(_ name: DataName, else other: DataName) -> String?
    /// That value as a process id (decimal or `0x` hex; nil for a placeholder or 0).
    func processID(_ name: DataName) -> Int?
    /// Writes the System fields and the data items (`event_data` or `user_data`, and
    /// `event_data_text` for `%%NNNN` values) as members of the open `winlog` object.
    func writeSystemAndData(_ writer: inout JSONWriter)
}

/// The data items the mapper reads (`names` spells them, in the same order).
enum DataName: Int, CaseIterable {
    case status, subStatus, failureReason, logonType
    case subjectUserSid, subjectSid, subjectUserName, subjectDomainName, subjectLogonId
    case targetUserSid, targetSid, targetUserName, targetDomainName, targetLogonId
    case memberSid, memberName, ipAddress, ipPort
    case newProcessId, newProcessName, commandLine, processId, processName, parentProcessName
    case serviceName, objectName, objectType, shareLocalPath, relativeTargetName
    case image, parentProcessId, parentImage, user, sourceIp, sourcePort, destinationIp
    case targetFilename, imageLoaded
    case accountName, accountDomain, clientAddress, logonID, newTargetUserName, callerProcessId, callerProcessName
    case sourceProcessId, sourceImage, sourceUser, pipeName
    case param1, param2, param3, clientIP, ipString, address, path
    case defenderProcess, defenderUser
    case userContext, userName, actionName, enginePID, processID

    static let names = [
        "Status", "SubStatus", "FailureReason", "LogonType",
        "SubjectUserSid", "SubjectSid", "SubjectUserName", "SubjectDomainName", "SubjectLogonId",
        "TargetUserSid", "TargetSid", "TargetUserName", "TargetDomainName", "TargetLogonId",
        "MemberSid", "MemberName", "IpAddress", "IpPort",
        "NewProcessId", "NewProcessName", "CommandLine", "ProcessId", "ProcessName", "ParentProcessName",
        "ServiceName", "ObjectName", "ObjectType", "ShareLocalPath", "RelativeTargetName",
        "Image", "ParentProcessId", "ParentImage", "User", "SourceIp", "SourcePort", "DestinationIp",
        "TargetFilename", "ImageLoaded",
        "AccountName", "AccountDomain", "ClientAddress", "LogonID", "NewTargetUserName", "CallerProcessId", "CallerProcessName",
        "SourceProcessId", "SourceImage", "SourceUser", "PipeName",
        "Param1", "Param2", "Param3", "ClientIP", "IPString", "Address", "Path",
        "Process Name", "Detection User",
        "UserContext", "UserName", "ActionName", "EnginePID", "ProcessID",
    ]
    /// Each case's name as bytes, to find a name without making a String of it.
    private static let utf8Names: [[UInt8]] = names.map { Array($0.utf8) }

    /// The case named by the UTF-8 `bytes` (exactly, case and all); nil for any other name.
    init?(bytes: UnsafeRawBufferPointer) {
        guard let index = DataName.utf8Names.firstIndex(where: { name in
            name.withUnsafeBytes { sameBytes(bytes, $0) }
        }) else { return nil }
        self.init(rawValue: index)
    }

    /// The item's name as written.
    var name: String { DataName.names[rawValue] }
}

extension WindowsFields {
    var eventCode: Int { eventNumber(eventID) }
    func meaningful(_ name: DataName) -> String? { AuditLake.meaningful(self[name]) }
    func meaningful(_ name: DataName, else other: DataName) -> String? { AuditLake.meaningful(self[name] ?? self[other]) }
    func processID(_ name: DataName) -> Int? { pid(self[name]) }
}

/// True unless `value` is a placeholder Windows writes for "nothing": empty, `-`, the NULL SID.
func isMeaningful(_ value: UnsafeRawBufferPointer) -> Bool {
    switch value.count {
    case 0: return false
    case 1: return value[0] != UInt8(ascii: "-")
    case 7: return !value.elementsEqual("S-1-0-0".utf8)
    default: return true
    }
}

/// The System values written first in `winlog`, in order, with their keys as JSON member keys
/// (`"channel":`, for `JSONWriter.member`).
let winlogSystemFields: [(key: StaticString, field: EVTXSystemField)] = [
    ("\"channel\":", .channel), ("\"provider_name\":", .provider), ("\"provider_guid\":", .providerGUID),
    ("\"event_id\":", .eventID), ("\"qualifiers\":", .qualifiers), ("\"record_id\":", .recordID),
    ("\"computer_name\":", .computer), ("\"version\":", .version), ("\"level\":", .level), ("\"task\":", .task),
    ("\"opcode\":", .opcode), ("\"keywords\":", .keywords), ("\"activity_id\":", .activityID),
]

/// The UTF-8 bytes of a static string.
@inline(__always)
func staticBytes(_ text: StaticString) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
}

/// The note for a record whose header names another record than its Event/System does.
func headerNote(recordID: String?, header: UInt64, resumedAfter: Int? = nil) -> String? {
    var notes: [String] = []
    if let id = recordID, id != String(header) { notes.append("record header says record \(header); EventRecordID \(id) from Event/System is used") }
    if let damaged = resumedAfter {
        notes.append("read after damage at chunk offset \(damaged): reading resumed at the next whole record past it (the reject there says what was wrong)")
    }
    return notes.isEmpty ? nil : notes.joined(separator: "; ")
}

extension IndexedData: WindowsFields {
    var eventID: String { event.eventID }
    var provider: String? { event.provider }
    var computer: String? { event.computer }
    var isSecurity: Bool { event.channel == "Security" }
    var keywords: UInt64? { event.keywords.flatMap { hexNumber($0) } }
    var fromUserData: Bool { event.fromUserData }
    var message: String? { event.message }
    var headerNote: String? { event.headerNote }
    var timeCreatedText: String? { event.timeCreated }

    var time: Timestamp? {
        // Some renderings write `2018-07-28 07:24:45.754787 UTC`.
        guard let text = event.timeCreated else { return nil }
        return Timestamp.parse(text.utf8.suffix(4).elementsEqual(" UTC".utf8) ? String(text.dropLast(4)) : text)
    }

    var dedupeKey: String {
        var key = event.computer ?? ""
        key.reserveCapacity(key.utf8.count + 80)
        key += "|"; key += event.channel ?? ""; key += "|"; key += event.recordID ?? ""; key += "|"; key += event.timeCreated ?? ""
        return key
    }

    subscript(_ name: DataName) -> String? { self[name.name] }

    func writeSystemAndData(_ writer: inout JSONWriter) {
        let w = event
        func field(_ key: String, _ value: String?) {
            guard let value else { return }
            writer.key(key)
            writer.string(value)
        }
        for (key, field) in winlogSystemFields {
            guard var value = w.system(field) else { continue }
            value.withUTF8 { writer.member(staticBytes(key), string: UnsafeRawBufferPointer($0)) }
        }
        if w.processID != nil || w.threadID != nil {
            writer.key("process")
            writer.beginObject()
            field("pid", w.processID)
            if let thread = w.threadID {
                writer.key("thread"); writer.beginObject(); field("id", thread); writer.endObject()
            }
            writer.endObject()
        }
        if let sid = w.userSID {
            writer.key("user"); writer.beginObject(); field("identifier", sid); writer.endObject()
        }
        guard !w.data.isEmpty else { return }
        writer.key(w.fromUserData ? "user_data" : "event_data")
        writer.beginObject()
        if namesAreUnique {
            for (name, value) in w.data { field(name, value) }
        } else {
            var seen = Set<String>()
            for (name, value) in w.data where seen.insert(name).inserted { field(name, value) }
        }
        writer.endObject()
        // `%%NNNN` codes are the Security log's (msobjs.dll); another provider's are its own.
        let expanded = isSecurity ? w.data.compactMap { item in WindowsTables.expand(item.value).map { (item.name, $0) } } : []
        if !expanded.isEmpty {
            writer.key("event_data_text")
            writer.beginObject()
            var done = Set<String>()
            for (name, text) in expanded where done.insert(name).inserted { field(name, text) }
            writer.endObject()
        }
    }
}
