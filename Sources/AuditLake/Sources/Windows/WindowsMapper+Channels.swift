// Notable events of channels other than Security and Sysmon: the ones an incident responder
// reads to see who came in over Remote Desktop and from where, who cleared a log, and what
// PowerShell ran.
//
//   RemoteConnectionManager 1149  authenticated (UserData Param1 user, Param2 domain, Param3 address)
//   RdpCoreTS 131                 TCP connection accepted (ClientIP "address:port")
//   RdpCoreTS 140                 logon failed: wrong user name or password (IPString)
//   LocalSessionManager 21-25     session logon, shell start, logoff, disconnect, reconnect
//                                 (UserData User "DOMAIN\name", Address)
//   Eventlog 104                  a log other than Security cleared (Subject*, Channel)
//   PowerShell 4103-4106          pipeline run, script block logged (Path), started, stopped
//   Windows Defender 1116, 1117   malware detected, action taken ("Path" file:_C:\..., "Process
//                                 Name", "Detection User" DOMAIN\name, "Threat Name")
//   Windows Defender 5001         real-time protection turned off
//   TaskScheduler 106, 140, 141   task registered, updated, deleted (TaskName; UserContext, UserName)
//   TaskScheduler 129, 200, 201   task process created (Path, ProcessID), action started, completed
//                                 (ActionName, EnginePID)
//   WMI-Activity 5861             permanent event consumer registered (persistence)

extension WindowsMapper {
    /// Categorisation by provider and event id (the same ids mean other things elsewhere).
    static let channelKinds: [String: [Int: EventKind]] = [
        "Microsoft-Windows-TerminalServices-RemoteConnectionManager": [
            1149: (["authentication"], ["start"], "remote-desktop-authenticated"),
        ],
        "Microsoft-Windows-RemoteDesktopServices-RdpCoreTS": [
            131: (["network"], ["connection", "start"], "remote-desktop-connection-accepted"),
            140: (["authentication"], ["start"], "remote-desktop-logon-failed"),
        ],
        "Microsoft-Windows-TerminalServices-LocalSessionManager": [
            21: (["authentication", "session"], ["start"], "remote-desktop-logon"),
            22: (["session"], ["start"], "remote-desktop-shell-started"),
            23: (["session"], ["end"], "remote-desktop-logoff"),
            24: (["session"], ["end"], "remote-desktop-disconnected"),
            25: (["session"], ["start"], "remote-desktop-reconnected"),
        ],
        "Microsoft-Windows-Eventlog": [
            104: (["iam"], ["admin", "change"], "log-cleared"),
        ],
        "Microsoft-Windows-Windows Defender": [
            1116: (["malware", "intrusion_detection"], ["info"], "malware-detected"),
            1117: (["malware", "intrusion_detection"], ["info"], "malware-action-taken"),
            5001: (["configuration"], ["change"], "realtime-protection-disabled"),
        ],
        "Microsoft-Windows-TaskScheduler": [
            106: (["configuration"], ["creation"], "scheduled-task-registered"),
            140: (["configuration"], ["change"], "scheduled-task-updated"),
            141: (["configuration"], ["deletion"], "scheduled-task-deleted"),
            129: (["process"], ["start"], "scheduled-task-process-created"),
            200: (["process"], ["start"], "scheduled-task-action-started"),
            201: (["process"], ["end"], "scheduled-task-action-completed"),
        ],
        "Microsoft-Windows-WMI-Activity": [
            5861: (["configuration"], ["creation"], "wmi-event-consumer-registered"),
        ],
        "Microsoft-Windows-PowerShell": [
            4103: (["process"], ["info"], "powershell-pipeline-executed"),
            4104: (["process"], ["info"], "powershell-script-block-logged"),
            4105: (["process"], ["start"], "powershell-script-block-started"),
            4106: (["process"], ["end"], "powershell-script-block-stopped"),
        ],
    ]

    /// `channelKinds` by event id first (an array index), so that the other channels' events
    /// with other ids cost no hashing of their provider's name.
    static let channelKindsByNumber: [[String: EventKind]?] = {
        var table = [[String: EventKind]?](
            repeating: nil, count: (channelKinds.values.flatMap(\.keys).max() ?? 0) + 1)
        for (provider, kinds) in channelKinds {
            for (code, kind) in kinds { table[code] = (table[code] ?? [:]).merging([provider: kind]) { $1 } }
        }
        return table
    }()

    /// The categorisation of event `code` of `provider`, when `channelKinds` has one.
    @inline(__always)
    static func channelKind(_ provider: String, _ code: Int) -> EventKind? {
        guard code >= 0, code < channelKindsByNumber.count, let kinds = channelKindsByNumber[code] else { return nil }
        return kinds[provider]
    }

    /// Maps the events of `channelKinds`: for Remote Desktop, the account that came in (as a
    /// logon's, in `user.target.*`) and the client's address in `source.*`; for a script block,
    /// the script's path.
    func mapChannelEvent<F: WindowsFields>(_ d: F, _ code: Int, _ kind: EventKind, _ e: inout Event) {
        e.category = kind.category
        e.type = kind.type
        e.action = kind.action
        var address: String?
        // By action, not by id: the same id means other things in other providers (140 is a
        // failed RDP logon in RdpCoreTS and an updated task in TaskScheduler).
        switch kind.action {
        case "remote-desktop-authenticated":
            e.outcome = "success"
            e.target.name = d.meaningful(.param1)
            e.target.domain = d.meaningful(.param2)
            address = d.meaningful(.param3)
        case "remote-desktop-connection-accepted":
            address = d.meaningful(.clientIP)
        case "remote-desktop-logon-failed":
            e.outcome = "failure"
            address = d.meaningful(.ipString)
        case "remote-desktop-logon", "remote-desktop-shell-started", "remote-desktop-logoff", "remote-desktop-disconnected",
             "remote-desktop-reconnected":
            if code == 21 { e.outcome = "success" }
            if let user = d.meaningful(.user) { e.target = UserFields(domainAccount: user) }
            address = d.meaningful(.address)
        case "powershell-script-block-logged":
            e.filePath = d.meaningful(.path)
        case "scheduled-task-registered", "scheduled-task-updated", "scheduled-task-deleted":
            // The account the task runs as (106) or that changed it (140, 141).
            if let user = d.meaningful(.userContext, else: .userName) {
                e.user = UserFields(domainAccount: user)
                e.relate(user: e.user.name)
            }
        case "scheduled-task-process-created":
            e.processExecutable = d.meaningful(.path)
            e.processPID = d.processID(.processID)
        case "scheduled-task-action-started", "scheduled-task-action-completed":
            // A program's path; a COM handler's class id (`{...}`) is no executable.
            e.processExecutable = d.meaningful(.actionName).flatMap { $0.hasPrefix("{") ? nil : $0 }
            e.processPID = d.processID(.enginePID)
        case "malware-detected", "malware-action-taken":
            // The first resource named: `file:_C:\path` (other kinds, such as registry keys,
            // keep their prefix); several are separated by `;`.
            if let path = d.meaningful(.path) {
                let first = path.split(separator: ";", maxSplits: 1).first.map(String.init) ?? path
                e.filePath = first.hasPrefix("file:_") ? String(first.dropFirst(6)) : first
            }
            if let process = d.meaningful(.defenderProcess), process != "Unknown" { e.processExecutable = process }
            if let user = d.meaningful(.defenderUser) {
                e.user = UserFields(domainAccount: user)
                e.relate(user: e.user.name)
            }
        default:
            break
        }
        if let executable = e.processExecutable { e.processName = baseName(executable) }
        e.relate(user: e.target.name)
        if let address { e.relateClient(address) }
    }
}
