/// Turns an `InspectReport` into the one line `auditlake inspect` prints.
public enum InspectFormatter {
    /// `path: gzip, json, ndjson, 12 records, 1 failed; first error: line 4, column 2 (byte 80): ...`
    public static func line(for report: InspectReport) -> String {
        if let error = report.openError { return "\(report.path): error: \(error.message)" }
        var parts: [String] = []
        if report.isGzip { parts.append("gzip") }
        if let evtx = report.evtx {
            parts.append("evtx")
            parts.append("\(evtx.chunks) chunk\(evtx.chunks == 1 ? "" : "s") (\(evtx.unusedChunks) unused; header says \(evtx.headerChunkCount))")
            parts.append("\(evtx.records) record\(evtx.records == 1 ? "" : "s")")
            if evtx.errors > 0 { parts.append("\(evtx.errors) damaged") }
            if evtx.badChecksums > 0 {
                parts.append(evtx.badChecksums == 1 ? "1 chunk with a bad checksum (read anyway)" : "\(evtx.badChecksums) chunks with bad checksums (read anyway)")
            }
            var line = "\(report.path): " + parts.joined(separator: ", ")
            if let first = evtx.firstError { line += "; first damage: \(first)" }
            if let error = evtx.inputError { line += "; input error: \(error)" }
            return line
        }
        if let records = report.records {
            parts.append(report.formatReason)
            parts.append("\(records.read) record\(records.read == 1 ? "" : "s")")
            if records.failed > 0 { parts.append("\(records.failed) failed") }
            var line = "\(report.path): " + parts.joined(separator: ", ")
            if let first = records.firstError { line += "; first error: \(first)" }
            return line
        }
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
