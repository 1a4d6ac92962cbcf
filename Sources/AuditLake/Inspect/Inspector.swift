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
    /// An error that kept the input from being read at all.
    public var openError: InputError?

    /// True when every record was read and nothing failed.
    public var isClean: Bool {
        guard openError == nil, let json else { return false }
        return json.failures == 0 && json.inputError == nil
    }
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
        if report.format == .json {
            report.json = JSONFileReader().read(opened.source) { _ in }
        }
        return report
    }
}
