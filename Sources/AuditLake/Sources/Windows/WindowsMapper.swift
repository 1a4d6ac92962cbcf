import EVTX
import Foundation
import JSONStream

/// Maps a `WindowsEvent` to an `Event` (ecs-mapping.md §4, windows-security.md §2-4).
///
/// The acting account goes in `user.*`, the account logged on or acted upon in `user.target.*`
/// (so a logon whose subject is `HOST$` still names the person), the identity a new process or
/// explicit-credential logon runs as in `user.effective.*`; group events put the group in `group.*`.
public struct WindowsMapper {
    private var writer = JSONWriter(capacity: 4096)
    private var reader = EVTXFieldReader()

    /// A mapper.
    public init() {}

    /// The event for `w`; `fallbackTime` (the record header's) is used only when TimeCreated is unreadable.
    public mutating func map(_ event: WindowsEvent, fallbackTime: Timestamp? = nil) -> Result<Event, RecordError> {
        var e = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
        if let error = map(event, fallbackTime: fallbackTime, into: &e) { return .failure(error) }
        return .success(e)
    }

    /// Maps `event` into `e`, replacing all of it (the form for loops: no event is copied); the
    /// reason when it cannot be an event.
    public mutating func map(_ event: WindowsEvent, fallbackTime: Timestamp? = nil, into e: inout Event) -> RecordError? {
        let error = mapKeepingSourceFields(event, fallbackTime: fallbackTime, into: &e)
        if error == nil { writer.withBytes { e.sourceFields.append(contentsOf: $0) } }
        return error
    }

    /// `map(_:fallbackTime:into:)` with the `winlog` text left in the mapper (`withSourceFields`).
    private mutating func mapKeepingSourceFields(_ event: WindowsEvent, fallbackTime: Timestamp?, into e: inout Event) -> RecordError? {
        // Unnamed data (forwarded events, Get-WinEvent Properties) named by the event's field order.
        if !event.data.isEmpty, event.data.allSatisfy({ $0.name.hasPrefix("param") }), event.provider == "Microsoft-Windows-Security-Auditing",
           let names = WindowsTables.positionalNames[event.eventID], event.data.count <= names.count {
            var named = event
            for i in named.data.indices { named.data[i].name = names[i] }
            return mapFields(IndexedData(named), fallbackTime: fallbackTime, into: &e)
        }
        return mapFields(IndexedData(event), fallbackTime: fallbackTime, into: &e)
    }

    /// Maps an EVTX record as `EVTXChunk.parse(_:index:fileOffset:each:)` visits it, straight from
    /// its bytes; the record header's written time stands in for an unreadable TimeCreated, and a
    /// header record id that disagrees with EventRecordID is noted.
    public mutating func map(_ view: EVTXEventView, record: EVTXRecordInfo, into e: inout Event) -> RecordError? {
        let error = mapKeepingSourceFields(view, record: record, into: &e)
        if error == nil { writer.withBytes { e.sourceFields.append(contentsOf: $0) } }
        return error
    }

    /// `map(_:record:into:)` leaving the event's `winlog` text in the mapper instead of copying
    /// it into `e.sourceFields` (which stay empty): for a caller that encodes the event at once,
    /// with `withSourceFields` and `EventEncoder.withEncoded(_:sourceFields:_:)`.
    public mutating func mapKeepingSourceFields(_ view: EVTXEventView, record: EVTXRecordInfo, into e: inout Event) -> RecordError? {
        let fallbackTime = fileTimeToTimestamp(record.writtenTime)
        if let fields = reader.fields(view, record: record) {
            return mapFields(fields, fallbackTime: fallbackTime, into: &e)
        }
        var event = view.windowsEvent()
        event.headerNote = headerNote(recordID: event.recordID, header: record.headerRecordID, resumedAfter: record.resumedAfter)
        return mapKeepingSourceFields(event, fallbackTime: fallbackTime, into: &e)
    }

    /// Calls `body` with the `winlog` text of the event last mapped (valid only inside `body`).
    public func withSourceFields<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try writer.withBytes(body)
    }

    /// `map` once the data items have their names.
    private mutating func mapFields<F: WindowsFields>(_ w: F, fallbackTime: Timestamp?, into e: inout Event) -> RecordError? {
        var timeNote: String?
        let time: Timestamp
        if let t = w.time {
            time = t
        } else if let fallbackTime {
            time = fallbackTime
            timeNote = "TimeCreated \(w.timeCreatedText ?? "(missing)") is not a time; the record header's written time is used"
        } else {
            // Read, not rejected: the event keeps every field; its time is marked unknown.
            time = Timestamp(nanoseconds: 0)
            timeNote = "TimeCreated \(w.timeCreatedText ?? "(missing)") is not a time; @timestamp is set to 1970-01-01T00:00:00Z"
        }
        let eventID = w.eventID
        guard !eventID.isEmpty else { return RecordError("no EventID") }
        let security = w.isSecurity
        let provider = w.provider
        e.recycle(timestamp: time, dataset: security ? "windows.security" : "windows.other")
        e.code = eventID
        e.provider = provider
        e.hostName = w.computer.flatMap { $0.isEmpty ? nil : $0 }
        e.dedupeKey = w.dedupeKey
        e.message = w.message
        // 7045 (a service was installed) is logged by the Service Control Manager in System.
        let code = w.eventCode  // compared as a number: one parse, no String compares or hashing
        let info = WindowsTables.info(code)
        let mapped = security || (code == 7045 && provider == "Service Control Manager")
        if mapped, let entry = info?.security {
            e.category = entry.category
            e.type = entry.type
            e.action = entry.action
        }
        e.outcome = outcome(w, code, info)
        mapIdentities(w, code, isGroup: info?.isGroup ?? false, &e)
        mapProcessAndNetwork(w, code, &e)
        if let kind = info?.sysmon, provider == "Microsoft-Windows-Sysmon" { mapSysmon(w, code, kind, &e) }
        if !security, let provider, let kind = WindowsMapper.channelKind(provider, code) { mapChannelEvent(w, code, kind, &e) }
        e.namespace = WindowsMapper.namespace
        winlog(w, code, timeNote: timeNote)
        return nil
    }

    static let namespace = ["winlog"]

    private func outcome<F: WindowsFields>(_ w: F, _ code: Int, _ info: WindowsTables.EventIDInfo?) -> String? {
        if code == 4625 || code == 4771 { return "failure" }
        if info?.decidedByStatus == true, let status = w[.status] {
            return status == "0x0" || status == "0" ? "success" : "failure"
        }
        guard let keywords = w.keywords else {
            return nil
        }
        if keywords & 0x0010_0000_0000_0000 != 0 { return "failure" }
        if keywords & 0x0020_0000_0000_0000 != 0 { return "success" }
        return nil
    }

    /// Subject*, Target*, Member* fields to user, user.target, user.effective and group.
    private func mapIdentities<F: WindowsFields>(_ w: F, _ code: Int, isGroup: Bool, _ e: inout Event) {
        // Each account is written in place (no UserFields copied or released twice).
        func account(_ u: inout UserFields, _ sid: DataName, _ otherSid: DataName, _ user: DataName, _ domainName: DataName) {
            u.id = w.meaningful(sid, else: otherSid)
            guard var name = w.meaningful(user) else { return }
            var domain = w.meaningful(domainName)
            if let at = byteOffset(of: UInt8(ascii: "@"), in: name) {
                let utf8 = name.utf8
                domain = domain ?? String(decoding: utf8.dropFirst(at + 1), as: UTF8.self)
                name = String(decoding: utf8.prefix(at), as: UTF8.self)
            }
            u.name = name
            u.domain = domain
        }
        account(&e.user, .subjectUserSid, .subjectSid, .subjectUserName, .subjectDomainName)
        if isGroup {
            var group = UserFields()
            account(&group, .targetUserSid, .targetSid, .targetUserName, .targetDomainName)
            e.groupName = group.name
            e.groupID = group.id
            e.target.id = w.meaningful(.memberSid)
            if let dn = w.meaningful(.memberName) {
                e.target.name = dn.hasPrefix("CN=") ? String(dn.dropFirst(3).prefix { $0 != "," }) : dn
            }
        } else if code == 4648 || code == 4688 {
            account(&e.effective, .targetUserSid, .targetSid, .targetUserName, .targetDomainName)
        } else if code == 4778 || code == 4779 {
            // A session reconnected or disconnected: its account, as a logon's or logoff's.
            account(&e.target, .targetUserSid, .targetSid, .accountName, .accountDomain)
        } else if code == 4781 {
            // An account renamed: it goes by its new name (the old one stays in event_data).
            account(&e.target, .targetSid, .targetUserSid, .newTargetUserName, .targetDomainName)
        } else {
            account(&e.target, .targetUserSid, .targetSid, .targetUserName, .targetDomainName)
        }
        e.relate(user: e.user.name)
        e.relate(user: e.target.name)
        e.relate(user: e.effective.name)
    }

    private func mapProcessAndNetwork<F: WindowsFields>(_ d: F, _ code: Int, _ e: inout Event) {
        if let ip = d.meaningful(.ipAddress) {
            let address = ClientAddress.parse(ip)
            e.sourceIP = address.ip
            e.sourceAddress = ip
            if let port = d.meaningful(.ipPort).flatMap(Int.init), port > 0 { e.sourcePort = port }
            e.relate(ip: address.ip)
        } else if code == 4778 || code == 4779, let client = d.meaningful(.clientAddress) {
            e.relateClient(client)  // the RDP client's
        }
        if code == 4688 {
            e.processPID = d.processID(.newProcessId)
            e.processExecutable = d.meaningful(.newProcessName)
            e.processCommandLine = d.meaningful(.commandLine)
            e.parentPID = d.processID(.processId)
            e.parentExecutable = d.meaningful(.parentProcessName)
        } else if code == 4798 || code == 4799 {
            // Group membership enumerated (reconnaissance): the process that asked.
            e.processPID = d.processID(.callerProcessId)
            e.processExecutable = d.meaningful(.callerProcessName)
        } else {
            e.processPID = d.processID(.processId)
            e.processExecutable = d.meaningful(.processName)
        }
        if let executable = e.processExecutable {
            e.processName = baseName(executable)
        }
        e.serviceName = d.meaningful(.serviceName)
        if let object = d.meaningful(.objectName), d[.objectType] == "File" { e.filePath = object }
        if let share = d.meaningful(.shareLocalPath), let relative = d.meaningful(.relativeTargetName) {
            e.filePath = share.hasSuffix("\\") ? share + relative : share + "\\" + relative
        }
    }

    /// Sysmon's common events: 1 process, 3 network connection, 7 image load, 11 file, 13 registry.
    static let sysmonKinds: [String: EventKind] = [
        "1": (["process"], ["start"], "process-created"),
        "3": (["network"], ["connection", "start"], "network-connection"),
        "5": (["process"], ["end"], "process-terminated"),
        "7": (["process"], ["change"], "image-loaded"),
        "11": (["file"], ["creation"], "file-created"),
        "12": (["registry"], ["change"], "registry-object-added-or-deleted"),
        "13": (["registry"], ["change"], "registry-value-set"),
        "22": (["network"], ["connection"], "dns-query"),
        "2": (["file"], ["change"], "file-creation-time-changed"),
        "4": (["process"], ["change"], "sysmon-service-state-changed"),
        "6": (["driver"], ["start"], "driver-loaded"),
        "8": (["process"], ["change"], "remote-thread-created"),
        "9": (["process"], ["access"], "raw-disk-read"),
        "10": (["process"], ["access"], "process-accessed"),
        "14": (["registry"], ["change"], "registry-object-renamed"),
        "15": (["file"], ["access"], "file-stream-created"),
        "16": (["configuration"], ["change"], "sysmon-configuration-changed"),
        "17": (["file"], ["creation"], "pipe-created"),
        "18": (["file"], ["access"], "pipe-connected"),
        "19": (["process"], ["info"], "wmi-filter-registered"),
        "20": (["process"], ["change"], "wmi-consumer-registered"),
        "21": (["process"], ["access"], "wmi-consumer-bound"),
        "23": (["file"], ["deletion"], "file-deleted"),
        "25": (["process"], ["change"], "process-tampering"),
        "26": (["file"], ["deletion"], "file-delete-detected"),
        "27": (["file"], ["creation", "denied"], "executable-blocked"),
        "28": (["file"], ["deletion", "denied"], "shredding-blocked"),
        "29": (["file"], ["creation"], "executable-detected"),
    ]

    /// Maps Sysmon's events.
    private func mapSysmon<F: WindowsFields>(_ d: F, _ code: Int, _ kind: EventKind, _ e: inout Event) {
        e.category = kind.category
        e.type = kind.type
        e.action = kind.action
        // A remote thread or a process opened (8, 10): the process that did it, in `process.*`;
        // the one it was done to stays in event_data (TargetImage, TargetProcessId).
        let acting = code == 8 || code == 10
        e.processPID = d.processID(acting ? .sourceProcessId : .processId)
        e.processExecutable = d.meaningful(acting ? .sourceImage : .image)
        e.processCommandLine = d.meaningful(.commandLine)
        e.parentPID = d.processID(.parentProcessId)
        e.parentExecutable = d.meaningful(.parentImage)
        if let executable = e.processExecutable {
            e.processName = baseName(executable)
        }
        if let user = d.meaningful(acting ? .sourceUser : .user) {
            e.user = UserFields(domainAccount: user)
            e.relate(user: e.user.name)
        }
        if code == 3, let ip = d.meaningful(.sourceIp) {
            e.sourceIP = IPAddress(ip)
            e.sourceAddress = ip
            e.sourcePort = d.meaningful(.sourcePort).flatMap(Int.init)
            e.relate(ip: e.sourceIP)
            e.relate(ip: d.meaningful(.destinationIp).flatMap(IPAddress.init))
        }
        switch code {
        case 2, 11, 15, 23, 26, 27, 28, 29: e.filePath = d.meaningful(.targetFilename)
        case 6, 7: e.filePath = d.meaningful(.imageLoaded)
        case 17, 18: e.fileName = d.meaningful(.pipeName)
        default: break
        }
    }

    /// Writes the `winlog` object into the writer: System fields, the data, expansions and logon details.
    private mutating func winlog<F: WindowsFields>(_ d: F, _ code: Int, timeNote: String?) {
        writer.reset()
        writer.beginObject()
        d.writeSystemAndData(&writer)
        func field(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            writer.key(verbatim: key)
            writer.string(value)
        }
        let logonType = d[.logonType].map { WindowsTables.logonTypes[$0] ?? $0 }
        let logonID = d.meaningful(.targetLogonId, else: .subjectLogonId) ?? d.meaningful(.logonID)
        let status = d[.status]?.lowercased(), subStatus = d[.subStatus]?.lowercased()
        // Kerberos (4768-4771) answers with its own result codes, not NTSTATUS.
        let kerberos = code >= 4768 && code <= 4771
        let failure = code == 4625 || ((code == 4776 || kerberos) && status != nil && status != "0x0")
        if logonType != nil || logonID != nil || failure {
            writer.key(verbatim: "logon")
            writer.beginObject()
            field("type", logonType)
            field("id", logonID)
            if failure {
                writer.key(verbatim: "failure")
                writer.beginObject()
                field("status", status.map { (kerberos ? WindowsTables.kerberosStatus[$0] : WindowsTables.status[$0]) ?? $0 })
                field("sub_status", subStatus.map { WindowsTables.status[$0] ?? $0 })
                field("reason", d[.failureReason].map { WindowsTables.expand($0) ?? $0 })
                writer.endObject()
            }
            writer.endObject()
        }
        field("time_created_note", timeNote)
        field("record_header_note", d.headerNote)
        writer.endObject()
    }
}
