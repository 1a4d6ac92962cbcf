// Texts for coded values of Security events: logon type names, NTSTATUS texts of failed
// logons and NTLM validation, and Kerberos result codes (`winlog.logon.*`).

extension WindowsTables {
    /// Logon type names (`winlog.logon.type`) by LogonType.
    static let logonTypes: [String: String] = [
        "0": "System", "2": "Interactive", "3": "Network", "4": "Batch", "5": "Service", "7": "Unlock",
        "8": "NetworkCleartext", "9": "NewCredentials", "10": "RemoteInteractive", "11": "CachedInteractive",
        "12": "CachedRemoteInteractive", "13": "CachedUnlock",
    ]

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

    /// NTSTATUS texts of 4625/4776 Status and SubStatus (lower-case keys).
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
}
