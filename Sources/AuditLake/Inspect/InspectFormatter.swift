/// Turns an `InspectReport` into the one line `auditlake inspect` prints.
public enum InspectFormatter {
    /// `path: gzip, json, ndjson, 12 records, 1 failed; first error: line 4, column 2 (byte 80): ...`
    public static func line(for report: InspectReport) -> String {
        if let error = report.openError { return "\(report.path): error: \(error.message)" }
        var parts: [String] = []
        if report.isGzip { parts.append("gzip") }
        guard let json = report.json else {
            parts.append("not JSON: \(report.formatReason)")
            return "\(report.path): " + parts.joined(separator: ", ")
        }
        parts.append("json")
        parts.append(json.shape.rawValue)
        parts.append("\(json.records) record\(json.records == 1 ? "" : "s")")
        if json.failures > 0 { parts.append("\(json.failures) failed") }
        var line = "\(report.path): " + parts.joined(separator: ", ")
        if let failure = json.firstFailure {
            line += "; first error: \(failure.error)"
            if failure.isFatal { line += " (the rest of the input cannot be read)" }
        }
        if let error = json.inputError { line += "; input error: \(error.message)" }
        return line
    }
}
