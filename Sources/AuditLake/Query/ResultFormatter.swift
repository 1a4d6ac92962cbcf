import JSONStream

/// Prints rows of text as an aligned table, CSV, or JSON objects.
public enum ResultFormatter {
    /// Columns padded to their widest value; the widest columns are cut (with `…`) to fit `width`.
    public static func table(_ columns: [String], _ rows: [[String?]], width: Int) -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (i, v) in row.enumerated() { widths[i] = max(widths[i], (v ?? "-").count) }
        }
        let gaps = 2 * max(columns.count - 1, 0)
        while widths.reduce(0, +) + gaps > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
            widths[widest] -= 1
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (i, v) in values.enumerated() {
                var cell = v.count > widths[i] ? String(v.prefix(widths[i] - 1)) + "…" : v
                if i < values.count - 1 { cell += String(repeating: " ", count: widths[i] - cell.count) }
                parts.append(cell)
            }
            return parts.joined(separator: "  ")
        }
        var out = line(columns.map { $0.uppercased() }) + "\n"
        for row in rows { out += line(row.map { $0 ?? "-" }) + "\n" }
        return out
    }

    /// RFC 4180 CSV with a header row (NULL as an empty field).
    public static func csv(_ columns: [String], _ rows: [[String?]]) -> String {
        func field(_ v: String?) -> String {
            guard let v else { return "" }
            if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + v.replacingAll("\"", with: "\"\"") + "\""
            }
            return v
        }
        var out = columns.map(field).joined(separator: ",") + "\r\n"
        for row in rows { out += row.map(field).joined(separator: ",") + "\r\n" }
        return out
    }

    /// Columns printed as JSON numbers.
    static let numericColumns: Set<String> = ["count", "events", "failures", "inputs", "records", "duplicates", "rejects", "run"]

    /// Each row as a JSON object (`count` as a number), one per line, or a JSON array.
    public static func json(_ columns: [String], _ rows: [[String?]], array: Bool) -> String {
        var lines: [String] = []
        for row in rows {
            var w = JSONWriter()
            w.beginObject()
            for (name, value) in zip(columns, row) {
                w.key(name)
                if let value {
                    if numericColumns.contains(name), let n = Int(value) { w.number(n) } else { w.string(value) }
                } else {
                    w.null()
                }
            }
            w.endObject()
            lines.append(String(decoding: w.bytes, as: UTF8.self))
        }
        if array { return "[" + (lines.isEmpty ? "" : "\n") + lines.joined(separator: ",\n") + "\n]\n" }
        return lines.map { $0 + "\n" }.joined()
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
