/// The index DDL: the text of `schemas/index.sql` (a test keeps the two equal).
enum IndexSchema {
    static let sql = """
-- auditlake index (index.sqlite): the one place its tables are defined.
-- Sources/AuditLake/Output/IndexSchema.swift carries this text; a test checks they are equal.
PRAGMA page_size = 16384;
PRAGMA user_version = 2;

-- One row per ingest run that committed.
CREATE TABLE IF NOT EXISTS runs (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL,       -- UTC, RFC 3339
    finished_at     TEXT NOT NULL,
    inputs          INTEGER NOT NULL,
    bytes_read      INTEGER NOT NULL,
    records_read    INTEGER NOT NULL,
    events_written  INTEGER NOT NULL,
    duplicates      INTEGER NOT NULL,
    rejects         INTEGER NOT NULL,
    rejects_path    TEXT                 -- relative to the lake, NULL when none
);

-- Every input file of every run, with its counts.
CREATE TABLE IF NOT EXISTS inputs (
    run_id          INTEGER NOT NULL REFERENCES runs(id),
    path            TEXT NOT NULL,
    format          TEXT,
    bytes           INTEGER NOT NULL,
    records_read    INTEGER NOT NULL,
    events_written  INTEGER NOT NULL,
    duplicates      INTEGER NOT NULL,
    rejects         INTEGER NOT NULL,
    error           TEXT                 -- why (part of) the file could not be read
);

-- Every part file (relative path), one partition each.
CREATE TABLE IF NOT EXISTS parts (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs(id),
    path            TEXT NOT NULL UNIQUE,
    dataset         TEXT NOT NULL,
    date            TEXT NOT NULL,
    events          INTEGER NOT NULL,
    bytes           INTEGER NOT NULL,
    min_time        INTEGER NOT NULL,
    max_time        INTEGER NOT NULL
);

-- One row per event: what people filter on, and where the full record lives.
CREATE TABLE IF NOT EXISTS events (
    time            INTEGER NOT NULL,    -- @timestamp, UTC microseconds since 1970
    dataset         TEXT NOT NULL,
    action          TEXT,
    category        TEXT,                -- event.category values joined by ','
    outcome         TEXT,
    user            TEXT,                -- user.email, else user.id (lower case); --user NAME finds NAME@*
    user_name       TEXT,                -- user.name (lower case)
    user_id         TEXT,                -- user.id (lower case) when it differs from user
    target_user     TEXT,                -- user.target.email, else user.target.id (lower case)
    target_user_name TEXT,               -- user.target.name (lower case): the account logged on or acted on
    source_ip       TEXT,                -- canonical text
    source_ip_key   BLOB,                -- 16 bytes, IPv4 as ::ffff:a.b.c.d, for CIDR ranges
    host            TEXT,
    code            TEXT,
    event_id        TEXT,
    part_id         INTEGER NOT NULL REFERENCES parts(id),
    member_offset   INTEGER NOT NULL,    -- byte offset of the gzip member in the part file
    member_index    INTEGER NOT NULL     -- 0-based line within the member
);
CREATE INDEX IF NOT EXISTS events_time ON events(time);
CREATE INDEX IF NOT EXISTS events_user ON events(user);
CREATE INDEX IF NOT EXISTS events_user_name ON events(user_name);
CREATE INDEX IF NOT EXISTS events_user_id ON events(user_id);
CREATE INDEX IF NOT EXISTS events_target_user ON events(target_user);
CREATE INDEX IF NOT EXISTS events_target_user_name ON events(target_user_name);
CREATE INDEX IF NOT EXISTS events_source_ip ON events(source_ip_key);
CREATE INDEX IF NOT EXISTS events_action ON events(action);
CREATE INDEX IF NOT EXISTS events_dataset ON events(dataset, time);

-- Changes made to the index of a lake an older auditlake wrote: the events of runs before
-- `first_run` have NULL in the columns the change added (version 2: target_user_name).
CREATE TABLE IF NOT EXISTS upgrades (
    version         INTEGER PRIMARY KEY, -- the user_version the change brought the index to
    first_run       INTEGER NOT NULL     -- the first run whose events fill the new columns
);

-- What makes two records the same one, for every event committed: M365 Id (GUIDs lower case),
-- Windows Computer|Channel|EventRecordID|TimeCreated. Filled once per run in key order, so a
-- re-run adds only what is new without slowing the insert of every event.
CREATE TABLE IF NOT EXISTS dedupe_keys (
    key             BLOB PRIMARY KEY     -- 0x01 + 16 bytes for a GUID, 0x02 + UTF-8 text otherwise
) WITHOUT ROWID;

"""

    /// Brings the index of a lake an older auditlake wrote up to this schema before `sql` runs:
    /// a version-1 index gets `target_user_name` (NULL for its events), and a note in `upgrades`
    /// of the first run that fills it.
    static func upgrade(_ db: SQLiteConnection) throws {
        let tables = try db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")
        guard try tables.step() else { return }  // a new lake: `sql` makes it whole
        guard try !columns(of: "events", in: db).contains("target_user_name") else { return }
        try db.execute("""
            ALTER TABLE events ADD COLUMN target_user_name TEXT;
            CREATE TABLE IF NOT EXISTS upgrades (version INTEGER PRIMARY KEY, first_run INTEGER NOT NULL);
            INSERT OR IGNORE INTO upgrades (version, first_run) SELECT 2, COALESCE(MAX(id), 0) + 1 FROM runs;
            """)
    }

    /// The column names of `table`.
    static func columns(of table: String, in db: SQLiteConnection) throws -> Set<String> {
        let info = try db.prepare("SELECT name FROM pragma_table_info('\(table)')")
        var names = Set<String>()
        while try info.step() { if let name = info.string(at: 0) { names.insert(name) } }
        return names
    }
}
