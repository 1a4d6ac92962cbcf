/// What an auth message says (linux-syslog.md §5): the verb, categories, outcome and who.
struct AuthFacts {
    var action: String
    var category: [String]
    var type: [String]
    var outcome: String?
    var user: String?
    var effectiveUser: String?
    var targetUser: String?
    var groupName: String?
    var groupID: String?
    var sourceIP: String?
    var sourcePort: Int?
    var commandLine: String?
    var method: String?
}

/// Reads sshd, sudo, su, pam_unix, shadow-utils, systemd-logind and cron messages. Plain string
/// scanning, no regular expressions; an unknown message gives nil and stays a plain event.
enum AuthMessages {
    static let authPrograms: Set<String> = [
        "sshd", "sshd-session", "sudo", "su", "useradd", "groupadd", "userdel", "usermod", "groupdel", "passwd",
        "chpasswd", "chage", "gpasswd", "systemd-logind", "CRON", "CROND", "crond", "login", "runuser", "polkitd", "unix_chkpwd",
    ]

    static func parse(program: String?, message: String) -> AuthFacts? {
        let m = Substring(message)
        if m.hasPrefix("pam_unix(") { return pamUnix(m) }
        switch program {
        case "sshd", "sshd-session": return sshd(m)
        case "sudo": return sudo(m)
        case "su", "runuser": return su(m)
        case "systemd-logind": return logind(m)
        case "CRON", "CROND", "crond": return cron(m)
        case "useradd", "groupadd", "userdel", "usermod", "groupdel", "passwd", "chpasswd", "chage", "gpasswd": return shadow(m)
        default: return nil
        }
    }

    // MARK: - Helpers

    /// The text after `marker`, up to `end` (or the end).
    static func after(_ marker: String, in m: Substring, until end: String? = nil) -> Substring? {
        guard let r = m.range(of: marker) else { return nil }
        var rest = m[r.upperBound...]
        if let end, let e = rest.range(of: end) { rest = rest[..<e.lowerBound] }
        return rest
    }

    /// `<who> from <ip> port <n>` / `<who> <ip> port <n>`: ip and port after a user.
    static func addressAndPort(_ text: Substring) -> (ip: String?, port: Int?) {
        let words = text.split(separator: " ")
        guard let portIndex = words.firstIndex(of: "port"), portIndex > 0 else { return (words.last.map(String.init), nil) }
        let port = portIndex + 1 < words.count ? Int(words[portIndex + 1].prefix { $0.isNumber }) : nil
        return (String(words[portIndex - 1]), port)
    }

    // MARK: - Programs

    static func sshd(_ m: Substring) -> AuthFacts? {
        var f = AuthFacts(action: "", category: ["authentication"], type: ["info"])
        for verb in ["Accepted ", "Failed ", "Partial ", "Postponed "] where m.hasPrefix(verb) {
            let rest = m.dropFirst(verb.count)
            guard let forRange = rest.range(of: " for ") else { return nil }
            f.method = String(rest[..<forRange.lowerBound])
            var who = rest[forRange.upperBound...]
            if who.hasPrefix("invalid user ") { who = who.dropFirst("invalid user ".count) }
            guard let fromRange = who.range(of: " from ", backwards: true) else { return nil }
            f.user = String(who[..<fromRange.lowerBound])
            (f.sourceIP, f.sourcePort) = addressAndPort(who[fromRange.upperBound...])
            f.action = "ssh_login"
            f.type = ["start"]
            f.category = ["authentication", "session"]
            f.outcome = verb == "Accepted " ? "success" : "failure"
            return f
        }
        if m.hasPrefix("Invalid user ") {
            let rest = m.dropFirst("Invalid user ".count)
            guard let fromRange = rest.range(of: " from ", backwards: true) else { return nil }
            f.user = String(rest[..<fromRange.lowerBound])
            (f.sourceIP, f.sourcePort) = addressAndPort(rest[fromRange.upperBound...])
            f.action = "invalid_user"
            f.outcome = "failure"
            return f
        }
        if let rest = after("Did not receive identification string from ", in: m) {
            let words = rest.split(separator: " ")
            f.sourceIP = words.first.map(String.init)
            if words.count >= 3, words[1] == "port" { f.sourcePort = Int(words[2]) }
            f.action = "no_identification_string"
            f.category = ["network"]
            f.type = ["connection"]
            return f
        }
        if m.hasPrefix("error: PAM: "), let rest = after(" for ", in: m) {
            var who = rest
            for q in ["illegal user ", "invalid user "] where who.hasPrefix(q) { who = who.dropFirst(q.count) }
            guard let fromRange = who.range(of: " from ") else { return nil }
            f.user = String(who[..<fromRange.lowerBound])
            f.sourceIP = String(who[fromRange.upperBound...].prefix { $0 != " " })
            f.action = "pam_error"
            f.outcome = "failure"
            return f
        }
        if let rest = after("maximum authentication attempts exceeded for ", in: m) {
            var who = rest
            if who.hasPrefix("invalid user ") { who = who.dropFirst("invalid user ".count) }
            guard let fromRange = who.range(of: " from ") else { return nil }
            f.user = String(who[..<fromRange.lowerBound])
            (f.sourceIP, f.sourcePort) = addressAndPort(who[fromRange.upperBound...])
            f.action = "max_auth_attempts_exceeded"
            f.outcome = "failure"
            return f
        }
        for (prefix, action) in [("Connection closed by ", "connection_closed"), ("Disconnected from ", "disconnected"),
                                 ("Connection reset by ", "connection_reset"), ("Received disconnect from ", "received_disconnect")]
        where m.hasPrefix(prefix) {
            var rest = m.dropFirst(prefix.count)
            for qualifier in ["authenticating user ", "invalid user ", "user "] where rest.hasPrefix(qualifier) {
                rest = rest.dropFirst(qualifier.count)
                if let space = rest.firstIndex(of: " ") {
                    f.user = String(rest[..<space])
                    rest = rest[rest.index(after: space)...]
                }
                break
            }
            let words = rest.split(separator: " ")
            f.sourceIP = words.first.map { String($0.split(separator: ":").first ?? $0) }
            if words.count >= 3, words[1] == "port" { f.sourcePort = Int(words[2].prefix { $0.isNumber }) }
            f.action = action
            f.category = ["network"]
            f.type = ["end", "connection"]
            return f
        }
        return nil
    }

    static func sudo(_ m: Substring) -> AuthFacts? {
        let parts = m.split(separator: " ; ").map { $0.trimmingASCIIWhitespace() }
        guard let head = parts.first, let colon = head.range(of: " : ") else { return nil }
        var f = AuthFacts(action: "sudo_command", category: ["process"], type: ["start"], outcome: "success")
        f.user = String(head[..<colon.lowerBound])
        let reason = head[colon.upperBound...]
        var fields: [String: String] = [:]
        for part in ([String(reason)] + parts.dropFirst()) {
            if let eq = part.firstIndex(of: "="), part[..<eq].allSatisfy({ $0.isUppercase }) {
                fields[String(part[..<eq])] = String(part[part.index(after: eq)...])
            }
        }
        f.effectiveUser = fields["USER"]
        f.commandLine = fields["COMMAND"]
        if reason.has("incorrect password attempt") {
            f.action = "sudo_failed_password"
            f.category = ["authentication"]
            f.type = ["info"]
            f.outcome = "failure"
        } else if reason.has("NOT in sudoers") || reason.has("not allowed") || reason.has("command not allowed") {
            f.action = "sudo_denied"
            f.category = ["authentication"]
            f.type = ["denied"]
            f.outcome = "failure"
        } else if !reason.hasPrefix("TTY=") && !reason.hasPrefix("PWD=") {
            f.action = "sudo_error"
            f.outcome = "failure"
        }
        return f
    }

    static func su(_ m: Substring) -> AuthFacts? {
        var rest = m
        let failed = rest.hasPrefix("FAILED SU ") || rest.hasPrefix("FAILED RUNUSER ")
        if failed { rest = rest.drop { $0 != "(" } }
        guard rest.hasPrefix("(to "), let close = rest.firstIndex(of: ")") else { return nil }
        var f = AuthFacts(action: "su", category: ["authentication", "session"], type: ["start"], outcome: failed ? "failure" : "success")
        f.effectiveUser = String(rest[rest.index(rest.startIndex, offsetBy: 4)..<close])
        let after = rest[rest.index(after: close)...].trimmingASCIIWhitespace()
        f.user = after.split(separator: " ").first.map(String.init)
        return f
    }

    static func pamUnix(_ m: Substring) -> AuthFacts? {
        guard let close = m.range(of: "): ") else { return nil }
        let body = m[close.upperBound...]
        func name(_ s: Substring) -> String { String(s.prefix { $0 != "(" && $0 != " " }) }
        if let rest = after("session opened for user ", in: body) {
            var f = AuthFacts(action: "session_opened", category: ["session"], type: ["start"], outcome: "success")
            f.user = name(rest)
            if let by = after(" by ", in: rest) { let who = name(by); if !who.isEmpty { f.effectiveUser = f.user; f.user = who } }
            return f
        }
        if let rest = after("session closed for user ", in: body) {
            var f = AuthFacts(action: "session_closed", category: ["session"], type: ["end"], outcome: "success")
            f.user = name(rest)
            return f
        }
        if body.hasPrefix("authentication failure;") {
            var f = AuthFacts(action: "authentication_failure", category: ["authentication"], type: ["info"], outcome: "failure")
            for pair in body.split(separator: " ") where pair.contains("=") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let value = kv.count == 2 ? String(kv[1]) : ""
                switch kv[0] {
                case "user" where !value.isEmpty: f.effectiveUser = value
                case "ruser" where !value.isEmpty: f.user = value
                case "rhost" where !value.isEmpty: f.sourceIP = value
                default: break
                }
            }
            // The requesting user (ruser) acts; the account being authenticated is the effective one.
            if f.user == nil { f.user = f.effectiveUser; f.effectiveUser = nil }
            return f
        }
        if body.hasPrefix("check pass; user unknown") {
            return AuthFacts(action: "user_unknown", category: ["authentication"], type: ["info"], outcome: "failure")
        }
        if let rest = after("password changed for ", in: body) {
            var f = AuthFacts(action: "password_changed", category: ["iam"], type: ["user", "change"], outcome: "success")
            f.targetUser = String(rest.prefix { $0 != " " })
            return f
        }
        return nil
    }

    static func logind(_ m: Substring) -> AuthFacts? {
        if m.hasPrefix("New session "), let rest = after(" of user ", in: m) {
            var f = AuthFacts(action: "new_session", category: ["session"], type: ["start"], outcome: "success")
            let name = rest.hasPrefix("'") ? rest.dropFirst() : rest
            f.user = String(name.prefix { $0 != "'" && $0 != "." && $0 != " " })
            return f
        }
        if m.hasPrefix("Removed session ") {
            return AuthFacts(action: "removed_session", category: ["session"], type: ["end"], outcome: "success")
        }
        if m.hasPrefix("Session "), m.has(" logged out") {
            return AuthFacts(action: "session_logged_out", category: ["session"], type: ["end"], outcome: "success")
        }
        return nil
    }

    static func cron(_ m: Substring) -> AuthFacts? {
        guard m.hasPrefix("("), let close = m.firstIndex(of: ")"), let cmd = after(") CMD (", in: m) else { return nil }
        var f = AuthFacts(action: "cron_command", category: ["process"], type: ["start"], outcome: "success")
        f.user = String(m[m.index(after: m.startIndex)..<close])
        f.commandLine = String(cmd.hasSuffix(")") ? cmd.dropLast() : cmd)
        return f
    }

    /// shadow-utils; names are quoted with '' (older releases with `' ).
    static func shadow(_ m: Substring) -> AuthFacts? {
        func quoted(_ s: Substring) -> [String] {
            var out: [String] = []
            var current: String?
            for c in s {
                if c == "'" || c == "`" {
                    if let value = current { out.append(value); current = nil } else { current = "" }
                } else if current != nil {
                    current!.append(c)
                }
            }
            return out
        }
        func field(_ key: String) -> String? {
            after(key + "=", in: m).map { String($0.prefix { $0 != "," && $0 != " " }) }
        }
        if m.hasPrefix("new user:") {
            var f = AuthFacts(action: "user_created", category: ["iam"], type: ["user", "creation"], outcome: "success")
            f.targetUser = field("name")
            return f
        }
        if m.hasPrefix("new group:") || m.hasPrefix("group added to /etc/group:") {
            var f = AuthFacts(action: "group_created", category: ["iam"], type: ["group", "creation"], outcome: "success")
            f.groupName = field("name")
            f.groupID = field("GID")
            return f
        }
        let names = quoted(m)
        if m.hasPrefix("delete user ") {
            var f = AuthFacts(action: "user_deleted", category: ["iam"], type: ["user", "deletion"], outcome: "success")
            f.targetUser = names.first
            return f
        }
        if m.hasPrefix("add ") && m.has(" to group ") || m.hasPrefix("add ") && m.has(" to shadow group ") {
            var f = AuthFacts(action: "user_added_to_group", category: ["iam"], type: ["group", "change"], outcome: "success")
            f.targetUser = names.first
            f.groupName = names.count > 1 ? names[1] : nil
            return f
        }
        if m.hasPrefix("delete ") && m.has(" from group ") {
            var f = AuthFacts(action: "user_removed_from_group", category: ["iam"], type: ["group", "change"], outcome: "success")
            f.targetUser = names.first
            f.groupName = names.count > 1 ? names[1] : nil
            return f
        }
        if m.hasPrefix("group ") && m.has(" removed") {
            var f = AuthFacts(action: "group_deleted", category: ["iam"], type: ["group", "deletion"], outcome: "success")
            f.groupName = names.first
            return f
        }
        if m.hasPrefix("change user ") || m.hasPrefix("lock user ") || m.hasPrefix("unlock user ") {
            var f = AuthFacts(action: "user_changed", category: ["iam"], type: ["user", "change"], outcome: "success")
            f.targetUser = names.first
            return f
        }
        if m.hasPrefix("password for "), let by = after(" changed by ", in: m) {
            var f = AuthFacts(action: "password_changed", category: ["iam"], type: ["user", "change"], outcome: "success")
            f.targetUser = names.first
            f.user = quoted(by).first
            return f
        }
        if m.hasPrefix("changed password expiry for ") {
            var f = AuthFacts(action: "password_expiry_changed", category: ["iam"], type: ["user", "change"], outcome: "success")
            f.targetUser = String(m.dropFirst("changed password expiry for ".count))
            return f
        }
        if m.hasPrefix("user "), let by = after(" added by ", in: m) {
            var f = AuthFacts(action: "user_added_to_group", category: ["iam"], type: ["group", "change"], outcome: "success")
            f.targetUser = String(m.dropFirst(5).prefix { $0 != " " })
            f.user = String(by.prefix { $0 != " " })
            f.groupName = after(" to group ", in: m).map(String.init)
            return f
        }
        return nil
    }
}
