import JSONStream

/// What `auditlake inspect` finds in one input.
public struct InspectReport: Sendable {
    /// The input's path (`-` for standard input).
    public var path: String
    /// True when the file was gzip-compressed.
    public var isGzip = false
    /// The detected format, nil when the file could not be opened.
    public var format: LogFormat?
    /// Why the format was guessed (for formats not read here).
    public var formatReason = ""
    /// For JSON inputs: what reading found.
    public var json: JSONFileReader.Summary?
    /// For EVTX inputs: chunks, records and damage.
    public var evtx: EVTXSummary?
    /// For other formats read by `ingest` (XML events, Purview CSV): records and failures.
    public var records: (read: Int, failed: Int, firstError: String?)?
    /// An error that kept the input from being read at all.
    public var openError: InputError?

    /// True when every record was read and nothing failed.
    public var isClean: Bool {
        guard openError == nil else { return false }
        if let json { return json.failures == 0 && json.inputError == nil }
        if let evtx { return evtx.errors == 0 && evtx.inputError == nil }
        if let records { return records.failed == 0 }
        return false
    }
}

/// What an EVTX file held.
public struct EVTXSummary: Sendable {
    /// Chunk slots read, and how many were never written (all zeros).
    public var chunks: Int, unusedChunks: Int
    /// The chunk count the file header claims.
    public var headerChunkCount: Int
    /// Records read, and damaged records or chunks.
    public var records: Int, errors: Int
    /// Chunks whose header or data CRC32 does not match (read anyway).
    public var badChecksums: Int
    /// The first damage found.
    public var firstError: String?
    /// A read error that stopped the file early.
    public var inputError: String?
}

/// Examines inputs: their container, format, layout, record count and first error.
public struct Inspector {
    /// Read every input as JSON whatever its first bytes say.
    public var forcedFormat: LogFormat?

    /// An inspector; `forcedFormat` overrides detection.
    public init(forcedFormat: LogFormat? = nil) { self.forcedFormat = forcedFormat }

    /// Inspects the input at `path`.
    public func inspect(path: String) -> InspectReport {
        var report = InspectReport(path: path)
        let opened: InputOpener.Opened
        do {
            opened = try InputOpener.open(path)
        } catch {
            report.openError = error as? InputError ?? InputError(path: path, message: "\(error)")
            return report
        }
        report.isGzip = opened.isGzip
        let sniffed = FormatSniffer.sniff(opened.head)
        report.format = forcedFormat ?? sniffed.format
        report.formatReason = sniffed.reason
        switch report.format {
        case .json?:
            report.json = JSONFileReader().read(opened.source) { _ in }
        case .evtx?:
            if let result = try? EVTXInput.read(opened.source, path: path, mapping: false, handle: { _ in }) {
                let s = result.stats
                report.evtx = EVTXSummary(
                    chunks: s.chunks, unusedChunks: s.unusedChunks, headerChunkCount: s.headerChunkCount, records: s.records,
                    errors: s.errors, badChecksums: s.badChecksums, firstError: s.firstError?.description, inputError: result.error?.message)
            }
        default:
            var failed = 0, read = 0
            var first: String?
            if let counts = try? InputReader().read(path, handle: { item in
                switch item {
                case .reject(let r):
                    failed += 1
                    if first == nil { first = "line \(r.line) (byte \(r.offset)): \(r.reason)" }
                case .line(let text, let offset, let line, _) where SyslogHeader.parse(text) == nil:
                    failed += 1
                    if first == nil { first = "line \(line) (byte \(offset)): not a syslog line" }
                default:
                    break
                }
            }), counts.format != nil {
                read = counts.records
                report.records = (read, failed, first)
                report.formatReason = counts.format!
            }
        }
        return report
    }
}
