import EVTX
import JSONStream

/// Maps a `WindowsEvent` to an `Event` (ecs-mapping.md §4, windows-security.md §2-4).
///
/// The acting account goes in `user.*`, the account logged on or acted upon in `user.target.*`
/// (so a logon whose subject is `HOST$` still names the person), the identity a new process or
/// explicit-credential logon runs as in `user.effective.*`; group events put the group in `group.*`.
public struct WindowsMapper {
    private var writer = JSONWriter(capacity: 4096)

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
        // Unnamed data (forwarded events, Get-WinEvent Properties) named by the event's field order.
        if !event.data.isEmpty, event.data.allSatisfy({ $0.name.hasPrefix("param") }), event.provider == "Microsoft-Windows-Security-Auditing",
           let names = WindowsTables.positionalNames[event.eventID], event.data.count <= names.count {
            var named = event
            for i in named.data.indices { named.data[i].name = names[i] }
            return mapNamed(named, fallbackTime: fallbackTime, into: &e)
        }
        return mapNamed(event, fallbackTime: fallbackTime, into: &e)
    }

    /// `map` once the data items have their names.
    private mutating func mapNamed(_ w: WindowsEvent, fallbackTime: Timestamp?, into e: inout Event) -> RecordError? {
        var timeNote: String?
        let time: Timestamp
        // Some renderings write `2018-07-28 07:24:45.754787 UTC`.
        let timeText = w.timeCreated.map { $0.utf8.suffix(4).elementsEqual(" UTC".utf8) ? String($0.dropLast(4)) : $0 }
        if let text = timeText, let t = Timestamp.parse(text) {
            time = t
        } else if let fallbackTime {
            time = fallbackTime
            timeNote = "TimeCreated \(w.timeCreated ?? "(missing)") is not a time; the record header's written time is used"
        } else {
            // Read, not rejected: the event keeps every field; its time is marked unknown.
            time = Timestamp(nanoseconds: 0)
            timeNote = "TimeCreated \(w.timeCreated ?? "(missing)") is not a time; @timestamp is set to 1970-01-01T00:00:00Z"
        }
        guard !w.eventID.isEmpty else { return RecordError("no EventID") }
        let security = w.channel == "Security"
        e.recycle(timestamp: time, dataset: security ? "windows.security" : "windows.other")
        e.code = w.eventID
        e.provider = w.provider
        e.hostName = w.computer.flatMap { $0.isEmpty ? nil : $0 }
        var key = w.computer ?? ""
        key.reserveCapacity(key.utf8.count + 80)
        key += "|"; key += w.channel ?? ""; key += "|"; key += w.recordID ?? ""; key += "|"; key += w.timeCreated ?? ""
        e.dedupeKey = key
        e.message = w.message
        // 7045 (a service was installed) is logged by the Service Control Manager in System.
        let mapped = security || (w.eventID == "7045" && w.provider == "Service Control Manager")
        if mapped, let entry = WindowsTables.security[w.eventID] {
            e.category = entry.category
            e.type = entry.type
            e.action = entry.action
        }
        let indexed = IndexedEvent(w)
        e.outcome = outcome(indexed)
        mapIdentities(indexed, &e)
        mapProcessAndNetwork(indexed, &e)
        if w.provider == "Microsoft-Windows-Sysmon" { mapSysmon(indexed, &e) }
        e.namespace = WindowsMapper.namespace
        winlog(indexed, timeNote: timeNote)
        writer.withBytes { e.sourceFields.append(contentsOf: $0) }
        return nil
    }

    static let namespace = ["winlog"]

    private func outcome(_ w: IndexedEvent) -> String? {
        if w.event.eventID == "4625" || w.event.eventID == "4771" { return "failure" }
        if WindowsTables.statusOutcome.contains(w.event.eventID), let status = w["Status"] {
            return status == "0x0" || status == "0" ? "success" : "failure"
        }
        guard let keywords = w.event.keywords.flatMap({ hexNumber($0) }) else {
            return nil
        }
        if keywords & 0x0010_0000_0000_0000 != 0 { return "failure" }
        if keywords & 0x0020_0000_0000_0000 != 0 { return "success" }
        return nil
    }

    /// Subject*, Target*, Member* fields to user, user.target, user.effective and group.
    private func mapIdentities(_ w: IndexedEvent, _ e: inout Event) {
        func account(_ prefix: String) -> UserFields {
            var u = UserFields()
            u.id = meaningful(w[prefix + "UserSid"] ?? w[prefix + "Sid"])
            if var name = meaningful(w[prefix + "UserName"]) {
                var domain = meaningful(w[prefix + "DomainName"])
                if let at = name.firstIndex(of: "@") {
                    domain = domain ?? String(name[name.index(after: at)...])
                    name = String(name[..<at])
                }
                u.name = name
                u.domain = domain
            }
            return u
        }
        let id = w.event.eventID
        e.user = account("Subject")
        if WindowsTables.groupEvents.contains(id) {
            let group = account("Target")
            e.groupName = group.name
            e.groupID = group.id
            var member = UserFields(id: meaningful(w["MemberSid"]))
            if let dn = meaningful(w["MemberName"]) {
                member.name = dn.hasPrefix("CN=") ? String(dn.dropFirst(3).prefix { $0 != "," }) : dn
            }
            e.target = member
        } else if id == "4648" || id == "4688" {
            e.effective = account("Target")
        } else {
            e.target = account("Target")
        }
        if w.event.fromUserData && e.user.isEmpty { e.user = account("Subject") }
        e.relate(user: e.user.name)
        e.relate(user: e.target.name)
        e.relate(user: e.effective.name)
    }

    private func mapProcessAndNetwork(_ w: IndexedEvent, _ e: inout Event) {
        if let ip = meaningful(w["IpAddress"]) {
            let address = ClientAddress.parse(ip)
            e.sourceIP = address.ip
            e.sourceAddress = ip
            if let port = meaningful(w["IpPort"]).flatMap(Int.init), port > 0 { e.sourcePort = port }
            e.relate(ip: address.ip)
        }
        if w.event.eventID == "4688" {
            e.processPID = pid(w["NewProcessId"])
            e.processExecutable = meaningful(w["NewProcessName"])
            e.processCommandLine = meaningful(w["CommandLine"])
            e.parentPID = pid(w["ProcessId"])
            e.parentExecutable = meaningful(w["ParentProcessName"])
        } else {
            e.processPID = pid(w["ProcessId"])
            e.processExecutable = meaningful(w["ProcessName"])
        }
        if let executable = e.processExecutable {
            e.processName = baseName(executable)
        }
        e.serviceName = meaningful(w["ServiceName"])
        if let object = meaningful(w["ObjectName"]), w["ObjectType"] == "File" { e.filePath = object }
        if let share = meaningful(w["ShareLocalPath"]), let relative = meaningful(w["RelativeTargetName"]) {
            e.filePath = share.hasSuffix("\\") ? share + relative : share + "\\" + relative
        }
    }

    /// Sysmon's common events: 1 process, 3 network connection, 7 image load, 11 file, 13 registry.
    static let sysmonKinds: [String: (category: [String], type: [String], action: String)] = [
        "1": (["process"], ["start"], "process-created"),
        "3": (["network"], ["connection", "start"], "network-connection"),
        "5": (["process"], ["end"], "process-terminated"),
        "7": (["process"], ["change"], "image-loaded"),
        "11": (["file"], ["creation"], "file-created"),
        "12": (["registry"], ["change"], "registry-object-added-or-deleted"),
        "13": (["registry"], ["change"], "registry-value-set"),
        "22": (["network"], ["connection"], "dns-query"),
    ]

    /// Maps Sysmon's common events.
    private func mapSysmon(_ w: IndexedEvent, _ e: inout Event) {
        guard let kind = WindowsMapper.sysmonKinds[w.event.eventID] else { return }
        e.category = kind.category
        e.type = kind.type
        e.action = kind.action
        e.processPID = pid(w["ProcessId"])
        e.processExecutable = meaningful(w["Image"])
        e.processCommandLine = meaningful(w["CommandLine"])
        e.parentPID = pid(w["ParentProcessId"])
        e.parentExecutable = meaningful(w["ParentImage"])
        if let executable = e.processExecutable {
            e.processName = baseName(executable)
        }
        if let user = meaningful(w["User"]) {
            let parts = user.split(separator: "\\", maxSplits: 1)
            e.user = parts.count == 2 ? UserFields(name: String(parts[1]), domain: String(parts[0])) : UserFields(name: user)
            e.relate(user: e.user.name)
        }
        if w.event.eventID == "3", let ip = meaningful(w["SourceIp"]) {
            e.sourceIP = IPAddress(ip)
            e.sourceAddress = ip
            e.sourcePort = meaningful(w["SourcePort"]).flatMap(Int.init)
            e.relate(ip: e.sourceIP)
            e.relate(ip: meaningful(w["DestinationIp"]).flatMap(IPAddress.init))
        }
        if w.event.eventID == "11" { e.filePath = meaningful(w["TargetFilename"]) }
        if w.event.eventID == "7" { e.filePath = meaningful(w["ImageLoaded"]) }
    }

    /// The `winlog` object: System fields, the data, expansions and logon details.
    /// Writes the `winlog` object into the writer.
    private mutating func winlog(_ w: IndexedEvent, timeNote: String?) {
        writer.reset()
        writer.beginObject()
        func field(_ key: String, _ value: String?) {
            guard let value else { return }
            writer.key(key)
            writer.string(value)
        }
        field("channel", w.event.channel)
        field("provider_name", w.event.provider)
        field("provider_guid", w.event.providerGUID)
        field("event_id", w.event.eventID)
        field("qualifiers", w.event.qualifiers)
        field("record_id", w.event.recordID)
        field("computer_name", w.event.computer)
        field("version", w.event.version)
        field("level", w.event.level)
        field("task", w.event.task)
        field("opcode", w.event.opcode)
        field("keywords", w.event.keywords)
        field("activity_id", w.event.activityID)
        if w.event.processID != nil || w.event.threadID != nil {
            writer.key("process")
            writer.beginObject()
            field("pid", w.event.processID)
            if let thread = w.event.threadID {
                writer.key("thread"); writer.beginObject(); field("id", thread); writer.endObject()
            }
            writer.endObject()
        }
        if let sid = w.event.userSID {
            writer.key("user"); writer.beginObject(); field("identifier", sid); writer.endObject()
        }
        if !w.event.data.isEmpty {
            writer.key(w.event.fromUserData ? "user_data" : "event_data")
            writer.beginObject()
            if w.namesAreUnique {
                for (name, value) in w.event.data { field(name, value) }
            } else {
                var seen = Set<String>()
                for (name, value) in w.event.data where seen.insert(name).inserted { field(name, value) }
            }
            writer.endObject()
            let expanded = w.event.data.compactMap { item in WindowsTables.expand(item.value).map { (item.name, $0) } }
            if !expanded.isEmpty {
                writer.key("event_data_text")
                writer.beginObject()
                var done = Set<String>()
                for (name, text) in expanded where done.insert(name).inserted { field(name, text) }
                writer.endObject()
            }
        }
        let logonType = w["LogonType"].map { WindowsTables.logonTypes[$0] ?? $0 }
        let logonID = meaningful(w["TargetLogonId"] ?? w["SubjectLogonId"])
        let status = w["Status"]?.lowercased(), subStatus = w["SubStatus"]?.lowercased()
        let failure = w.event.eventID == "4625" || (w.event.eventID == "4776" && status != nil && status != "0x0")
        if logonType != nil || logonID != nil || failure {
            writer.key("logon")
            writer.beginObject()
            field("type", logonType)
            field("id", logonID)
            if failure {
                writer.key("failure")
                writer.beginObject()
                field("status", status.map { WindowsTables.status[$0] ?? $0 })
                field("sub_status", subStatus.map { WindowsTables.status[$0] ?? $0 })
                field("reason", w["FailureReason"].map { WindowsTables.expand($0) ?? $0 })
                writer.endObject()
            }
            writer.endObject()
        }
        field("time_created_note", timeNote)
        field("record_header_note", w.event.headerNote)
        writer.endObject()
    }
}

/// nil for the placeholders Windows writes for "nothing": empty, `-`, the NULL SID.
func meaningful(_ value: String?) -> String? {
    guard let value, !value.isEmpty, value != "-", value != "S-1-0-0" else { return nil }
    return value
}

/// A process id written in decimal or hex (`0x44c`).
func pid(_ value: String?) -> Int? {
    guard let value = meaningful(value) else { return nil }
    let number = value.hasPrefix("0x") || value.hasPrefix("0X") ? Int(value.dropFirst(2), radix: 16) : Int(value)
    return number == 0 ? nil : number  // 0x0: no process
}

/// The last part of a Windows or POSIX path (`C:\\Windows\\cmd.exe` → `cmd.exe`).
func baseName(_ path: String) -> String {
    let utf8 = path.utf8
    guard let slash = utf8.lastIndex(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }) else { return path }
    let rest = path[utf8.index(after: slash)...]
    return rest.isEmpty ? String(path[..<slash]).split(whereSeparator: { $0 == "\\" || $0 == "/" }).last.map(String.init) ?? path : String(rest)
}

/// A hexadecimal number with or without `0x`.
func hexNumber(_ text: String) -> UInt64? {
    text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text, radix: 16)
}
