import EVTX
import JSONStream

/// Windows events as JSON, in the three shapes collectors write: Winlogbeat / Elastic Agent
/// (`winlog.*`), `Get-WinEvent | ConvertTo-Json` (`Id`, `ProviderName`, `Properties`, ...), and
/// evtx_dump-style renderings (`{"Event": {"System": ..., "EventData": ...}}`).
enum WindowsJSON {
    /// The event in `root`, or nil when it is none of these shapes.
    static func event(_ root: JSONValue) -> WindowsEvent? {
        guard root.kind == .object else { return nil }
        if let winlog = root["winlog"], winlog.kind == .object { return winlogbeat(winlog, root: root) }
        if let event = root["Event"], event.kind == .object, let system = event["System"], system.kind == .object {
            return rendered(event, system: system)
        }
        if root["ProviderName"] != nil, root["Id"] != nil { return getWinEvent(root) }
        return nil
    }

    private static func str(_ v: JSONValue?) -> String? {
        guard let v, v.kind != .null, v.kind != .object, v.kind != .array else { return nil }
        return v.text
    }

    private static func winlogbeat(_ w: JSONValue, root: JSONValue) -> WindowsEvent {
        var e = WindowsEvent()
        e.provider = str(w["provider_name"])
        e.providerGUID = str(w["provider_guid"])
        e.eventID = str(w["event_id"]) ?? str(root["event"]?["code"]) ?? ""
        e.version = str(w["version"])
        e.level = str(w["level"])
        e.task = str(w["task"])
        e.opcode = str(w["opcode"])
        if let keywords = w["keywords"] {
            // Winlogbeat writes keyword names; the audit bits are what the outcome needs.
            let names = keywords.kind == .array ? keywords.elements.compactMap(str) : [str(keywords) ?? ""]
            if names.contains("Audit Failure") { e.keywords = "0x8010000000000000" } else if names.contains("Audit Success") {
                e.keywords = "0x8020000000000000"
            } else { e.keywords = names.first }
        }
        e.timeCreated = str(w["time_created"]) ?? str(root["@timestamp"])
        e.recordID = str(w["record_id"])
        e.activityID = str(w["activity_id"])
        e.processID = str(w["process"]?["pid"])
        e.threadID = str(w["process"]?["thread"]?["id"])
        e.channel = str(w["channel"])
        e.computer = str(w["computer_name"])
        e.userSID = str(w["user"]?["identifier"])
        if let data = w["event_data"], data.kind == .object {
            for (k, v) in data.members { e.data.append((k.text, v.text)) }
        } else if let data = w["user_data"], data.kind == .object {
            e.fromUserData = true
            for (k, v) in data.members where k.text != "xml_name" { e.data.append((k.text, v.text)) }
        }
        e.message = str(root["message"])
        return e
    }

    private static func rendered(_ event: JSONValue, system s: JSONValue) -> WindowsEvent {
        var e = WindowsEvent()
        func attribute(_ element: JSONValue?, _ name: String) -> String? { str(element?["#attributes"]?[name]) }
        e.provider = attribute(s["Provider"], "EventSourceName") ?? attribute(s["Provider"], "Name")
        e.providerGUID = attribute(s["Provider"], "Guid")
        let id = s["EventID"]
        e.eventID = str(id) ?? str(id?["#text"]) ?? ""
        e.qualifiers = attribute(id, "Qualifiers")
        e.version = str(s["Version"])
        e.level = str(s["Level"])
        e.task = str(s["Task"])
        e.opcode = str(s["Opcode"])
        e.keywords = str(s["Keywords"])
        e.timeCreated = attribute(s["TimeCreated"], "SystemTime")
        e.recordID = str(s["EventRecordID"])
        e.activityID = attribute(s["Correlation"], "ActivityID")
        e.processID = attribute(s["Execution"], "ProcessID")
        e.threadID = attribute(s["Execution"], "ThreadID")
        e.channel = str(s["Channel"])
        e.computer = str(s["Computer"])
        e.userSID = attribute(s["Security"], "UserID")
        if let data = event["EventData"], data.kind == .object {
            for (k, v) in data.members where k.text != "#attributes" { e.data.append((k.text, v.text)) }
        } else if let user = event["UserData"], user.kind == .object {
            e.fromUserData = true
            for (_, inner) in user.members where inner.kind == .object {
                for (k, v) in inner.members where k.text != "#attributes" { e.data.append((k.text, v.text)) }
            }
        }
        return e
    }

    private static func getWinEvent(_ r: JSONValue) -> WindowsEvent {
        var e = WindowsEvent()
        e.provider = str(r["ProviderName"])
        e.providerGUID = str(r["ProviderId"])
        e.eventID = str(r["Id"]) ?? ""
        e.qualifiers = str(r["Qualifiers"])
        e.version = str(r["Version"])
        e.level = str(r["Level"])
        e.task = str(r["Task"])
        e.opcode = str(r["Opcode"])
        if let k = r["Keywords"]?.int64 { e.keywords = "0x" + String(UInt64(bitPattern: k), radix: 16) }
        e.timeCreated = str(r["TimeCreated"]).map(dotNetDate)
        e.recordID = str(r["RecordId"])
        e.activityID = str(r["ActivityId"])
        e.processID = str(r["ProcessId"])
        e.threadID = str(r["ThreadId"])
        e.channel = str(r["LogName"])
        e.computer = str(r["MachineName"])
        e.userSID = str(r["UserId"]?["Value"]) ?? str(r["UserId"])
        if let properties = r["Properties"], properties.kind == .array {
            for (i, p) in properties.elements.enumerated() {
                // A SID arrives as {"BinaryLength": .., "Value": "S-1-..."}.
                e.data.append(("param\(i + 1)", str(p["Value"]) ?? str(p["Value"]?["Value"]) ?? p.text))
            }
        }
        e.message = str(r["Message"])
        return e
    }

    /// PowerShell 5 writes dates as `/Date(1700000000000)/` (milliseconds since 1970).
    static func dotNetDate(_ text: String) -> String {
        guard text.hasPrefix("/Date("), let ms = Int64(text.dropFirst(6).prefix { $0.isNumber || $0 == "-" }),
              let time = Timestamp(ms, unit: 1_000_000) else { return text }
        return time.rfc3339
    }
}
