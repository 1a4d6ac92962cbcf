/// shadow-utils messages (useradd, groupadd, usermod, userdel, groupdel, passwd, chage, gpasswd):
///
///   new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0
///   new group: name=dev, GID=1002           add 'bob' to group 'sudo'
///   delete user 'bob'                       group 'dev' removed
///   password for 'bob' changed by 'root'    changed password expiry for bob
///   user bob added by root to group dev
///
/// Names are quoted with '' (older releases with `').
extension AuthMessages {
    /// The first two quoted names in `range`.
    static func quoted(_ m: MessageText, _ range: Range<Int>) -> (Range<Int>?, Range<Int>?) {
        var found: [Range<Int>?] = [nil, nil]
        var count = 0, open: Int?
        for i in range where m.bytes[i] == UInt8(ascii: "'") || m.bytes[i] == UInt8(ascii: "`") {
            if let start = open {
                found[count] = (start + 1)..<i
                count += 1
                if count == 2 { break }
                open = nil
            } else {
                open = i
            }
        }
        return (found[0], found[1])
    }

    static func shadow(_ m: MessageText) -> AuthFacts? {
        func field(_ key: StaticString) -> Range<Int>? {
            guard let at = m.after(key) else { return nil }
            return m.prefix(at, until: UInt8(ascii: ","), or: 0x20)
        }
        let all = m.start..<m.end
        if m.hasPrefix("new user:") {
            var f = AuthFacts(action: "user_created", category: ECSLists.iam, type: ECSLists.userCreation, outcome: "success")
            f.targetUser = field("name=")
            return f
        }
        if m.hasPrefix("new group:") || m.hasPrefix("group added to /etc/group:") {
            var f = AuthFacts(action: "group_created", category: ECSLists.iam, type: ECSLists.groupCreation, outcome: "success")
            f.groupName = field("name=")
            f.groupID = field("GID=")
            return f
        }
        let (first, second) = quoted(m, all)
        if m.hasPrefix("delete user ") {
            var f = AuthFacts(action: "user_deleted", category: ECSLists.iam, type: ECSLists.userDeletion, outcome: "success")
            f.targetUser = first
            return f
        }
        if m.hasPrefix("add "), m.contains(" to group ") || m.contains(" to shadow group ") {
            var f = AuthFacts(action: "user_added_to_group", category: ECSLists.iam, type: ECSLists.groupChange, outcome: "success")
            f.targetUser = first
            f.groupName = second
            return f
        }
        if m.hasPrefix("delete "), m.contains(" from group ") {
            var f = AuthFacts(action: "user_removed_from_group", category: ECSLists.iam, type: ECSLists.groupChange, outcome: "success")
            f.targetUser = first
            f.groupName = second
            return f
        }
        if m.hasPrefix("group "), m.contains(" removed") {
            var f = AuthFacts(action: "group_deleted", category: ECSLists.iam, type: ECSLists.groupDeletion, outcome: "success")
            f.groupName = first
            return f
        }
        if m.hasPrefix("change user ") || m.hasPrefix("lock user ") || m.hasPrefix("unlock user ") {
            var f = AuthFacts(action: "user_changed", category: ECSLists.iam, type: ECSLists.userChange, outcome: "success")
            f.targetUser = first
            return f
        }
        if m.hasPrefix("password for "), let by = m.after(" changed by ") {
            var f = AuthFacts(action: "password_changed", category: ECSLists.iam, type: ECSLists.userChange, outcome: "success")
            f.targetUser = first
            f.user = quoted(m, by).0
            return f
        }
        if m.hasPrefix("changed password expiry for ") {
            var f = AuthFacts(action: "password_expiry_changed", category: ECSLists.iam, type: ECSLists.userChange, outcome: "success")
            f.targetUser = (m.start + 28)..<m.end
            return f
        }
        if m.hasPrefix("user "), let by = m.after(" added by ") {
            var f = AuthFacts(action: "user_added_to_group", category: ECSLists.iam, type: ECSLists.groupChange, outcome: "success")
            f.targetUser = m.prefix((m.start + 5)..<m.end, until: 0x20)
            f.user = m.prefix(by, until: 0x20)
            f.groupName = m.after(" to group ")
            return f
        }
        return nil
    }
}
