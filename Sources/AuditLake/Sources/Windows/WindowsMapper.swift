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
        let d = IndexedData(w)
        e.outcome = outcome(w, d)
        mapIdentities(w, d, &e)
        mapProcessAndNetwork(w, d, &e)
        if w.provider == "Microsoft-Windows-Sysmon" { mapSysmon(w, d, &e) }
        e.namespace = WindowsMapper.namespace
        winlog(w, d, timeNote: timeNote)
        writer.withBytes { e.sourceFields.append(contentsOf: $0) }
        return nil
    }

    static let namespace = ["winlog"]

    private func outcome(_ w: WindowsEvent, _ d: IndexedData) -> String? {
        if w.eventID == "4625" || w.eventID == "4771" { return "failure" }
        if WindowsTables.statusOutcome.contains(w.eventID), let status = d["Status"] {
            return status == "0x0" || status == "0" ? "success" : "failure"
        }
        guard let keywords = w.keywords.flatMap({ hexNumber($0) }) else {
            return nil
        }
        if keywords & 0x0010_0000_0000_0000 != 0 { return "failure" }
        if keywords & 0x0020_0000_0000_0000 != 0 { return "success" }
        return nil
    }

    /// Subject*, Target*, Member* fields to user, user.target, user.effective and group.
    private func mapIdentities(_ w: WindowsEvent, _ d: IndexedData, _ e: inout Event) {
        func account(_ prefix: String) -> UserFields {
            var u = UserFields()
            u.id = meaningful(d[prefix + "UserSid"] ?? d[prefix + "Sid"])
            if var name = meaningful(d[prefix + "UserName"]) {
                var domain = meaningful(d[prefix + "DomainName"])
                if let at = name.firstIndex(of: "@") {
                    domain = domain ?? String(name[name.index(after: at)...])
                    name = String(name[..<at])
                }
                u.name = name
                u.domain = domain
            }
            return u
        }
        let id = w.eventID
        e.user = account("Subject")
        if WindowsTables.groupEvents.contains(id) {
            let group = account("Target")
            e.groupName = group.name
            e.groupID = group.id
            var member = UserFields(id: meaningful(d["MemberSid"]))
            if let dn = meaningful(d["MemberName"]) {
                member.name = dn.hasPrefix("CN=") ? String(dn.dropFirst(3).prefix { $0 != "," }) : dn
            }
            e.target = member
        } else if id == "4648" || id == "4688" {
            e.effective = account("Target")
        } else {
            e.target = account("Target")
        }
        if w.fromUserData && e.user.isEmpty { e.user = account("Subject") }
        e.relate(user: e.user.name)
        e.relate(user: e.target.name)
        e.relate(user: e.effective.name)
    }

    private func mapProcessAndNetwork(_ w: WindowsEvent, _ d: IndexedData, _ e: inout Event) {
        if let ip = meaningful(d["IpAddress"]) {
            let address = ClientAddress.parse(ip)
            e.sourceIP = address.ip
            e.sourceAddress = ip
            if let port = meaningful(d["IpPort"]).flatMap(Int.init), port > 0 { e.sourcePort = port }
            e.relate(ip: address.ip)
        }
        if w.eventID == "4688" {
            e.processPID = pid(d["NewProcessId"])
            e.processExecutable = meaningful(d["NewProcessName"])
            e.processCommandLine = meaningful(d["CommandLine"])
            e.parentPID = pid(d["ProcessId"])
            e.parentExecutable = meaningful(d["ParentProcessName"])
        } else {
            e.processPID = pid(d["ProcessId"])
            e.processExecutable = meaningful(d["ProcessName"])
        }
        if let executable = e.processExecutable {
            e.processName = baseName(executable)
        }
        e.serviceName = meaningful(d["ServiceName"])
        if let object = meaningful(d["ObjectName"]), d["ObjectType"] == "File" { e.filePath = object }
        if let share = meaningful(d["ShareLocalPath"]), let relative = meaningful(d["RelativeTargetName"]) {
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
    private func mapSysmon(_ w: WindowsEvent, _ d: IndexedData, _ e: inout Event) {
        guard let kind = WindowsMapper.sysmonKinds[w.eventID] else { return }
        e.category = kind.category
        e.type = kind.type
        e.action = kind.action
        e.processPID = pid(d["ProcessId"])
        e.processExecutable = meaningful(d["Image"])
        e.processCommandLine = meaningful(d["CommandLine"])
        e.parentPID = pid(d["ParentProcessId"])
        e.parentExecutable = meaningful(d["ParentImage"])
        if let executable = e.processExecutable {
            e.processName = baseName(executable)
        }
        if let user = meaningful(d["User"]) {
            let parts = user.split(separator: "\\", maxSplits: 1)
            e.user = parts.count == 2 ? UserFields(name: String(parts[1]), domain: String(parts[0])) : UserFields(name: user)
            e.relate(user: e.user.name)
        }
        if w.eventID == "3", let ip = meaningful(d["SourceIp"]) {
            e.sourceIP = IPAddress(ip)
            e.sourceAddress = ip
            e.sourcePort = meaningful(d["SourcePort"]).flatMap(Int.init)
            e.relate(ip: e.sourceIP)
            e.relate(ip: meaningful(d["DestinationIp"]).flatMap(IPAddress.init))
        }
        if w.eventID == "11" { e.filePath = meaningful(d["TargetFilename"]) }
        if w.eventID == "7" { e.filePath = meaningful(d["ImageLoaded"]) }
    }

    /// The `winlog` object: System fields, the data, expansions and logon details.
    /// Writes the `winlog` object into the writer.
    private mutating func winlog(_ w: WindowsEvent, _ d: IndexedData, timeNote: String?) {
        writer.reset()
        writer.beginObject()
        func field(_ key: String, _ value: String?) {
            guard let value else { return }
            writer.key(key)
            writer.string(value)
        }
        field("channel", w.channel)
        field("provider_name", w.provider)
        field("provider_guid", w.providerGUID)
        field("event_id", w.eventID)
        field("qualifiers", w.qualifiers)
        field("record_id", w.recordID)
        field("computer_name", w.computer)
        field("version", w.version)
        field("level", w.level)
        field("task", w.task)
        field("opcode", w.opcode)
        field("keywords", w.keywords)
        field("activity_id", w.activityID)
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
        if !w.data.isEmpty {
            writer.key(w.fromUserData ? "user_data" : "event_data")
            writer.beginObject()
            if d.namesAreUnique {
                for (name, value) in w.data { field(name, value) }
            } else {
                var seen = Set<String>()
                for (name, value) in w.data where seen.insert(name).inserted { field(name, value) }
            }
            writer.endObject()
            let expanded = w.data.compactMap { item in WindowsTables.expand(item.value).map { (item.name, $0) } }
            if !expanded.isEmpty {
                writer.key("event_data_text")
                writer.beginObject()
                var done = Set<String>()
                for (name, text) in expanded where done.insert(name).inserted { field(name, text) }
                writer.endObject()
            }
        }
        let logonType = d["LogonType"].map { WindowsTables.logonTypes[$0] ?? $0 }
        let logonID = meaningful(d["TargetLogonId"] ?? d["SubjectLogonId"])
        let status = d["Status"]?.lowercased(), subStatus = d["SubStatus"]?.lowercased()
        let failure = w.eventID == "4625" || (w.eventID == "4776" && status != nil && status != "0x0")
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
                field("reason", d["FailureReason"].map { WindowsTables.expand($0) ?? $0 })
                writer.endObject()
            }
            writer.endObject()
        }
        field("time_created_note", timeNote)
        field("record_header_note", w.headerNote)
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
