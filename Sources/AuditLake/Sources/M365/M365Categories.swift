/// ECS `event.category` / `event.type` for M365 operations (../shared/reference/ecs-mapping.md §2).
enum M365Categories {
    struct Category {
        var category: [String]
        var type: [String]
    }

    static let fileAccess: Set<String> = [
        "FileAccessed", "FileAccessedExtended", "FilePreviewed", "FileDownloaded", "FileSyncDownloadedFull",
        "FileSyncDownloadedPartial", "FileViewed", "FileFetched", "PageViewed", "PageViewedExtended",
    ]
    static let fileCreation: Set<String> = [
        "FileUploaded", "FileCopied", "FolderCreated", "FolderCopied", "FileSyncUploadedFull", "FileSyncUploadedPartial",
    ]
    static let fileChange: Set<String> = [
        "FileModified", "FileModifiedExtended", "FileRenamed", "FileMoved", "FileRestored", "FileCheckedIn",
        "FileCheckedOut", "FileCheckOutDiscarded", "FolderModified", "FolderRenamed", "FolderMoved", "FolderRestored",
    ]
    static let fileDeletion: Set<String> = [
        "FileDeleted", "FileRecycled", "FileDeletedFirstStageRecycleBin", "FileDeletedSecondStageRecycleBin",
        "FileVersionsAllDeleted", "FolderDeleted", "FolderRecycled", "FolderDeletedFirstStageRecycleBin",
        "FolderDeletedSecondStageRecycleBin",
    ]
    static let mailboxEmail: Set<String> = [
        "MailItemsAccessed", "Send", "SendAs", "SendOnBehalf", "SoftDelete", "HardDelete", "MoveToDeletedItems",
        "Move", "Copy", "Create", "Update", "FolderBind", "ApplyRecord",
    ]
    static let permissionCmdlets: Set<String> = [
        "Add-MailboxPermission", "Remove-MailboxPermission", "Add-RecipientPermission", "Remove-RecipientPermission",
        "Add-RoleGroupMember", "Remove-RoleGroupMember", "New-ManagementRoleAssignment",
        "Remove-ManagementRoleAssignment", "Add-MailboxFolderPermission", "Set-MailboxFolderPermission",
        "Remove-MailboxFolderPermission",
    ]

    /// Teams and Yammer group operations and their event.type.
    static let groupOperations: [String: String] = [
        "TeamCreated": "creation", "TeamDeleted": "deletion", "MemberAdded": "change", "MemberRemoved": "change",
        "MemberRoleChanged": "change", "GroupCreation": "creation", "GroupDeletion": "deletion",
    ]

    /// Category and type of `operation` in a record of `recordType`.
    static func classify(operation: String, recordType: Int?, workload: String?) -> Category {
        let rt = recordType ?? -1
        if rt == 15 || rt == 9 || operation == "UserLoggedIn" || operation == "UserLoginFailed" || operation == "MailboxLogin" {
            return Category(category: ["authentication"], type: ["start"])
        }
        if fileAccess.contains(operation) { return Category(category: ["file"], type: ["access"]) }
        if fileCreation.contains(operation) { return Category(category: ["file"], type: ["creation"]) }
        if fileChange.contains(operation) { return Category(category: ["file"], type: ["change"]) }
        if fileDeletion.contains(operation) { return Category(category: ["file"], type: ["deletion"]) }
        if rt == 14 || operation.hasPrefix("Sharing") || operation.has("LinkCreated") || operation.has("LinkUsed")
            || operation.hasPrefix("AccessInvitation") || operation.hasPrefix("AccessRequest") || operation == "AddedToSecureLink" {
            return Category(category: ["file", "iam"], type: ["change"])
        }
        if operation.hasSuffix("InboxRule") || operation == "UpdateInboxRules" {
            let type = operation.hasPrefix("New-") ? "creation" : operation.hasPrefix("Remove-") ? "deletion" : "change"
            return Category(category: ["configuration"], type: [type])
        }
        if let type = groupOperations[operation] { return Category(category: ["iam"], type: [type, "group"]) }
        if permissionCmdlets.contains(operation) { return Category(category: ["iam"], type: ["change", "admin"]) }
        if mailboxEmail.contains(operation) { return Category(category: ["email"], type: ["info"]) }
        if rt == 8 || workload == "AzureActiveDirectory" { return azureAD(operation) }
        if rt == 1 || (operation.has("-") && operation.first?.isUppercase == true && !operation.has(" ")) {
            return Category(category: ["configuration"], type: ["change"])
        }
        return Category(category: [], type: ["info"])
    }

    /// Azure AD directory operations (`Add user.`, `Add member to group.`, ...).
    static func azureAD(_ operation: String) -> Category {
        let op = operation.lowercased()
        let verb: String = op.hasPrefix("add") ? "creation" : op.hasPrefix("delete") || op.hasPrefix("remove") ? "deletion" : "change"
        if op.has("member to group") || op.has("member from group") {
            return Category(category: ["iam"], type: ["change", "group"])
        }
        if op.has("group") { return Category(category: ["iam"], type: [verb, "group"]) }
        if op.has("role") { return Category(category: ["iam"], type: ["change", "admin"]) }
        if op.has("service principal") || op.has("consent") || op.has("permission grant")
            || op.has("application") || op.has("app role") {
            return Category(category: ["iam"], type: [op.hasPrefix("add") ? "creation" : "change", "admin"])
        }
        if op.has("password") { return Category(category: ["iam"], type: ["change", "user"]) }
        if op.has("user") { return Category(category: ["iam"], type: [verb, "user"]) }
        return Category(category: ["iam"], type: ["change"])
    }

    /// ECS outcome from `ResultStatus` (nil when absent or not a known word).
    static func outcome(resultStatus: String?) -> String? {
        switch resultStatus?.lowercased() {
        case "succeeded", "success", "partiallysucceeded", "true": return "success"
        case "failed", "failure", "false": return "failure"
        default: return nil
        }
    }
}
