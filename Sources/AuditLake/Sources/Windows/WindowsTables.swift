#if canImport(Glibc)
import Glibc
#endif

/// Lookup tables for Windows Security events (windows-security.md §1-2, ecs-mapping.md §4).
enum WindowsTables {
    /// event.category, event.type and event.action per Security event id.
    static let security: [String: (category: [String], type: [String], action: String)] = [
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
        let security: (category: [String], type: [String], action: String)?
        /// Target* is a group, Member* the account.
        let isGroup: Bool
        /// The outcome is Status (0x0 success).
        let decidedByStatus: Bool
        /// The Sysmon mapping of the same id.
        let sysmon: (category: [String], type: [String], action: String)?

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

    static let logonTypes: [String: String] = [
        "0": "System", "2": "Interactive", "3": "Network", "4": "Batch", "5": "Service", "7": "Unlock",
        "8": "NetworkCleartext", "9": "NewCredentials", "10": "RemoteInteractive", "11": "CachedInteractive",
        "12": "CachedRemoteInteractive", "13": "CachedUnlock",
    ]

    /// NTSTATUS texts of 4625/4776 Status and SubStatus (lower-case keys).
    /// Kerberos result codes (RFC 4120 §7.5.9; the Status of 4768-4771) by their lower-case
    /// `0x` text, as `NAME: what it means`.
    static let kerberosStatus: [String: String] = {
        let codes: [(Int, String, String)] = [
            (0x0, "KDC_ERR_NONE", "no error"),
            (0x1, "KDC_ERR_NAME_EXP", "the client's entry in the KDC database has expired"),
            (0x2, "KDC_ERR_SERVICE_EXP", "the server's entry in the KDC database has expired"),
            (0x3, "KDC_ERR_BAD_PVNO", "the requested Kerberos version is not supported"),
            (0x4, "KDC_ERR_C_OLD_MAST_KVNO", "the client's key is encrypted in an old master key"),
            (0x5, "KDC_ERR_S_OLD_MAST_KVNO", "the server's key is encrypted in an old master key"),
            (0x6, "KDC_ERR_C_PRINCIPAL_UNKNOWN", "the client is not in the Kerberos database (no such account)"),
            (0x7, "KDC_ERR_S_PRINCIPAL_UNKNOWN", "the server is not in the Kerberos database (no such service)"),
            (0x8, "KDC_ERR_PRINCIPAL_NOT_UNIQUE", "several entries in the KDC database have this name"),
            (0x9, "KDC_ERR_NULL_KEY", "the client or server has a null key"),
            (0xA, "KDC_ERR_CANNOT_POSTDATE", "the ticket is not eligible for postdating"),
            (0xB, "KDC_ERR_NEVER_VALID", "the requested start time is later than the end time"),
            (0xC, "KDC_ERR_POLICY", "the KDC policy rejects the request"),
            (0xD, "KDC_ERR_BADOPTION", "the KDC cannot accommodate a requested option"),
            (0xE, "KDC_ERR_ETYPE_NOSUPP", "the KDC does not support the encryption type"),
            (0xF, "KDC_ERR_SUMTYPE_NOSUPP", "the KDC does not support the checksum type"),
            (0x10, "KDC_ERR_PADATA_TYPE_NOSUPP", "the KDC does not support the pre-authentication data type"),
            (0x11, "KDC_ERR_TRTYPE_NOSUPP", "the KDC does not support the transited type"),
            (0x12, "KDC_ERR_CLIENT_REVOKED", "the client's credentials have been revoked (account disabled, expired or locked out)"),
            (0x13, "KDC_ERR_SERVICE_REVOKED", "the server's credentials have been revoked"),
            (0x14, "KDC_ERR_TGT_REVOKED", "the TGT has been revoked"),
            (0x15, "KDC_ERR_CLIENT_NOTYET", "the client is not yet valid"),
            (0x16, "KDC_ERR_SERVICE_NOTYET", "the server is not yet valid"),
            (0x17, "KDC_ERR_KEY_EXPIRED", "the password has expired"),
            (0x18, "KDC_ERR_PREAUTH_FAILED", "the pre-authentication data was invalid (a wrong password)"),
            (0x19, "KDC_ERR_PREAUTH_REQUIRED", "pre-authentication is required"),
            (0x1A, "KDC_ERR_SERVER_NOMATCH", "the requested server and ticket do not match"),
            (0x1B, "KDC_ERR_MUST_USE_USER2USER", "the server principal is valid for user-to-user only"),
            (0x1C, "KDC_ERR_PATH_NOT_ACCEPTED", "the KDC policy rejects the transited path"),
            (0x1D, "KDC_ERR_SVC_UNAVAILABLE", "a service is not available"),
            (0x1F, "KRB_AP_ERR_BAD_INTEGRITY", "the integrity check on a decrypted field failed"),
            (0x20, "KRB_AP_ERR_TKT_EXPIRED", "the ticket has expired"),
            (0x21, "KRB_AP_ERR_TKT_NYV", "the ticket is not yet valid"),
            (0x22, "KRB_AP_ERR_REPEAT", "the request is a replay"),
            (0x23, "KRB_AP_ERR_NOT_US", "the ticket is not for us"),
            (0x24, "KRB_AP_ERR_BADMATCH", "the ticket and authenticator do not match"),
            (0x25, "KRB_AP_ERR_SKEW", "the clock skew is too great"),
            (0x26, "KRB_AP_ERR_BADADDR", "the network address does not match the ticket's"),
            (0x27, "KRB_AP_ERR_BADVERSION", "the protocol versions do not match"),
            (0x28, "KRB_AP_ERR_MSG_TYPE", "the message type is not supported"),
            (0x29, "KRB_AP_ERR_MODIFIED", "the message was modified (checksum mismatch)"),
            (0x2A, "KRB_AP_ERR_BADORDER", "the message is out of order"),
            (0x2C, "KRB_AP_ERR_BADKEYVER", "the requested key version is not available"),
            (0x2D, "KRB_AP_ERR_NOKEY", "the service key is not available"),
            (0x2E, "KRB_AP_ERR_MUT_FAIL", "mutual authentication failed"),
            (0x2F, "KRB_AP_ERR_BADDIRECTION", "the message direction is wrong"),
            (0x30, "KRB_AP_ERR_METHOD", "another authentication method is required"),
            (0x31, "KRB_AP_ERR_BADSEQ", "the sequence number is wrong"),
            (0x32, "KRB_AP_ERR_INAPP_CKSUM", "the checksum type is inappropriate"),
            (0x33, "KRB_AP_PATH_NOT_ACCEPTED", "the desired path is unreachable"),
            (0x34, "KRB_ERR_RESPONSE_TOO_BIG", "the response is too big for UDP"),
            (0x3C, "KRB_ERR_GENERIC", "a generic error"),
            (0x3D, "KRB_ERR_FIELD_TOOLONG", "a field is too long"),
            (0x3E, "KDC_ERR_CLIENT_NOT_TRUSTED", "the client is not trusted (PKINIT)"),
            (0x3F, "KDC_ERR_KDC_NOT_TRUSTED", "the KDC is not trusted (PKINIT)"),
            (0x40, "KDC_ERR_INVALID_SIG", "the signature is invalid (PKINIT)"),
            (0x41, "KDC_ERR_KEY_TOO_WEAK", "the key is too weak (PKINIT)"),
            (0x42, "KRB_AP_ERR_USER_TO_USER_REQUIRED", "user-to-user authentication is required"),
            (0x43, "KRB_AP_ERR_NO_TGT", "no TGT was presented"),
            (0x44, "KDC_ERR_WRONG_REALM", "the wrong realm"),
        ]
        return Dictionary(uniqueKeysWithValues: codes.map { ("0x" + String($0.0, radix: 16), "\($0.1): \($0.2)") })
    }()

    static let status: [String: String] = [
        "0xc000005e": "No logon servers available", "0xc0000064": "User name does not exist",
        "0xc000006a": "Correct user name, wrong password", "0xc000006d": "Bad user name or authentication information",
        "0xc000006e": "Unknown user name or bad password", "0xc000006f": "Logon outside allowed hours",
        "0xc0000070": "Logon from unauthorized workstation", "0xc0000071": "Password expired",
        "0xc0000072": "Account disabled", "0xc00000dc": "SAM server in wrong state",
        "0xc0000133": "Clock skew between DC and client", "0xc000015b": "Logon type not granted",
        "0xc000018c": "Trust relationship failure", "0xc0000192": "Netlogon service not started",
        "0xc0000193": "Account expired", "0xc0000224": "Must change password at next logon",
        "0xc0000225": "Windows bug, not a risk", "0xc0000234": "Account locked out",
        "0xc00002ee": "Error during logon", "0xc0000413": "Authentication firewall: not allowed to authenticate to this machine",
        "0xc0000371": "Local account store lacks secret material", "0x0": "OK",
    ]

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
