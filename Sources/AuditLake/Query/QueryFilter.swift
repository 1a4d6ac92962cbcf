/// A value bound to an SQL parameter.
public enum SQLValue: Equatable, Sendable {
    /// An integer.
    case integer(Int64)
    /// Text.
    case text(String)
    /// Bytes.
    case blob([UInt8])
}

/// A user mistake in a query: one line naming the problem (exit status 2).
public struct QueryError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// The filters of `auditlake query`, combined with AND, as SQL over the index.
public struct QueryFilter: Sendable {
    /// Earliest time, inclusive.
    public var since: Timestamp?
    /// Latest time, exclusive.
    public var until: Timestamp?
    /// `event.dataset`, exact (any of them).
    public var datasets: [String] = []
    /// `event.action`: exact, or a glob with `*`.
    public var action: String?
    /// user.name, user.id or user.email, case-insensitive.
    public var user: String?
    /// As `user`, or the account acted on or logged on (user.target.name, .id or .email): every
    /// event an account took part in, a Windows logon's included (whose acting account is
    /// often the machine, `HOST$`).
    public var relatedUser: String?
    /// `source.ip`: an address or a CIDR range.
    public var ip: IPRange?
    /// `host.name`, exact.
    public var host: String?
    /// `event.outcome`, exact.
    public var outcome: String?
    /// One of the event's categories.
    public var category: String?
    /// `event.code`, exact.
    public var code: String?
    /// An SQL boolean expression over the index columns.
    public var whereSQL: String?

    /// No filter: every event.
    public init() {}

    /// The WHERE clause (without the keyword; `1` when there is no filter) and its bindings.
    public func sql() -> (clause: String, bindings: [SQLValue]) {
        var terms: [String] = []
        var bindings: [SQLValue] = []
        // A user or an address picks far fewer events than a day does: keep SQLite on their
        // index (`+time` is not indexable) instead of scanning the day on the time index.
        let time = user != nil || relatedUser != nil || ip != nil ? "+time" : "time"
        if let since {
            terms.append("\(time) >= ?")
            bindings.append(.integer(since.microseconds))
        }
        if let until {
            terms.append("\(time) < ?")
            bindings.append(.integer(until.microseconds))
        }
        if !datasets.isEmpty {
            terms.append("dataset IN (" + datasets.map { _ in "?" }.joined(separator: ", ") + ")")
            bindings += datasets.map { .text($0) }
        }
        if let action {
            if action.contains("*") {
                terms.append("action GLOB ?")
                bindings.append(.text(globPattern(action)))
            } else {
                terms.append("action = ?")
                bindings.append(.text(action))
            }
        }
        // The UPN or id, or NAME@anything (the account name of a UPN): one range of the user
        // index, [NAME, NAME + 'A'), then exactly NAME or NAME followed by '@'; or the account
        // name or id in their own columns (syslog and Windows accounts have no UPN). Each term
        // has its index, so SQLite reads a few small ranges.
        func account(_ column: String, _ name: String, _ key: String) -> (String, [SQLValue]) {
            ("(\(column) >= ? AND \(column) < ? AND (\(column) = ? OR substr(\(column), ?, 1) = '@')) OR \(name) = ?",
             [.text(key), .text(key + "A"), .text(key), .integer(Int64(key.unicodeScalars.count + 1)), .text(key)])
        }
        if let user {
            let key = user.lowercased()
            let (term, values) = account("user", "user_name", key)
            terms.append("(\(term) OR user_id = ?)")
            bindings += values + [.text(key)]
        }
        if let relatedUser {
            let key = relatedUser.lowercased()
            let (acting, actingValues) = account("user", "user_name", key)
            let (target, targetValues) = account("target_user", "target_user_name", key)
            terms.append("(\(acting) OR user_id = ? OR \(target))")
            bindings += actingValues + [.text(key)] + targetValues
        }
        if let ip {
            terms.append("source_ip_key BETWEEN ? AND ?")
            bindings += [.blob(ip.low), .blob(ip.high)]
        }
        for (column, value) in [("host", host), ("outcome", outcome), ("code", code)] {
            if let value {
                terms.append("\(column) = ?")
                bindings.append(.text(value))
            }
        }
        if let category {
            terms.append("(',' || category || ',') LIKE ?")
            bindings.append(.text("%," + category + ",%"))
        }
        if let whereSQL { terms.append("(" + whereSQL + ")") }
        return (terms.isEmpty ? "1" : terms.joined(separator: " AND "), bindings)
    }

    /// `*` stays a wildcard; GLOB's other special characters are matched literally.
    private func globPattern(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "?": out += "[?]"
            case "[": out += "[[]"
            default: out.append(c)
            }
        }
        return out
    }
}

/// An inclusive range of addresses as 16-byte keys (see `IPAddress.key`).
public struct IPRange: Equatable, Sendable {
    /// The first address's key.
    public var low: [UInt8]
    /// The last address's key.
    public var high: [UInt8]

    /// Parses `1.2.3.4`, `10.0.0.0/8`, `2001:db8::/32`; nil when it is neither.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else { return nil }
        let width = address.isIPv4 ? 32 : 128
        var prefix = width
        if parts.count == 2 {
            guard let p = Int(parts[1]), p >= 0, p <= width, parts[1].allSatisfy(\.isASCII) else { return nil }
            prefix = p
        }
        let key = address.key
        let bits = (address.isIPv4 ? 96 : 0) + prefix
        var low = key, high = key
        for bit in bits..<128 {
            let byte = bit / 8, mask = UInt8(0x80) >> (bit % 8)
            low[byte] &= ~mask
            high[byte] |= mask
        }
        self.low = low
        self.high = high
    }
}

/// `--since`/`--until` values: an RFC 3339 date (midnight UTC) or time, or `N` + s/m/h/d/w ago.
public enum TimeBound {
    /// The instant `text` names, relative ones counted back from `now`.
    public static func parse(_ text: String, now: Timestamp) -> Timestamp? {
        if let t = Timestamp.parse(text) { return t }
        if text.utf8.count == 10, let t = Timestamp.parse(text + "T00:00:00Z") { return t }
        guard let unit = text.last, let n = Int64(text.dropLast()), n >= 0 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86400
        case "w": seconds = 604_800
        default: return nil
        }
        let (product, overflow) = (n * seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? nil : Timestamp(nanoseconds: now.nanoseconds - product)
    }
}
