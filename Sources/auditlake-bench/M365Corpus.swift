import EVTX
import JSONStream

/// A deterministic generator of realistic Microsoft 365 unified audit records (seeded).
///
/// Mixes Exchange admin and mailbox, SharePoint/OneDrive file and sharing, and Azure AD logon
/// records with the nesting real ones have (AppAccessContext, ExtendedProperties, Parameters,
/// ModifiedProperties), about 1.3 KB each on average.
struct M365Corpus {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    private mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    private mutating func guid() -> String {
        let a = next(), b = next()
        let hex = String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
    }

    private static let users = (0..<500).map { "user\($0)@contoso.onmicrosoft.com" }
    private static let agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)",
        "python-requests/2.31.0",
    ]

    /// Appends one record's JSON (no trailing newline) to `writer`.
    mutating func writeRecord(index: Int, to w: inout JSONWriter) {
        let kind = next() % 10
        let user = pick(Self.users)
        let second = 1_763_000_000 + index / 3
        let time = isoTime(second)
        w.beginObject()
        w.key("CreationTime"); w.string(time)
        w.key("Id"); w.string(guid())
        w.key("OrganizationId"); w.string("4a7c8238-5799-4b16-9fc6-9ad8fce5a7d9")
        w.key("UserKey"); w.string("1003200\(next() % 1_000_000_000)")
        w.key("UserType"); w.number(Int(next() % 3))
        w.key("Version"); w.number(1)
        w.key("UserId"); w.string(user)
        w.key("ClientIP"); w.string("\(next() % 223 + 1).\(next() % 256).\(next() % 256).\(next() % 256):\(next() % 60000 + 1024)")
        switch kind {
        case 0...3:
            w.key("RecordType"); w.number(6)
            w.key("Workload"); w.string(pick(["SharePoint", "OneDrive"]))
            w.key("Operation"); w.string(pick(["FileAccessed", "FileDownloaded", "FileModified", "FileUploaded", "FileDeleted"]))
            w.key("ResultStatus"); w.string("Succeeded")
            let file = "Report-\(next() % 100000).docx"
            w.key("ObjectId"); w.string("https://contoso.sharepoint.com/sites/Finance/Shared Documents/\(file)")
            w.key("SiteUrl"); w.string("https://contoso.sharepoint.com/sites/Finance/")
            w.key("SourceFileName"); w.string(file)
            w.key("SourceFileExtension"); w.string("docx")
            w.key("SourceRelativeUrl"); w.string("Shared Documents")
            w.key("UserAgent"); w.string(pick(Self.agents))
            w.key("EventSource"); w.string("SharePoint")
            w.key("ItemType"); w.string("File")
            w.key("ListId"); w.string(guid())
            w.key("ListItemUniqueId"); w.string(guid())
            w.key("Site"); w.string(guid())
            w.key("WebId"); w.string(guid())
            w.key("AppAccessContext"); w.beginObject()
            w.key("AADSessionId"); w.string(guid())
            w.key("CorrelationId"); w.string(guid())
            w.key("UniqueTokenId"); w.string("d0ZAbTRuX0mI\(next() % 100000)QAA")
            w.endObject()
        case 4...6:
            w.key("RecordType"); w.number(kind == 4 ? 1 : 2)
            w.key("Workload"); w.string("Exchange")
            w.key("Operation"); w.string(kind == 4 ? pick(["Set-Mailbox", "New-InboxRule", "Add-MailboxPermission"]) : pick(["MailItemsAccessed", "Send", "MoveToDeletedItems"]))
            w.key("ResultStatus"); w.string(kind == 4 ? "True" : "Succeeded")
            w.key("ObjectId"); w.string("EURPR05A003.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/contoso.onmicrosoft.com/\(user)")
            w.key("ExternalAccess"); w.bool(false)
            w.key("OrganizationName"); w.string("contoso.onmicrosoft.com")
            w.key("OriginatingServer"); w.string("AM6PR05MB\(next() % 10000) (15.20.7316.039)\r\n")
            w.key("Parameters"); w.beginArray()
            for (name, value) in [("Identity", user), ("ForwardingSmtpAddress", "smtp:ext\(next() % 1000)@example.org"), ("DeliverToMailboxAndForward", "True"), ("Name", "Rule \"\(next() % 100)\" – ünïcode")] {
                w.beginObject(); w.key("Name"); w.string(name); w.key("Value"); w.string(value); w.endObject()
            }
            w.endArray()
            w.key("SessionId"); w.string(guid())
        default:
            w.key("RecordType"); w.number(15)
            w.key("Workload"); w.string("AzureActiveDirectory")
            w.key("Operation"); w.string(pick(["UserLoggedIn", "UserLoginFailed"]))
            w.key("ResultStatus"); w.string("Success")
            w.key("ObjectId"); w.string("00000003-0000-0ff1-ce00-000000000000")
            w.key("AzureActiveDirectoryEventType"); w.number(1)
            w.key("ExtendedProperties"); w.beginArray()
            for (name, value) in [("ResultStatusDetail", "Redirect"), ("UserAgent", pick(Self.agents)), ("RequestType", "OAuth2:Authorize")] {
                w.beginObject(); w.key("Name"); w.string(name); w.key("Value"); w.string(value); w.endObject()
            }
            w.endArray()
            w.key("ModifiedProperties"); w.beginArray(); w.endArray()
            w.key("Actor"); w.beginArray()
            w.beginObject(); w.key("ID"); w.string(guid()); w.key("Type"); w.number(0); w.endObject()
            w.beginObject(); w.key("ID"); w.string(user); w.key("Type"); w.number(5); w.endObject()
            w.endArray()
            w.key("ActorContextId"); w.string("4a7c8238-5799-4b16-9fc6-9ad8fce5a7d9")
            w.key("ActorIpAddress"); w.string("2001:db8:\(next() % 65536):\(next() % 65536)::\(next() % 65536)")
            w.key("InterSystemsId"); w.string(guid())
            w.key("IntraSystemId"); w.string(guid())
            w.key("SupportTicketId"); w.string("")
            w.key("Target"); w.beginArray()
            w.beginObject(); w.key("ID"); w.string("00000003-0000-0ff1-ce00-000000000000"); w.key("Type"); w.number(0); w.endObject()
            w.endArray()
            w.key("TargetContextId"); w.string("4a7c8238-5799-4b16-9fc6-9ad8fce5a7d9")
            w.key("ApplicationId"); w.string(guid())
            w.key("DeviceProperties"); w.beginArray()
            for (name, value) in [("OS", "Windows 10"), ("BrowserType", "Edge"), ("IsCompliantAndManaged", "False")] {
                w.beginObject(); w.key("Name"); w.string(name); w.key("Value"); w.string(value); w.endObject()
            }
            w.endArray()
            w.key("ErrorNumber"); w.string(kind == 9 ? "50126" : "0")
        }
        w.endObject()
    }

    private func isoTime(_ seconds: Int) -> String {
        let days = seconds / 86400, rest = seconds % 86400
        let (y, m, d) = civilFromDays(days)
        return "\(y)-\(pad(m))-\(pad(d))T\(pad(rest / 3600)):\(pad(rest / 60 % 60)):\(pad(rest % 60))"
    }

    private func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
