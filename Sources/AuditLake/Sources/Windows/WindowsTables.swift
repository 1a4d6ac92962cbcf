#if canImport(Glibc)
import Glibc
#endif

/// How an event is categorised: `event.category`, `event.type` and `event.action`.
typealias EventKind = (category: [String], type: [String], action: String)

/// Lookup tables for Windows Security events (windows-security.md §1-2, ecs-mapping.md §4).
enum WindowsTables {
    /// event.category, event.type and event.action per Security event id.
    static let security: [String: EventKind] = [
        "4624": (["authentication", "session"], ["start"], "logged-in"),
        "4625": (["authentication"], ["start"], "logon-failed"),
        "4627": (["iam"], ["group", "info"], "group-membership-info"),
        "4634": (["authentication", "session"], ["end"], "logged-out"),
        "4647": (["authentication", "session"], ["end"], "logged-out"),
        "4648": (["authentication"], ["start"], "logged-in-explicit"),
        "4672": (["iam"], ["admin"], "logged-in-special"),
        "4688": (["process"], ["start"], "created-process"),
        "4689": (["process"], ["end"], "exited-process"),
        "4697": (["iam", "configuration"], ["admin", "change"], "service-installed"),
        "4698": (["iam", "configuration"], ["creation", "admin"], "scheduled-task-created"),
        "4719": (["iam", "configuration"], ["admin", "change"], "changed-audit-config"),
        "4720": (["iam"], ["user", "creation"], "added-user-account"),
        "4722": (["iam"], ["user", "change"], "enabled-user-account"),
        "4723": (["iam"], ["user", "change"], "changed-password"),
        "4724": (["iam"], ["user", "change"], "reset-password"),
        "4725": (["iam"], ["user", "change"], "disabled-user-account"),
        "4726": (["iam"], ["user", "deletion"], "deleted-user-account"),
        "4727": (["iam"], ["group", "creation"], "added-group-account"),
        "4728": (["iam"], ["group", "change"], "added-member-to-group"),
        "4729": (["iam"], ["group", "change"], "removed-member-from-group"),
        "4730": (["iam"], ["group", "deletion"], "deleted-group-account"),
        "4731": (["iam"], ["group", "creation"], "added-group-account"),
        "4732": (["iam"], ["group", "change"], "added-member-to-group"),
        "4733": (["iam"], ["group", "change"], "removed-member-from-group"),
        "4734": (["iam"], ["group", "deletion"], "deleted-group-account"),
        "4735": (["iam"], ["group", "change"], "modified-group-account"),
        "4737": (["iam"], ["group", "change"], "modified-group-account"),
        "4738": (["iam"], ["user", "change"], "modified-user-account"),
        "4740": (["iam"], ["user", "change"], "locked-out-user-account"),
        "4741": (["iam"], ["creation", "admin"], "added-computer-account"),
        "4742": (["iam"], ["change", "admin"], "changed-computer-account"),
        "4743": (["iam"], ["deletion", "admin"], "deleted-computer-account"),
        "4754": (["iam"], ["group", "creation"], "added-group-account"),
        "4755": (["iam"], ["group", "change"], "modified-group-account"),
        "4756": (["iam"], ["group", "change"], "added-member-to-group"),
        "4757": (["iam"], ["group", "change"], "removed-member-from-group"),
        "4758": (["iam"], ["group", "deletion"], "deleted-group-account"),
        "4764": (["iam"], ["group", "change"], "type-changed-group-account"),
        "4767": (["iam"], ["user", "change"], "unlocked-user-account"),
        "4768": (["authentication"], ["start"], "kerberos-authentication-ticket-requested"),
        "4769": (["authentication"], ["start"], "kerberos-service-ticket-requested"),
        "4770": (["authentication"], ["start"], "kerberos-service-ticket-renewed"),
        "4771": (["authentication"], ["start"], "kerberos-preauth-failed"),
        "4776": (["authentication"], ["start"], "credential-validated"),
        "1102": (["iam"], ["admin", "change"], "audit-log-cleared"),
        "4663": (["file"], ["access"], "object-access-attempted"),
        "5140": (["network", "file"], ["info", "access"], "network-share-object-accessed"),
        "5145": (["network", "file"], ["info", "access"], "network-share-object-access-checked"),
        "7045": (["iam", "configuration"], ["admin", "change"], "service-installed"),
        // The rest of the Security events Elastic's system integration categorises, under the
        // same actions, so that a query written for either finds the same events.
        "1100": (["process"], ["end"], "logging-service-shutdown"),
        "1104": (["iam"], ["admin"], "logging-full"),
        "1105": (["iam"], ["admin"], "auditlog-archieved"),  // sic, as Elastic spells it
        "1108": (["iam"], ["admin"], "logging-processing-error"),
        "4610": (["configuration"], ["access"], "authentication-package-loaded"),
        "4611": (["configuration"], ["change"], "trusted-logon-process-registered"),
        "4614": (["configuration"], ["access"], "notification-package-loaded"),
        "4616": (["configuration"], ["change"], "system-time-changed"),
        "4622": (["configuration"], ["access"], "security-package-loaded"),
        "4657": (["registry", "configuration"], ["change"], "registry-value-modified"),
        "4670": (["iam", "configuration"], ["admin", "change"], "permissions-changed"),
        "4673": (["iam"], ["admin"], "privileged-service-called"),
        "4674": (["iam"], ["admin"], "privileged-operation"),
        "4699": (["iam", "configuration"], ["deletion", "admin"], "scheduled-task-deleted"),
        "4700": (["iam", "configuration"], ["change", "admin"], "scheduled-task-enabled"),
        "4701": (["iam", "configuration"], ["change", "admin"], "scheduled-task-disabled"),
        "4702": (["iam", "configuration"], ["change", "admin"], "scheduled-task-updated"),
        "4706": (["configuration"], ["creation"], "domain-trust-added"),
        "4707": (["configuration"], ["deletion"], "domain-trust-removed"),
        "4713": (["configuration"], ["change"], "kerberos-policy-changed"),
        "4714": (["configuration"], ["change"], "encrypted-data-recovery-policy-changed"),
        "4715": (["configuration"], ["change"], "object-audit-policy-changed"),
        "4716": (["configuration"], ["change"], "trusted-domain-information-changed"),
        "4717": (["iam", "configuration"], ["admin", "change"], "system-security-access-granted"),
        "4718": (["iam", "configuration"], ["admin", "deletion"], "system-security-access-removed"),
        "4739": (["configuration"], ["change"], "domain-policy-changed"),
        "4744": (["iam"], ["group", "creation"], "added-distribution-group-account"),
        "4745": (["iam"], ["group", "change"], "changed-distribution-group-account"),
        "4746": (["iam"], ["group", "change"], "added-member-to-distribution-group"),
        "4747": (["iam"], ["group", "change"], "removed-member-from-distribution-group"),
        "4748": (["iam"], ["group", "deletion"], "deleted-distribution-group-account"),
        "4749": (["iam"], ["group", "creation"], "added-distribution-group-account"),
        "4750": (["iam"], ["group", "change"], "changed-distribution-group-account"),
        "4751": (["iam"], ["group", "change"], "added-member-to-distribution-group"),
        "4752": (["iam"], ["group", "change"], "removed-member-from-distribution-group"),
        "4753": (["iam"], ["group", "deletion"], "deleted-distribution-group-account"),
        "4759": (["iam"], ["group", "creation"], "added-distribution-group-account"),
        "4760": (["iam"], ["group", "change"], "changed-distribution-group-account"),
        "4761": (["iam"], ["group", "change"], "added-member-to-distribution-group"),
        "4762": (["iam"], ["group", "change"], "removed-member-from-distribution-group"),
        "4763": (["iam"], ["group", "deletion"], "deleted-distribution-group-account"),
        "4778": (["authentication", "session"], ["start"], "session-reconnected"),
        "4779": (["authentication", "session"], ["end"], "session-disconnected"),
        "4781": (["iam"], ["user", "change"], "renamed-user-account"),
        "4798": (["iam"], ["user", "info"], "group-membership-enumerated"),
        "4799": (["iam"], ["group", "info"], "user-member-enumerated"),
        "4817": (["iam", "configuration"], ["admin", "change"], "object-audit-changed"),
        "4902": (["iam", "configuration"], ["admin", "creation"], "user-audit-policy-created"),
        "4904": (["iam", "configuration"], ["admin", "change"], "security-event-source-added"),
        "4905": (["iam", "configuration"], ["admin", "deletion"], "security-event-source-removed"),
        "4906": (["iam", "configuration"], ["admin", "change"], "crash-on-audit-changed"),
        "4907": (["iam", "configuration"], ["admin", "change"], "audit-setting-changed"),
        "4908": (["iam", "configuration"], ["admin", "change"], "special-group-table-changed"),
        "4912": (["iam", "configuration"], ["admin", "change"], "per-user-audit-policy-changed"),
        "4950": (["configuration"], ["change"], "windows-firewall-setting-changed"),
        "4954": (["configuration"], ["change"], "windows-firewall-group-policy-changed"),
        "4964": (["iam"], ["admin", "group"], "logged-in-special"),
        "5024": (["process"], ["start"], "windows-firewall-service-started"),
        "5025": (["process"], ["end"], "windows-firewall-service-stopped"),
        "5033": (["driver"], ["start"], "windows-firewall-driver-started"),
        "5034": (["driver"], ["end"], "windows-firewall-driver-stopped"),
        "5037": (["driver"], ["end"], "windows-firewall-driver-error"),
    ]

    /// EventData field order of common Security events, to name the unnamed `<Data>` of forwarded
    /// (WEF) events and `Get-WinEvent` Properties. Later versions only append fields.
    static let positionalNames: [String: [String]] = {
        let subject = ["SubjectUserSid", "SubjectUserName", "SubjectDomainName", "SubjectLogonId"]
        let member = ["MemberName", "MemberSid", "TargetUserName", "TargetDomainName", "TargetSid"] + subject + ["PrivilegeList"]
        return [
            "4624": subject + ["TargetUserSid", "TargetUserName", "TargetDomainName", "TargetLogonId", "LogonType",
                               "LogonProcessName", "AuthenticationPackageName", "WorkstationName", "LogonGuid",
                               "TransmittedServices", "LmPackageName", "KeyLength", "ProcessId", "ProcessName", "IpAddress",
                               "IpPort", "ImpersonationLevel", "RestrictedAdminMode", "TargetOutboundUserName",
                               "TargetOutboundDomainName", "VirtualAccount", "TargetLinkedLogonId", "ElevatedToken"],
            "4625": subject + ["TargetUserSid", "TargetUserName", "TargetDomainName", "Status", "FailureReason", "SubStatus",
                               "LogonType", "LogonProcessName", "AuthenticationPackageName", "WorkstationName",
                               "TransmittedServices", "LmPackageName", "KeyLength", "ProcessId", "ProcessName", "IpAddress", "IpPort"],
            "4634": ["TargetUserSid", "TargetUserName", "TargetDomainName", "TargetLogonId", "LogonType"],
            "4647": ["TargetUserSid", "TargetUserName", "TargetDomainName", "TargetLogonId"],
            "4648": subject + ["LogonGuid", "TargetUserName", "TargetDomainName", "TargetLogonGuid", "TargetServerName",
                               "TargetInfo", "ProcessId", "ProcessName", "IpAddress", "IpPort"],
            "4672": subject + ["PrivilegeList"],
            "4688": subject + ["NewProcessId", "NewProcessName", "TokenElevationType", "ProcessId", "CommandLine",
                               "TargetUserSid", "TargetUserName", "TargetDomainName", "TargetLogonId", "ParentProcessName",
                               "MandatoryLabel"],
            "4720": ["TargetUserName", "TargetDomainName", "TargetSid"] + subject + ["PrivilegeList", "SamAccountName",
                     "DisplayName", "UserPrincipalName", "HomeDirectory", "HomePath", "ScriptPath", "ProfilePath",
                     "UserWorkstations", "PasswordLastSet", "AccountExpires", "PrimaryGroupId", "AllowedToDelegateTo",
                     "OldUacValue", "NewUacValue", "UserAccountControl", "UserParameters", "SidHistory", "LogonHours"],
            "4728": member, "4729": member, "4732": member, "4733": member, "4756": member, "4757": member,
            "4740": ["TargetUserName", "TargetDomainName", "TargetSid"] + subject,
            "4776": ["PackageName", "TargetUserName", "Workstation", "Status"],
        ]
    }()

    /// What the mapper needs to know of an event id, found with one lookup (an object: a
    /// lookup costs one reference, not one per array and string).
    final class EventIDInfo: Sendable {
        /// The Security mapping (also 7045 from the Service Control Manager).
        let security: EventKind?
        /// Target* is a group, Member* the account.
        let isGroup: Bool
        /// The outcome is Status (0x0 success).
        let decidedByStatus: Bool
        /// The Sysmon mapping of the same id.
        let sysmon: EventKind?

        init(_ id: String) {
            security = WindowsTables.security[id]
            isGroup = WindowsTables.groupEvents.contains(id)
            decidedByStatus = WindowsTables.statusOutcome.contains(id)
            sysmon = WindowsMapper.sysmonKinds[id]
        }
    }

    /// `security`, `groupEvents`, `statusOutcome` and `WindowsMapper.sysmonKinds` by the event
    /// id's number (`eventNumber`): one array lookup per record, no hashing.
    static let byNumber: [EventIDInfo?] = {
        let ids = Set(security.keys).union(groupEvents).union(statusOutcome).union(WindowsMapper.sysmonKinds.keys)
        var table = [EventIDInfo?](repeating: nil, count: (ids.map(eventNumber).max() ?? 0) + 1)
        for id in ids { table[eventNumber(id)] = EventIDInfo(id) }  // every id here is plain decimal
        return table
    }()

    /// What the mapper knows of event id `code` (a number from `eventNumber`; -1 for none).
    @inline(__always)
    static func info(_ code: Int) -> EventIDInfo? {
        code >= 0 && code < byNumber.count ? byNumber[code] : nil
    }

    /// Group membership events: Target* is the group, Member* the account.
    static let groupEvents: Set<String> = [
        "4727", "4728", "4729", "4730", "4731", "4732", "4733", "4734", "4735", "4737", "4754", "4755", "4756", "4757", "4758", "4764",
        // Distribution groups (local, global, universal), and a group's members enumerated.
        "4744", "4745", "4746", "4747", "4748", "4749", "4750", "4751", "4752", "4753", "4759", "4760", "4761", "4762", "4763",
        "4799",
    ]
    /// Events decided by Status (0x0 success).
    static let statusOutcome: Set<String> = ["4768", "4769", "4770", "4776"]

    /// msobjs.dll insertion strings (`%%NNNN`).
    static let insertionStrings: [String: String] = [
        "%%1536": "Unknown", "%%1537": "DELETE", "%%1538": "READ_CONTROL", "%%1539": "WRITE_DAC", "%%1540": "WRITE_OWNER",
        "%%1541": "SYNCHRONIZE", "%%1542": "ACCESS_SYS_SEC", "%%1543": "MAX_ALLOWED",
        "%%1793": "<value not set>", "%%1794": "<never>", "%%1797": "All",
        "%%2080": "Account Disabled", "%%2082": "'Password Not Required' - Enabled", "%%2084": "'Normal Account' - Enabled",
        "%%1832": "Identification", "%%1833": "Impersonation", "%%1840": "Delegation", "%%1841": "Denied by Process Trust Label ACE",
        "%%1842": "Yes", "%%1843": "No", "%%1844": "System", "%%1845": "Not Available", "%%1846": "Default",
        "%%1847": "DisallowMmConfig", "%%1848": "Off", "%%1849": "Auto",
        "%%1936": "Type 1 (full token, UAC disabled or built-in admin)", "%%1937": "Type 2 (elevated token)",
        "%%1938": "Type 3 (limited token)",
        "%%2304": "An Error occured during Logon.", "%%2305": "The specified user account has expired.",
        "%%2306": "The NetLogon component is not active.", "%%2307": "Account locked out.",
        "%%2308": "The user has not been granted the requested logon type at this machine.",
        "%%2309": "The specified account's password has expired.", "%%2310": "Account currently disabled.",
        "%%2311": "Account logon time restriction violation.", "%%2312": "User not allowed to logon at this computer.",
        "%%2313": "Unknown user name or bad password.", "%%2314": "Domain sid inconsistent.",
        "%%2315": "Smartcard logon is required and was not used.",
        "%%4416": "ReadData (or ListDirectory)", "%%4417": "WriteData (or AddFile)",
        "%%4418": "AppendData (or AddSubdirectory or CreatePipeInstance)", "%%4419": "ReadEA", "%%4420": "WriteEA",
        "%%4421": "Execute/Traverse", "%%4422": "DeleteChild", "%%4423": "ReadAttributes", "%%4424": "WriteAttributes",
        "%%8100": "Enabled", "%%8101": "Disabled", "%%8102": "Enabled",
    ]

    /// `%%NNNN` codes in `value` replaced by their text (separators kept); nil when none are known.
    static func expand(_ value: String) -> String? {
        var value = value
        return value.withUTF8 { expand(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// `expand` over UTF-8 bytes.
    static func expand(bytes text: UnsafeRawBufferPointer) -> String? {
        guard hasDoublePercent(text) else { return nil }
        let n = text.count
        // Most values are one code and nothing else (`%%1833`): looked up without copying.
        if n > 2, n <= 12, text[0] == UInt8(ascii: "%"), text[1] == UInt8(ascii: "%"), text[2] != UInt8(ascii: "0") {
            var code = 0, digits = true
            for i in 2..<n {
                guard text[i] >= UInt8(ascii: "0"), text[i] <= UInt8(ascii: "9") else { digits = false; break }
                code = code * 10 + Int(text[i] - UInt8(ascii: "0"))
            }
            if digits { return insertionCodes[code] }
        }
        var out: [UInt8] = []
        out.reserveCapacity(n + 32)
        var changed = false
        var i = 0
        while i < n {
            guard text[i] == UInt8(ascii: "%"), i + 1 < n, text[i + 1] == UInt8(ascii: "%") else {
                out.append(text[i])
                i += 1
                continue
            }
            var j = i + 2, code = 0
            while j < n, text[j] >= UInt8(ascii: "0"), text[j] <= UInt8(ascii: "9"), j - i < 12 {
                code = code * 10 + Int(text[j] - UInt8(ascii: "0"))
                j += 1
            }
            // Codes are written without leading zeros; anything else is kept as it is.
            if j > i + 2, text[i + 2] != UInt8(ascii: "0"), let known = insertionCodes[code] {
                out.append(contentsOf: known.utf8)
                changed = true
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[i..<j]))
            }
            i = j
        }
        return changed ? String(decoding: out, as: UTF8.self) : nil
    }

    /// `insertionStrings` by number.
    static let insertionCodes: [Int: String] = Dictionary(uniqueKeysWithValues: insertionStrings.map { (Int($0.key.dropFirst(2))!, $0.value) })
}

/// True when `text` holds `%%` (the mark of an insertion string): eight bytes a step, a word
/// with no `%` skipped whole (most values are short and hold none).
func hasDoublePercent(_ text: UnsafeRawBufferPointer) -> Bool {
    let n = text.count
    guard n >= 2 else { return false }
    var i = 0
    while i + 8 <= n {
        let x = text.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x2525_2525_2525_2525
        if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 == 0 {
            i += 8  // no `%` in these eight bytes: no pair starts among them
            continue
        }
        break
    }
    while i + 1 < n {
        if text[i] == UInt8(ascii: "%"), text[i + 1] == UInt8(ascii: "%") { return true }
        i += 1
    }
    return false
}

/// The same over a String's bytes.
func hasDoublePercent(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    hasDoublePercent(UnsafeRawBufferPointer(text))
}
