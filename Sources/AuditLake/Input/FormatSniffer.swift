/// The input formats auditlake can tell apart from their first bytes.
public enum LogFormat: String, Sendable, CaseIterable {
    /// JSON: NDJSON, a top-level array, a wrapped array, or one value.
    case json
    /// Windows EVTX binary logs (`ElfFile\0` magic).
    case evtx
    /// XML text.
    case xml
    /// Other text (CSV, syslog, ...).
    case text
    /// Not text at all.
    case binary
}

/// Guesses an input's format from its first (decompressed) bytes.
public enum FormatSniffer {
    /// The likely format and, for a human, why.
    public static func sniff(_ head: [UInt8]) -> (format: LogFormat, reason: String) {
        if head.starts(with: Array("ElfFile\0".utf8)) { return (.evtx, "EVTX file header 'ElfFile'") }
        // Windows XP / Server 2003 logs: a 0x30-byte header whose signature is `LfLe`.
        if head.count >= 8, head[4..<8].elementsEqual("LfLe".utf8) {
            return (.binary, "a Windows XP/2003 event log (.evt, signature LfLe), which is not EVTX; "
                + "on Windows, `wevtutil epl FILE.evt FILE.evtx /lf:true` converts it")
        }
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return (.text, "UTF-16 text (byte order mark); save it as UTF-8")
        }
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            return (.json, "empty")
        }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return (.json, "starts with '\(Character(Unicode.Scalar(first)))'")
        case UInt8(ascii: "<"): return (.xml, "starts with '<'")
        default: break
        }
        let sample = bytes.prefix(512)
        if sample.contains(0) { return (.binary, "binary data (NUL bytes in the first 512)") }
        let line = sample.prefix { $0 != 0x0A && $0 != 0x0D }.prefix(40)
        return (.text, "text starting with \"\(String(decoding: line, as: UTF8.self))\"")
    }
}
