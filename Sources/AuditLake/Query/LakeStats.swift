/// What is in a lake at a glance: events per dataset and day, time span, top actions, users and
/// source addresses, failures per dataset, and the last runs.
public struct LakeStats {
    /// A titled table.
    public struct Section {
        /// The heading.
        public var title: String
        /// Column names.
        public var columns: [String]
        /// Rows of display text.
        public var rows: [[String?]]
    }

    /// The sections, in print order.
    public var sections: [Section] = []

    /// Reads the statistics of `query`'s lake; `top` rows for the top-N lists.
    public init(_ query: LakeQuery, top: Int = 10) throws {
        let span = try query.rows("SELECT COUNT(*), MIN(time), MAX(time) FROM events")[0]
        func time(_ v: String?) -> String? { v.flatMap(Int64.init).map { Timestamp(nanoseconds: $0 * 1000).rfc3339 } }
        sections.append(Section(title: "events", columns: ["events", "first", "last"], rows: [[span[0], time(span[1]), time(span[2])]]))
        sections.append(Section(title: "per dataset", columns: ["dataset", "events", "failures", "first", "last"], rows: try query.rows("""
            SELECT dataset, COUNT(*), SUM(outcome = 'failure'), MIN(time), MAX(time) FROM events GROUP BY dataset ORDER BY dataset
            """).map { [$0[0], $0[1], $0[2], time($0[3]), time($0[4])] }))
        sections.append(Section(title: "per day", columns: ["date", "events"], rows: try query.rows("""
            SELECT strftime('%Y-%m-%d', time / 1000000, 'unixepoch') AS d, COUNT(*) FROM events GROUP BY d ORDER BY d
            """)))
        for (title, column) in [("top actions", "action"), ("top users", "account"), ("top source IPs", "source_ip")] {
            let value = LakeQuery.expression(column)
            sections.append(Section(title: title, columns: [column, "events"], rows: try query.rows("""
                SELECT \(value) AS v, COUNT(*) AS n FROM events WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT \(top)
                """)))
        }
        sections.append(Section(title: "last runs", columns: ["run", "finished", "inputs", "records", "events", "duplicates", "rejects"], rows: try query.rows("""
            SELECT id, finished_at, inputs, records_read, events_written, duplicates, rejects FROM runs ORDER BY id DESC LIMIT \(top)
            """)))
    }

    /// The sections as aligned tables.
    public func table(width: Int) -> String {
        sections.map { "\($0.title.uppercased())\n" + ResultFormatter.table($0.columns, $0.rows, width: width) }.joined(separator: "\n")
    }

    /// The sections as one JSON object of arrays of row objects.
    public func json() -> String {
        "{\n" + sections.map { section in
            "\"\(section.title.replacingAll(" ", with: "_"))\": " + ResultFormatter.json(section.columns, section.rows, array: true)
                .trimmingASCIIWhitespace()
        }.joined(separator: ",\n") + "\n}\n"
    }
}
