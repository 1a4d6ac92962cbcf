/// Names of the Management Activity API's RecordType numbers (AuditLogRecordType).
///
/// The list grows monthly: an unknown number is named `RecordType<N>` and never fails a record.
enum M365RecordTypes {
    static let names: [Int: String] = [
        1: "ExchangeAdmin", 2: "ExchangeItem", 3: "ExchangeItemGroup", 4: "SharePoint",
        6: "SharePointFileOperation", 7: "OneDrive", 8: "AzureActiveDirectory",
        9: "AzureActiveDirectoryAccountLogon", 10: "DataCenterSecurityCmdlet", 11: "ComplianceDLPSharePoint",
        12: "Sway", 13: "ComplianceDLPExchange", 14: "SharePointSharingOperation",
        15: "AzureActiveDirectoryStsLogon", 16: "SkypeForBusinessPSTNUsage", 17: "SkypeForBusinessUsersBlocked",
        18: "SecurityComplianceCenterEOPCmdlet", 19: "ExchangeAggregatedOperation", 20: "PowerBIAudit",
        21: "CRM", 22: "Yammer", 23: "SkypeForBusinessCmdlets", 24: "Discovery", 25: "MicrosoftTeams",
        28: "ThreatIntelligence", 29: "MailSubmission", 30: "MicrosoftFlow", 31: "AeD", 32: "MicrosoftStream",
        33: "ComplianceDLPSharePointClassification", 34: "ThreatFinder", 35: "Project",
        36: "SharePointListOperation", 37: "SharePointCommentOperation", 38: "DataGovernance", 39: "Kaizala",
        40: "SecurityComplianceAlerts", 41: "ThreatIntelligenceUrl", 42: "SecurityComplianceInsights",
        43: "MIPLabel", 44: "WorkplaceAnalytics", 45: "PowerAppsApp", 46: "PowerAppsPlan",
        47: "ThreatIntelligenceAtpContent", 48: "LabelContentExplorer", 49: "TeamsHealthcare",
        50: "ExchangeItemAggregated", 51: "HygieneEvent", 52: "DataInsightsRestApiAudit",
        53: "InformationBarrierPolicyApplication", 54: "SharePointListItemOperation",
        55: "SharePointContentTypeOperation", 56: "SharePointFieldOperation", 57: "MicrosoftTeamsAdmin",
        58: "HRSignal", 59: "MicrosoftTeamsDevice", 60: "MicrosoftTeamsAnalytics",
        61: "InformationWorkerProtection", 62: "Campaign", 63: "DLPEndpoint", 64: "AirInvestigation",
        65: "Quarantine", 66: "MicrosoftForms", 67: "ApplicationAudit", 68: "ComplianceSupervisionExchange",
        69: "CustomerKeyServiceEncryption", 70: "OfficeNative", 71: "MipAutoLabelSharePointItem",
        72: "MipAutoLabelSharePointPolicyLocation", 73: "MicrosoftTeamsShifts", 75: "MipAutoLabelExchangeItem",
        76: "CortanaBriefing", 78: "WDATPAlerts", 79: "PowerAppsResource", 82: "SensitivityLabelPolicyMatch",
        83: "SensitivityLabelAction", 84: "SensitivityLabeledFileAction", 85: "AttackSim",
        86: "AirManualInvestigation", 87: "SecurityComplianceRBAC", 88: "UserTraining",
        89: "AirAdminActionInvestigation", 90: "MSTIC", 91: "PhysicalBadgingSignal", 92: "TeamsEasyApprovals",
        93: "AipDiscover", 94: "AipSensitivityLabelAction", 95: "AipProtectionAction", 96: "AipFileDeleted",
        97: "AipHeartBeat", 98: "MCASAlerts", 99: "OnPremisesFileShareScannerDlp",
        100: "OnPremisesSharePointScannerDlp", 101: "ExchangeSearch", 102: "SharePointSearch",
        103: "PrivacyInsights", 105: "MyAnalyticsSettings", 106: "SecurityComplianceUserChange",
        107: "ComplianceDLPExchangeClassification", 109: "MipExactDataMatch", 113: "MS365DCustomDetection",
        147: "CoreReportingSettings", 148: "ComplianceConnector", 154: "OMEPortal", 174: "DataShareOperation",
        181: "EduDataLakeDownloadOperation", 216: "VivaGoals", 235: "MicrosoftDefenderForIdentityAudit",
        261: "CopilotInteraction", 275: "OWAAuth", 294: "AadRiskDetection", 295: "AuditSearch",
        296: "AuditRetentionPolicy", 297: "AuditConfig",
    ]

    /// The name of `number`, or `RecordType<N>`.
    static func name(_ number: Int) -> String { names[number] ?? "RecordType\(number)" }

    static let exchange: Set<Int> = [1, 2, 3, 19, 50]
    static let sharePoint: Set<Int> = [4, 6, 7, 14, 36, 37, 54, 55, 56]
    static let azureAD: Set<Int> = [8, 9, 15]

    /// The dataset for a record: by Workload, else by RecordType.
    static func dataset(workload: String?, recordType: Int?) -> String {
        switch workload {
        case "Exchange": return "m365.exchange"
        case "SharePoint", "OneDrive": return "m365.sharepoint"
        case "AzureActiveDirectory": return "m365.azuread"
        case .some: return "m365.other"
        case nil: break
        }
        guard let recordType else { return "m365.other" }
        if exchange.contains(recordType) { return "m365.exchange" }
        if sharePoint.contains(recordType) { return "m365.sharepoint" }
        if azureAD.contains(recordType) { return "m365.azuread" }
        return "m365.other"
    }
}
