/// Writes the lake's SQLite index: one transaction per run, prepared statements for every row.
public final class IndexWriter {
    let db: SQLiteConnection
    private let insertEvent: SQLiteStatement
    private let insertPart: SQLiteStatement
    private let insertInput: SQLiteStatement
    private let findKey: SQLiteStatement
    private let insertKey: SQLiteStatement

    /// Opens (creating) the index at `path`, applies the schema and begins the run's transaction.
    public init(path: String) throws {
        db = try SQLiteConnection(path: path)
        try IndexSchema.upgrade(db)
        try db.execute(IndexSchema.sql)
        try db.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;")
        try db.execute("BEGIN IMMEDIATE")
        insertEvent = try db.prepare("""
            INSERT INTO events (time, dataset, action, category, outcome, user, user_name, user_id, target_user,
              source_ip, source_ip_key, host, code, event_id, part_id, member_offset, member_index, target_user_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertPart = try db.prepare("""
            INSERT INTO parts (id, run_id, path, dataset, date, events, bytes, min_time, max_time)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        findKey = try db.prepare("SELECT 1 FROM dedupe_keys WHERE key = ?")
        insertKey = try db.prepare("INSERT OR IGNORE INTO dedupe_keys (key) VALUES (?)")
        insertInput = try db.prepare("""
            INSERT INTO inputs (run_id, path, format, bytes, records_read, events_written, duplicates, rejects, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// The next run id and the next part id (one past the largest committed).
    public func nextIDs() throws -> (run: Int64, part: Int64) {
        let s = try db.prepare("SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM runs), (SELECT COALESCE(MAX(id), 0) + 1 FROM parts)")
        _ = try s.step()
        return (s.int64(at: 0), s.int64(at: 1))
    }

    /// Run ids that committed.
    public func committedRuns() throws -> Set<Int64> {
        let s = try db.prepare("SELECT id FROM runs")
        var ids = Set<Int64>()
        while try s.step() { ids.insert(s.int64(at: 0)) }
        return ids
    }

    /// Adds one event's row, stored in the gzip member at `memberOffset`.
    func add(_ r: IndexRow, memberOffset: Int) throws {
        let s = insertEvent
        s.bind(r.time, at: 1)
        s.bind(r.dataset, at: 2)
        s.bind(r.action, at: 3)
        s.bind(r.category, at: 4)
        s.bind(r.outcome, at: 5)
        s.bind(r.user, at: 6)
        s.bind(r.userName, at: 7)
        s.bind(r.userID, at: 8)
        s.bind(r.target, at: 9)
        s.bind(r.sourceIP, at: 10)
        s.bind(r.sourceKey, at: 11)
        s.bind(r.host, at: 12)
        s.bind(r.code, at: 13)
        s.bind(r.eventID, at: 14)
        s.bind(r.partID, at: 15)
        s.bind(Int64(memberOffset), at: 16)
        s.bind(Int64(r.memberIndex), at: 17)
        s.bind(r.targetName, at: 18)
        _ = try s.step()
        s.reset()
    }

    /// Adds the run's dedupe keys in byte order, so the table grows mostly by appends.
    func addDedupeKeys(_ keys: [[UInt8]]) throws {
        for key in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            insertKey.bind(key, at: 1)
            _ = try insertKey.step()
            insertKey.reset()
        }
    }

    /// True when an event with this dedupe key was committed by an earlier run.
    func contains(dedupeKey key: String) throws -> Bool {
        findKey.bind(Deduplicator.bytes(of: key), at: 1)
        defer { findKey.reset() }
        return try findKey.step()
    }

    /// Records a part file.
    public func addPart(_ part: PartSummary, runID: Int64) throws {
        let s = insertPart
        s.bind(part.id, at: 1)
        s.bind(runID, at: 2)
        s.bind(part.relativePath, at: 3)
        s.bind(part.dataset, at: 4)
        s.bind(part.date, at: 5)
        s.bind(Int64(part.events), at: 6)
        s.bind(Int64(part.bytes), at: 7)
        s.bind(part.minTime, at: 8)
        s.bind(part.maxTime, at: 9)
        _ = try s.step()
        s.reset()
    }

    /// Records an input file and its counts.
    public func addInput(_ input: InputCounts, runID: Int64) throws {
        let s = insertInput
        s.bind(runID, at: 1)
        s.bind(input.path, at: 2)
        s.bind(input.format, at: 3)
        s.bind(Int64(input.bytes), at: 4)
        s.bind(Int64(input.records), at: 5)
        s.bind(Int64(input.events), at: 6)
        s.bind(Int64(input.duplicates), at: 7)
        s.bind(Int64(input.rejects), at: 8)
        s.bind(input.error, at: 9)
        _ = try s.step()
        s.reset()
    }

    /// Records the run itself.
    public func addRun(id: Int64, startedAt: String, finishedAt: String, counts: RunCounts, rejectsPath: String?) throws {
        let s = try db.prepare("""
            INSERT INTO runs (id, started_at, finished_at, inputs, bytes_read, records_read, events_written, duplicates,
              rejects, rejects_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        s.bind(id, at: 1)
        s.bind(startedAt, at: 2)
        s.bind(finishedAt, at: 3)
        s.bind(Int64(counts.inputs.count), at: 4)
        s.bind(Int64(counts.bytes), at: 5)
        s.bind(Int64(counts.records), at: 6)
        s.bind(Int64(counts.events), at: 7)
        s.bind(Int64(counts.duplicates), at: 8)
        s.bind(Int64(counts.rejects), at: 9)
        s.bind(rejectsPath, at: 10)
        _ = try s.step()
    }

    /// Makes the run's rows durable.
    public func commit() throws {
        try db.execute("COMMIT")
        // Keep the planner's statistics current (sampled, so it stays cheap on large lakes).
        try db.execute("PRAGMA analysis_limit = 400; PRAGMA optimize;")
    }

    /// Drops the run's rows.
    public func rollback() { try? db.execute("ROLLBACK") }
}
