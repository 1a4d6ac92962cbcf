import JSONStream

/// Maps one Microsoft 365 unified audit record (Management Activity API / Purview AuditData)
/// to an `Event` (../shared/reference/m365-audit.md, ecs-mapping.md §2).
public struct M365Mapper {
    static let fields = JSONFieldSet([
        "CreationTime", "Id", "Operation", "Workload", "RecordType", "UserId", "ClientIPAddress", "ClientIP",
        "ActorIpAddress", "OrganizationId", "OrganizationName", "ResultStatus", "ObjectId", "UserAgent",
        "SourceFileName", "SourceFileExtension", "SourceRelativeUrl", "ExtendedProperties", "ErrorNumber",
        "ErrorCode", "LogonType", "MailboxOwnerUPN", "OriginatingServer", "ClientProcessName",
        "TargetUserOrGroupName", "GroupName", "ModifiedProperties", "Parameters", "Actor", "TeamName", "Members",
    ])
    enum F: Int {
        case creationTime, id, operation, workload, recordType, userId, clientIPAddress, clientIP
        case actorIpAddress, organizationId, organizationName, resultStatus, objectId, userAgent
        case sourceFileName, sourceFileExtension, sourceRelativeUrl, extendedProperties, errorNumber
        case errorCode, logonType, mailboxOwnerUPN, originatingServer, clientProcessName
        case targetUserOrGroupName, groupName, modifiedProperties, parameters, actor, teamName, members
    }

    /// Keep the raw record in `event.original`.
    public var keepOriginal: Bool
    private var values: [JSONValue?] = []
    private var writer = JSONWriter(capacity: 4096)

    /// A mapper; `keepOriginal` puts the raw record into `event.original`.
    public init(keepOriginal: Bool = false) { self.keepOriginal = keepOriginal }

    /// The event for `record`, or the reason it cannot be one.
    public mutating func map(_ record: JSONValue) -> Result<Event, RecordError> {
        var root = record
        guard root.kind == .object else { return .failure(RecordError("record is not a JSON object")) }
        // Graph auditLogRecord exports wrap the UAL record in `auditData`.
        if let inner = root["auditData"], inner.kind == .object, root["CreationTime"] == nil { root = inner }
        root.fetch(Self.fields, into: &values)
        func str(_ f: F) -> String? {
            guard let v = values[f.rawValue], v.kind != .null, v.kind != .object, v.kind != .array else { return nil }
            let s = M365SourceFields.text(v)
            return s.isEmpty ? nil : s
        }
        guard let timeValue = values[F.creationTime.rawValue] else {
            return .failure(RecordError("no CreationTime: not a unified audit record"))
        }
        guard let timeText = timeValue.stringBytes, !timeValue.hasEscapes, let time = Timestamp.parse(timeText) else {
            return .failure(RecordError("CreationTime \(String(decoding: timeValue.rawBytes, as: UTF8.self)) is not a date and time"))
        }
        let recordType = values[F.recordType.rawValue].flatMap { $0.int64 ?? $0.string.flatMap { Int64($0) } }.map { Int($0) }
        let workload = str(.workload)
        var e = Event(timestamp: time, dataset: M365RecordTypes.dataset(workload: workload, recordType: recordType))
        e.id = str(.id)
        e.action = str(.operation)
        e.provider = workload
        e.code = recordType.map(M365RecordTypes.name)
        let operation = e.action ?? ""
        let classified = M365Categories.classify(operation: operation, recordType: recordType, workload: workload)
        e.category = classified.category
        e.type = classified.type
        e.outcome = outcome(operation: operation, recordType: recordType, category: classified.category, str)

        if let userId = str(.userId) {
            e.user = UserFields.identifier(userId)
        }
        mapTarget(&e, recordType: recordType, str)
        if let group = str(.groupName) ?? str(.teamName) ?? modifiedProperty("Group.DisplayName") { e.groupName = group }

        for f in [F.clientIPAddress, .clientIP, .actorIpAddress] {
            guard let raw = str(f) else { continue }
            let address = ClientAddress.parse(raw)
            if e.sourceAddress == nil { e.sourceAddress = raw }
            if let ip = address.ip {
                e.sourceIP = ip
                e.sourcePort = address.port
                e.sourceAddress = raw
                break
            }
        }
        e.organizationID = str(.organizationId)?.lowercased()
        e.organizationName = str(.organizationName)
        if e.dataset == "m365.sharepoint", let object = str(.objectId), object.hasPrefix("http") { e.url = object }
        e.fileName = str(.sourceFileName)
        if e.fileName != nil {
            e.fileExtension = str(.sourceFileExtension)
            e.fileDirectory = str(.sourceRelativeUrl)
        }
        e.userAgent = str(.userAgent) ?? extendedProperty("UserAgent")
        e.processName = str(.clientProcessName)
        if let server = str(.originatingServer) {
            let name = server.split(separator: "(").first.map { $0.trimmingASCIIWhitespace() } ?? ""
            if !name.isEmpty { e.serverAddress = name }
        }
        e.relate(user: e.user.name ?? e.user.id)
        e.relate(user: e.target.name ?? e.target.id)
        e.relate(ip: e.sourceIP)

        writer.reset()
        M365SourceFields.write(root, to: &writer)
        e.namespace = ["o365", "audit"]
        e.sourceFields = writer.bytes
        if keepOriginal { e.original = String(decoding: record.rawBytes, as: UTF8.self) }
        return .success(e)
    }

    private func outcome(operation: String, recordType: Int?, category: [String], _ str: (F) -> String?) -> String? {
        if recordType == 15 || operation == "UserLoggedIn" || operation == "UserLoginFailed" {
            if operation == "UserLoginFailed" { return "failure" }
            for f in [F.errorNumber, .errorCode] {
                if let code = str(f), code != "0" { return "failure" }
            }
            return "success"
        }
        if let outcome = M365Categories.outcome(resultStatus: str(.resultStatus)) { return outcome }
        return category.contains("file") ? "success" : nil
    }

    /// The account acted upon: AAD target, a non-owner's mailbox, a permission cmdlet's Identity.
    private func mapTarget(_ e: inout Event, recordType: Int?, _ str: (F) -> String?) {
        if recordType == 8, let object = str(.objectId) {
            e.target = UserFields.identifier(object)
        } else if let owner = str(.mailboxOwnerUPN), let logon = values[F.logonType.rawValue]?.int64, logon != 0 {
            e.target = UserFields.identifier(owner)
        } else if recordType == 1, let identity = parameter("Identity") ?? str(.objectId),
                  UserFields.identifier(identity).email != nil {
            // An admin cmdlet run on a mailbox or account names it in Identity (or ObjectId).
            e.target = UserFields.identifier(identity)
        } else if recordType == 14, let target = str(.targetUserOrGroupName) {
            e.target = UserFields.identifier(target)
        } else if let members = values[F.members.rawValue], members.kind == .array, members.count == 1,
                  let upn = members[0]?["UPN"]?.string {
            // Teams membership changes name the member acted upon (one per record, or a list).
            e.target = UserFields.identifier(upn)
            e.target.fullName = members[0]?["DisplayName"]?.string
        }
    }

    /// The Value of `name` in a name/value list member (array form, as the API sends it).
    private func listValue(_ field: F, _ name: String, value key: String = "Value") -> String? {
        guard let list = values[field.rawValue], list.kind == .array else { return nil }
        for item in list.elements where item["Name"]?.string == name {
            return item[key].map(M365SourceFields.text)
        }
        return nil
    }

    private func extendedProperty(_ name: String) -> String? { listValue(.extendedProperties, name) }
    private func parameter(_ name: String) -> String? { listValue(.parameters, name) }
    private func modifiedProperty(_ name: String) -> String? {
        listValue(.modifiedProperties, name, value: "NewValue").flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Why a record could not become an event.
public struct RecordError: Error, Sendable, CustomStringConvertible {
    /// One line for a human.
    public var reason: String

    /// An error with `reason`.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
