/// What an auth message says (linux-syslog.md §5): the verb, categories, outcome, and where in
/// the message the accounts, address and command are (indices of the message's bytes).
struct AuthFacts {
    var action: String
    var category: [String]
    var type: [String]
    var outcome: String?
    var user: Range<Int>?
    var effectiveUser: Range<Int>?
    var targetUser: Range<Int>?
    var groupName: Range<Int>?
    var groupID: Range<Int>?
    var sourceIP: Range<Int>?
    var sourcePort: Int?
    var commandLine: Range<Int>?
    var method: Range<Int>?
}

/// Category and type lists, shared so that no event allocates its own.
enum ECSLists {
    static let authentication = ["authentication"], authenticationSession = ["authentication", "session"]
    static let session = ["session"], network = ["network"], process = ["process"], iam = ["iam"]
    static let info = ["info"], start = ["start"], end = ["end"], denied = ["denied"], connection = ["connection"]
    static let endConnection = ["end", "connection"]
    static let userCreation = ["user", "creation"], userDeletion = ["user", "deletion"], userChange = ["user", "change"]
    static let groupCreation = ["group", "creation"], groupDeletion = ["group", "deletion"], groupChange = ["group", "change"]
}

/// The programs whose messages are authentication or account events.
enum AuthProgram {
    case sshd, sudo, su, logind, cron, shadow, other

    private static let names: [(StaticString, AuthProgram)] = [
        ("sshd", .sshd), ("sshd-session", .sshd), ("sudo", .sudo), ("su", .su), ("runuser", .su),
        ("systemd-logind", .logind), ("CRON", .cron), ("CROND", .cron), ("crond", .cron),
        ("useradd", .shadow), ("groupadd", .shadow), ("userdel", .shadow), ("usermod", .shadow), ("groupdel", .shadow),
        ("passwd", .shadow), ("chpasswd", .shadow), ("chage", .shadow), ("gpasswd", .shadow),
        ("login", .other), ("polkitd", .other), ("unix_chkpwd", .other),
    ]

    /// The kind of program `name` is; nil for a program that is not about authentication.
    static func of(_ name: ArraySlice<UInt8>) -> AuthProgram? {
        let m = MessageText(bytes: name)
        for (candidate, kind) in names where m.equals(m.start..<m.end, candidate) { return kind }
        return nil
    }
}

/// Reads sshd, sudo, su, pam_unix, shadow-utils, systemd-logind and cron messages on bytes (no
/// regular expressions, no strings); an unknown message gives nil and stays a plain event.
enum AuthMessages {
    static func parse(program: AuthProgram?, message: ArraySlice<UInt8>) -> AuthFacts? {
        let m = MessageText(bytes: message)
        if m.hasPrefix("pam_unix(") { return pamUnix(m) }
        switch program {
        case .sshd: return sshd(m)
        case .sudo: return sudo(m)
        case .su: return su(m)
        case .logind: return logind(m)
        case .cron: return cron(m)
        case .shadow: return shadow(m)
        case .other, nil: return nil
        }
    }

    /// `<ip> port <n> ...` after a user: the word before the first `port`, and the number after it;
    /// without a `port` word the last word is the address.
    static func addressAndPort(_ m: MessageText, _ range: Range<Int>) -> (ip: Range<Int>?, port: Int?) {
        var previous: Range<Int>?, last: Range<Int>?
        var i = range.lowerBound
        var sawPortFirst = false
        while let w = m.word(from: i, to: range.upperBound) {
            if !sawPortFirst, m.equals(w, "port") {
                guard let ip = previous else { sawPortFirst = true; last = w; i = w.upperBound; continue }
                let port = m.word(from: w.upperBound, to: range.upperBound).flatMap(m.leadingNumber)
                return (ip, port)
            }
            previous = w
            last = w
            i = w.upperBound
        }
        return (last, nil)
    }

    // MARK: - Programs

    static let loginVerbs: [(StaticString, Bool)] = [("Accepted ", true), ("Failed ", false), ("Partial ", false), ("Postponed ", false)]
    static let closings: [(StaticString, String)] = [
        ("Connection closed by ", "connection_closed"), ("Disconnected from ", "disconnected"),
        ("Connection reset by ", "connection_reset"), ("Received disconnect from ", "received_disconnect"),
    ]
    static let closingQualifiers: [StaticString] = ["authenticating user ", "invalid user ", "user "]

    static func sshd(_ m: MessageText) -> AuthFacts? {
        var f = AuthFacts(action: "", category: ECSLists.authentication, type: ECSLists.info)
        for (verb, accepted) in AuthMessages.loginVerbs where m.hasPrefix(verb) {
            let rest = m.start + verb.utf8CodeUnitCount
            guard let forAt = m.find(" for ", in: rest..<m.end) else { return nil }
            f.method = rest..<forAt
            var who = forAt + 5
            if m.has("invalid user ", at: who) { who += 13 }
            guard let from = m.findLast(" from ", in: who..<m.end) else { return nil }
            f.user = who..<from
            (f.sourceIP, f.sourcePort) = addressAndPort(m, (from + 6)..<m.end)
            f.action = "ssh_login"
            f.type = ECSLists.start
            f.category = ECSLists.authenticationSession
            f.outcome = accepted ? "success" : "failure"
            return f
        }
        if m.hasPrefix("Invalid user ") {
            let rest = m.start + 13
            guard let from = m.findLast(" from ", in: rest..<m.end) else { return nil }
            f.user = rest..<from
            (f.sourceIP, f.sourcePort) = addressAndPort(m, (from + 6)..<m.end)
            f.action = "invalid_user"
            f.outcome = "failure"
            return f
        }
        if let rest = m.after("Did not receive identification string from ") {
            let ip = m.word(from: rest.lowerBound, to: rest.upperBound)
            f.sourceIP = ip
            if let ip, let port = m.word(from: ip.upperBound, to: rest.upperBound), m.equals(port, "port"),
               let n = m.word(from: port.upperBound, to: rest.upperBound) {
                f.sourcePort = m.number(n)
            }
            f.action = "no_identification_string"
            f.category = ECSLists.network
            f.type = ECSLists.connection
            return f
        }
        if m.hasPrefix("error: PAM: "), var who = m.after(" for ") {
            if m.has("illegal user ", at: who.lowerBound) { who = (who.lowerBound + 13)..<who.upperBound }
            if m.has("invalid user ", at: who.lowerBound) { who = (who.lowerBound + 13)..<who.upperBound }
            guard let from = m.find(" from ", in: who) else { return nil }
            f.user = who.lowerBound..<from
            f.sourceIP = m.prefix((from + 6)..<who.upperBound, until: 0x20)
            f.action = "pam_error"
            f.outcome = "failure"
            return f
        }
        if var who = m.after("maximum authentication attempts exceeded for ") {
            if m.has("invalid user ", at: who.lowerBound) { who = (who.lowerBound + 13)..<who.upperBound }
            guard let from = m.find(" from ", in: who) else { return nil }
            f.user = who.lowerBound..<from
            (f.sourceIP, f.sourcePort) = addressAndPort(m, (from + 6)..<m.end)
            f.action = "max_auth_attempts_exceeded"
            f.outcome = "failure"
            return f
        }
        for (prefix, action) in AuthMessages.closings where m.hasPrefix(prefix) {
            var rest = (m.start + prefix.utf8CodeUnitCount)..<m.end
            for qualifier in AuthMessages.closingQualifiers where m.has(qualifier, at: rest.lowerBound) {
                rest = (rest.lowerBound + qualifier.utf8CodeUnitCount)..<rest.upperBound
                if let space = m.firstIndex(of: 0x20, in: rest) {
                    f.user = rest.lowerBound..<space
                    rest = (space + 1)..<rest.upperBound
                }
                break
            }
            if let address = m.word(from: rest.lowerBound, to: rest.upperBound) {
                // `1.2.3.4:22` carries its port; an IPv6 address keeps its colons.
                let colon = m.firstIndex(of: UInt8(ascii: ":"), in: address)
                if let colon, m.firstIndex(of: UInt8(ascii: ":"), in: (colon + 1)..<address.upperBound) == nil {
                    f.sourceIP = address.lowerBound..<colon
                } else {
                    f.sourceIP = address
                }
                if let port = m.word(from: address.upperBound, to: rest.upperBound), m.equals(port, "port"),
                   let n = m.word(from: port.upperBound, to: rest.upperBound) {
                    f.sourcePort = m.leadingNumber(n)
                }
            }
            f.action = action
            f.category = ECSLists.network
            f.type = ECSLists.endConnection
            return f
        }
        return nil
    }

    /// `user : [reason ; ]TTY=.. ; PWD=.. ; USER=.. ; COMMAND=..`
    static func sudo(_ m: MessageText) -> AuthFacts? {
        let headEnd = m.find(" ; ") ?? m.end
        let head = m.trimmed(m.start..<headEnd)
        guard let colon = m.find(" : ", in: head) else { return nil }
        var f = AuthFacts(action: "sudo_command", category: ECSLists.process, type: ECSLists.start, outcome: "success")
        f.user = head.lowerBound..<colon
        let reason = (colon + 3)..<head.upperBound
        var part = reason
        var next = headEnd
        while true {
            if let eq = m.firstIndex(of: UInt8(ascii: "="), in: part),
               (part.lowerBound..<eq).allSatisfy({ m.bytes[$0] >= 0x41 && m.bytes[$0] <= 0x5A }) {
                let value = (eq + 1)..<part.upperBound
                if m.equals(part.lowerBound..<eq, "USER") { f.effectiveUser = value }
                if m.equals(part.lowerBound..<eq, "COMMAND") { f.commandLine = value }
            }
            guard next < m.end else { break }
            let start = next + 3
            next = m.find(" ; ", in: start..<m.end) ?? m.end
            part = m.trimmed(start..<next)
        }
        if m.contains("incorrect password attempt", in: reason) {
            f.action = "sudo_failed_password"
            f.category = ECSLists.authentication
            f.type = ECSLists.info
            f.outcome = "failure"
        } else if m.contains("NOT in sudoers", in: reason) || m.contains("not allowed", in: reason) {
            f.action = "sudo_denied"
            f.category = ECSLists.authentication
            f.type = ECSLists.denied
            f.outcome = "failure"
        } else if !m.has("TTY=", at: reason.lowerBound) && !m.has("PWD=", at: reason.lowerBound) {
            f.action = "sudo_error"
            f.outcome = "failure"
        }
        return f
    }

    /// `(to root) alice on pts/0`, `FAILED SU (to root) alice on pts/0`.
    static func su(_ m: MessageText) -> AuthFacts? {
        var rest = m.start..<m.end
        let failed = m.hasPrefix("FAILED SU ") || m.hasPrefix("FAILED RUNUSER ")
        if failed { rest = (m.firstIndex(of: UInt8(ascii: "("), in: rest) ?? m.end)..<m.end }
        guard m.has("(to ", at: rest.lowerBound), let close = m.firstIndex(of: UInt8(ascii: ")"), in: rest) else { return nil }
        var f = AuthFacts(action: "su", category: ECSLists.authenticationSession, type: ECSLists.start, outcome: failed ? "failure" : "success")
        f.effectiveUser = (rest.lowerBound + 4)..<close
        f.user = m.word(from: close + 1, to: m.end)
        return f
    }

    static func pamUnix(_ m: MessageText) -> AuthFacts? {
        guard let close = m.find("): ") else { return nil }
        let body = (close + 3)..<m.end
        func name(_ r: Range<Int>) -> Range<Int> { m.prefix(r, until: UInt8(ascii: "("), or: 0x20) }
        if let rest = m.after("session opened for user ", in: body) {
            var f = AuthFacts(action: "session_opened", category: ECSLists.session, type: ECSLists.start, outcome: "success")
            f.user = name(rest)
            if let by = m.after(" by ", in: rest) {
                let who = name(by)
                if !who.isEmpty { f.effectiveUser = f.user; f.user = who }
            }
            return f
        }
        if let rest = m.after("session closed for user ", in: body) {
            var f = AuthFacts(action: "session_closed", category: ECSLists.session, type: ECSLists.end, outcome: "success")
            f.user = name(rest)
            return f
        }
        if m.has("authentication failure;", at: body.lowerBound) {
            var f = AuthFacts(action: "authentication_failure", category: ECSLists.authentication, type: ECSLists.info, outcome: "failure")
            var i = body.lowerBound
            while let pair = m.word(from: i, to: body.upperBound) {
                i = pair.upperBound
                guard let eq = m.firstIndex(of: UInt8(ascii: "="), in: pair), eq + 1 < pair.upperBound else { continue }
                let key = pair.lowerBound..<eq, value = (eq + 1)..<pair.upperBound
                if m.equals(key, "user") { f.effectiveUser = value }
                if m.equals(key, "ruser") { f.user = value }
                if m.equals(key, "rhost") { f.sourceIP = value }
            }
            // The requesting user (ruser) acts; the account being authenticated is the effective one.
            if f.user == nil { f.user = f.effectiveUser; f.effectiveUser = nil }
            return f
        }
        if m.has("check pass; user unknown", at: body.lowerBound) {
            return AuthFacts(action: "user_unknown", category: ECSLists.authentication, type: ECSLists.info, outcome: "failure")
        }
        if let rest = m.after("password changed for ", in: body) {
            var f = AuthFacts(action: "password_changed", category: ECSLists.iam, type: ECSLists.userChange, outcome: "success")
            f.targetUser = m.prefix(rest, until: 0x20)
            return f
        }
        return nil
    }

    static func logind(_ m: MessageText) -> AuthFacts? {
        if m.hasPrefix("New session "), var rest = m.after(" of user ") {
            var f = AuthFacts(action: "new_session", category: ECSLists.session, type: ECSLists.start, outcome: "success")
            if m.has("'", at: rest.lowerBound) { rest = (rest.lowerBound + 1)..<rest.upperBound }
            var i = rest.lowerBound
            while i < rest.upperBound, m.bytes[i] != UInt8(ascii: "'"), m.bytes[i] != UInt8(ascii: "."), m.bytes[i] != 0x20 { i += 1 }
            f.user = rest.lowerBound..<i
            return f
        }
        if m.hasPrefix("Removed session ") {
            return AuthFacts(action: "removed_session", category: ECSLists.session, type: ECSLists.end, outcome: "success")
        }
        if m.hasPrefix("Session "), m.contains(" logged out") {
            return AuthFacts(action: "session_logged_out", category: ECSLists.session, type: ECSLists.end, outcome: "success")
        }
        return nil
    }

    /// `(root) CMD (command)`.
    static func cron(_ m: MessageText) -> AuthFacts? {
        guard m.hasPrefix("("), let close = m.firstIndex(of: UInt8(ascii: ")"), in: m.start..<m.end),
              var command = m.after(") CMD (") else { return nil }
        var f = AuthFacts(action: "cron_command", category: ECSLists.process, type: ECSLists.start, outcome: "success")
        f.user = (m.start + 1)..<close
        if !command.isEmpty, m.bytes[command.upperBound - 1] == UInt8(ascii: ")") { command = command.lowerBound..<(command.upperBound - 1) }
        f.commandLine = command
        return f
    }
}
