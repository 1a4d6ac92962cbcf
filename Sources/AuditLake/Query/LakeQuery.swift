/// Answers questions from a lake's index (opened read-only) and reads full events back from
/// the partitions.
public final class LakeQuery {
    /// The index columns a user may name (`--fields`, `--count-by`), plus `date` for grouping.
    /// `account` is derived: the UPN when there is one, else the account name, else the id (an
    /// SSH login's `alice`, a Windows logon's `alice` rather than its SID).
    public static let columns = [
        "time", "dataset", "action", "category", "outcome", "account", "user", "user_name", "user_id", "target_user",
        "target_user_name", "source_ip", "host", "code", "event_id",
    ]

    /// The SQL for a field of `columns` (or `date`).
    static func expression(_ field: String) -> String {
        switch field {
        case "account": return "(CASE WHEN instr(user, '@') > 0 THEN user ELSE coalesce(user_name, user) END)"
        case "date": return "strftime('%Y-%m-%d', time / 1000000, 'unixepoch')"
        default: return field
        }
    }

    /// The lake folder.
    public let lake: String
    let db: SQLiteConnection
    private var partPaths: [Int64: String] = [:]
    private let reader = PartReader()

    /// Opens the index of the lake at `lake`.
    public init(lake: String) throws {
        self.lake = lake
        let path = lake + "/index.sqlite"
        guard (try? FileByteSource(path: path)) != nil else {
            throw QueryError("no lake at \(lake): \(path) not found (create one with auditlake ingest)")
        }
        db = try SQLiteConnection(path: path, readOnly: true)
        let parts = try db.prepare("SELECT id, path FROM parts")
        while try parts.step() { partPaths[parts.int64(at: 0)] = parts.string(at: 1) }
        hasTargetNames = try IndexSchema.columns(of: "events", in: db).contains("target_user_name")
        if hasTargetNames, try IndexSchema.columns(of: "upgrades", in: db).contains("first_run") {
            let upgrade = try db.prepare("SELECT first_run FROM upgrades WHERE version = 2")
            if try upgrade.step() { targetNamesSince = upgrade.int64(at: 0) }
        }
    }

    /// False for an index an older auditlake wrote and no ingest has upgraded since.
    private let hasTargetNames: Bool
    /// The first run whose events carry target account names, when earlier runs' do not.
    private var targetNamesSince: Int64?

    /// What `--related-user` cannot see in this lake, if anything: the events of runs made
    /// before its index was upgraded match only through their acting account.
    public var relatedUserNote: String? {
        guard let run = targetNamesSince, run > 1 else { return nil }
        return "runs 1 to \(run - 1) were indexed before target accounts were: their events match --related-user only by their acting account"
    }

    /// The WHERE clause of `filter`; a clear error when this index cannot answer it.
    private func sql(_ filter: QueryFilter) throws -> (clause: String, bindings: [SQLValue]) {
        if filter.relatedUser != nil, !hasTargetNames {
            throw QueryError("this lake's index predates --related-user: run auditlake ingest into it once (new inputs or none) to upgrade it")
        }
        return filter.sql()
    }

    /// Checks user-named fields; `date` is allowed where `allowDate`.
    public static func validate(fields: [String], allowDate: Bool = false) throws {
        for field in fields where !(columns.contains(field) || (allowDate && field == "date")) {
            throw QueryError("unknown field '\(field)'; fields are \((columns + (allowDate ? ["date"] : [])).joined(separator: ", "))")
        }
    }

    /// One matching event: the requested column values and where the full record is.
    public struct Row {
        /// Display values of the requested columns (time as RFC 3339).
        public var values: [String?]
        /// The part file (absolute path), member offset and line in the member.
        public var location: (path: String, offset: Int, index: Int)
    }

    /// Events matching `filter` in time order (`reverse`: newest first), at most `limit`.
    public func events(
        _ filter: QueryFilter, fields: [String], reverse: Bool = false, limit: Int?, body: (Row) throws -> Void
    ) throws {
        let (clause, bindings) = try sql(filter)
        let direction = reverse ? "DESC" : "ASC"
        let select = (fields.map(LakeQuery.expression) + ["part_id", "member_offset", "member_index"]).joined(separator: ", ")
        let statement = try prepare(
            "SELECT \(select) FROM events WHERE \(clause) ORDER BY time \(direction), event_id \(direction), rowid \(direction)"
                + (limit.map { " LIMIT \($0)" } ?? ""), bindings)
        let n = Int32(fields.count)
        while try statement.step() {
            var values: [String?] = []
            for (i, field) in fields.enumerated() {
                values.append(field == "time" ? Timestamp(nanoseconds: statement.int64(at: Int32(i)) * 1000).rfc3339 : statement.text(at: Int32(i)))
            }
            let path = lake + "/" + (partPaths[statement.int64(at: n)] ?? "?")
            try body(Row(values: values, location: (path, Int(statement.int64(at: n + 1)), Int(statement.int64(at: n + 2)))))
        }
    }

    /// The full NDJSON text of a row's event, read from its gzip member.
    public func record(_ row: Row) throws -> ArraySlice<UInt8> {
        try reader.record(path: row.location.path, memberOffset: row.location.offset, index: row.location.index)
    }

    /// Counts of matching events grouped by `fields`, largest first.
    public func count(by fields: [String], _ filter: QueryFilter, limit: Int?) throws -> (columns: [String], rows: [[String?]]) {
        let (clause, bindings) = try sql(filter)
        let expressions = fields.map(LakeQuery.expression)
        let group = expressions.joined(separator: ", ")
        let sql = "SELECT \(group), COUNT(*) FROM events WHERE \(clause) GROUP BY \(group) ORDER BY COUNT(*) DESC, \(group)"
            + (limit.map { " LIMIT \($0)" } ?? "")
        return (fields + ["count"], try rows(sql, bindings))
    }

    /// Runs read-only SQL typed by the user; a statement that would write is refused.
    public func sql(_ text: String) throws -> (columns: [String], rows: [[String?]]) {
        let statement: SQLiteStatement
        do {
            statement = try db.prepare(text)
        } catch let error as SQLiteError {
            throw QueryError("--sql: \(error.message)")
        }
        guard statement.isReadOnly else {
            throw QueryError("--sql runs read-only statements; this one would change the index")
        }
        let columns = (0..<statement.columnCount).map { statement.columnName($0) }
        var out: [[String?]] = []
        while try statement.step() { out.append((0..<statement.columnCount).map { statement.text(at: $0) }) }
        return (columns, out)
    }

    /// Rows of an SQL statement with bindings, as display text.
    public func rows(_ sql: String, _ bindings: [SQLValue] = []) throws -> [[String?]] {
        let statement = try prepare(sql, bindings)
        var out: [[String?]] = []
        while try statement.step() { out.append((0..<statement.columnCount).map { statement.text(at: $0) }) }
        return out
    }

    private func prepare(_ sql: String, _ bindings: [SQLValue]) throws -> SQLiteStatement {
        let statement: SQLiteStatement
        do {
            statement = try db.prepare(sql)
        } catch let error as SQLiteError {
            throw QueryError("bad query: \(error.message)")
        }
        for (i, value) in bindings.enumerated() {
            switch value {
            case .integer(let v): statement.bind(v, at: Int32(i + 1))
            case .text(let v): statement.bind(v, at: Int32(i + 1))
            case .blob(let v): statement.bind(v, at: Int32(i + 1))
            }
        }
        return statement
    }
}
