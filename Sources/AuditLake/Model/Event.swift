/// Identity fields of one account (ECS `user.*`, `user.target.*`).
public struct UserFields: Equatable, Sendable {
    /// `user.id`: the source's identifier (UPN, GUID, SID, ...).
    public var id: String?
    /// `user.name`: the account name (the local part of a UPN).
    public var name: String?
    /// `user.domain`: the domain of a UPN or `DOMAIN\name`.
    public var domain: String?
    /// `user.email`: the UPN when it is one.
    public var email: String?
    /// `user.full_name`: a display name.
    public var fullName: String?

    /// An empty set of fields.
    public init(id: String? = nil, name: String? = nil, domain: String? = nil, email: String? = nil, fullName: String? = nil) {
        self.id = id
        self.name = name
        self.domain = domain
        self.email = email
        self.fullName = fullName
    }

    /// Unsets every field, touching only those that are set.
    public mutating func clear() {
        Event.clear(&id); Event.clear(&name); Event.clear(&domain); Event.clear(&email); Event.clear(&fullName)
    }

    /// True when no field is set.
    public var isEmpty: Bool { id == nil && name == nil && domain == nil && email == nil && fullName == nil }

    /// Fields for an identifier that may be a UPN: name and domain split only for `local@domain`.
    public static func identifier(_ raw: String) -> UserFields {
        var fields = UserFields(id: raw)
        var at = -1, index = 0
        for c in raw.utf8 {
            switch c {
            case UInt8(ascii: "@"):
                if at >= 0 { return fields }
                at = index
            case UInt8(ascii: " "), UInt8(ascii: "\\"):
                return fields
            default:
                break
            }
            index += 1
        }
        let bytes = raw.utf8
        guard at > 0, at < bytes.count - 1 else { return fields }
        let domain = bytes.dropFirst(at + 1)
        guard domain.contains(UInt8(ascii: ".")), domain.first != UInt8(ascii: "."), domain.last != UInt8(ascii: ".") else {
            return fields
        }
        fields.name = String(decoding: bytes.prefix(at), as: UTF8.self)
        fields.domain = String(decoding: domain, as: UTF8.self)
        fields.email = raw
        return fields
    }
}

/// One normalized event: the common schema (ECS-aligned) in Swift.
///
/// Source-specific fields the schema has no place for travel as ready JSON text in
/// `sourceFields`, written under `namespace` (e.g. `o365.audit`).
public struct Event: Sendable {
    /// `@timestamp`: when the event happened (UTC).
    public var timestamp: Timestamp
    /// `event.dataset`: the partition key, e.g. `m365.exchange`.
    public var dataset: String
    /// `event.kind`.
    public var kind = "event"
    /// `event.category`.
    public var category: [String] = []
    /// `event.type`.
    public var type: [String] = []
    /// `event.action`: the source's verb.
    public var action: String?
    /// `event.outcome`: success, failure or unknown.
    public var outcome: String?
    /// `event.code`: the source's numeric or enum id.
    public var code: String?
    /// `event.provider`: the producing service.
    public var provider: String?
    /// `event.id`: the source's record id.
    public var id: String?
    /// `event.original`: the raw record, only with `--keep-original`.
    public var original: String?
    /// `user.*`: the acting account.
    public var user = UserFields()
    /// `user.target.*`: the account acted upon.
    public var target = UserFields()
    /// `group.name`.
    public var groupName: String?
    /// `group.id`.
    public var groupID: String?
    /// `source.ip`: set only to a valid address.
    public var sourceIP: IPAddress?
    /// `source.port`.
    public var sourcePort: Int?
    /// `source.address`: the raw client address text.
    public var sourceAddress: String?
    /// `host.name`.
    public var hostName: String?
    /// `host.hostname`.
    public var hostHostname: String?
    /// `server.address`.
    public var serverAddress: String?
    /// `organization.id`.
    public var organizationID: String?
    /// `organization.name`.
    public var organizationName: String?
    /// `url.original`.
    public var url: String?
    /// `file.directory`.
    public var fileDirectory: String?
    /// `file.name`.
    public var fileName: String?
    /// `file.extension`.
    public var fileExtension: String?
    /// `process.name`.
    public var processName: String?
    /// `process.pid`.
    public var processPID: Int?
    /// `process.executable`.
    public var processExecutable: String?
    /// `process.command_line`.
    public var processCommandLine: String?
    /// `process.parent.pid`.
    public var parentPID: Int?
    /// `process.parent.executable`.
    public var parentExecutable: String?
    /// `user.effective.*`: the identity assumed (runas, new process token).
    public var effective = UserFields()
    /// `service.name`.
    public var serviceName: String?
    /// `file.path`.
    public var filePath: String?
    /// What makes two records the same one for deduplication (default: `id`).
    public var dedupeKey: String?
    /// `user_agent.original`.
    public var userAgent: String?
    /// `message`.
    public var message: String?
    /// `related.user`.
    public var relatedUsers: [String] = []
    /// `related.ip`.
    public var relatedIPs: [String] = []
    /// `log.file.path`: the input the record came from.
    public var logPath = ""
    /// `log.offset`: byte offset of the record in the (decompressed) input.
    public var logOffset = 0
    /// `log.line`: 1-based line of the record's start (auditlake extension).
    public var logLine = 0
    /// Where `sourceFields` go, e.g. `["o365", "audit"]`.
    public var namespace: [String] = []
    /// A JSON object with every source field (see the mapper for its typing rules).
    public var sourceFields: [UInt8] = []

    /// An event at `timestamp` in `dataset`.
    public init(timestamp: Timestamp, dataset: String) {
        self.timestamp = timestamp
        self.dataset = dataset
    }

    /// Makes this a new event at `timestamp` in `dataset` with every other field unset, keeping
    /// the storage of its lists (for a mapper that maps line after line into one event). Only
    /// fields that are set are touched: most of an event's fields are nil for most sources.
    /// Every stored property must appear here (a test counts them).
    public mutating func recycle(timestamp: Timestamp, dataset: String) {
        self.timestamp = timestamp
        self.dataset = dataset
        if kind != "event" { kind = "event" }
        if !category.isEmpty { category = [] }
        if !type.isEmpty { type = [] }
        Event.clear(&action); Event.clear(&outcome); Event.clear(&code); Event.clear(&provider); Event.clear(&id); Event.clear(&original)
        user.clear(); target.clear(); effective.clear()
        Event.clear(&groupName); Event.clear(&groupID); Event.clear(&sourceIP); Event.clear(&sourcePort); Event.clear(&sourceAddress)
        Event.clear(&hostName); Event.clear(&hostHostname); Event.clear(&serverAddress); Event.clear(&organizationID); Event.clear(&organizationName)
        Event.clear(&url); Event.clear(&fileDirectory); Event.clear(&fileName); Event.clear(&fileExtension)
        Event.clear(&processName); Event.clear(&processPID); Event.clear(&processExecutable); Event.clear(&processCommandLine)
        Event.clear(&parentPID); Event.clear(&parentExecutable); Event.clear(&serviceName); Event.clear(&filePath); Event.clear(&dedupeKey)
        Event.clear(&userAgent); Event.clear(&message)
        if !relatedUsers.isEmpty { relatedUsers.removeAll(keepingCapacity: true) }
        if !relatedIPs.isEmpty { relatedIPs.removeAll(keepingCapacity: true) }
        if !logPath.isEmpty { logPath = "" }
        logOffset = 0
        logLine = 0
        if !namespace.isEmpty { namespace = [] }
        if !sourceFields.isEmpty { sourceFields.removeAll(keepingCapacity: true) }
    }

    /// Adds a user to `related.user` once.
    public mutating func relate(user: String?) {
        guard let user, !user.isEmpty, !relatedUsers.contains(user) else { return }
        relatedUsers.append(user)
    }

    /// Adds an address to `related.ip` once.
    public mutating func relate(ip: IPAddress?) {
        guard let ip else { return }
        let text = ip.description
        if !relatedIPs.contains(text) { relatedIPs.append(text) }
    }
}

extension Event {
    /// Sets `field` to nil unless it already is (a nil field is not written: no release call).
    @inline(__always)
    static func clear<T>(_ field: inout T?) {
        if field != nil { field = nil }
    }
}

extension StringProtocol {
    /// Substring test on UTF-8 bytes (Foundation's `contains` is far slower on Linux); no copy
    /// of either string when both are stored contiguously, as native strings are.
    func has(_ needle: String) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { hay in
            needle.utf8.withContiguousStorageIfAvailable { hasRun(hay, $0) }
        }
        if let found, let found { return found }
        let hay = Array(utf8), bytes = Array(needle.utf8)
        return hay.withUnsafeBufferPointer { h in bytes.withUnsafeBufferPointer { hasRun(h, $0) } }
    }
}

/// True when `needle` occurs in `hay` as a contiguous run of bytes.
private func hasRun(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = needle.count
    guard n > 0 else { return true }
    guard hay.count >= n else { return false }
    var start = 0
    while start <= hay.count - n {
        if hay[start] == needle[0] {
            var k = 1
            while k < n && hay[start + k] == needle[k] { k += 1 }
            if k == n { return true }
        }
        start += 1
    }
    return false
}
