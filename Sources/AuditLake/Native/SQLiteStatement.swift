import CSQLite

/// A prepared statement (`sqlite3_stmt*`), finalized in `deinit`.
public final class SQLiteStatement {
    let handle: OpaquePointer
    let connection: SQLiteConnection
    let sql: String

    init(handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds an integer to the 1-based parameter `index`.
    public func bind(_ value: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds text to the 1-based parameter `index` (nil binds NULL).
    public func bind(_ value: String?, at index: Int32) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_text(handle, index, value, -1, transient)
    }

    /// Binds a blob to the 1-based parameter `index` (nil binds NULL).
    public func bind(_ value: [UInt8]?, at index: Int32) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        value.withUnsafeBytes { _ = sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
    }

    /// Binds a Double to the 1-based parameter `index`.
    public func bind(_ value: Double, at index: Int32) {
        sqlite3_bind_double(handle, index, value)
    }

    /// Number of columns in a result row.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of 0-based `column`.
    public func columnName(_ column: Int32) -> String { String(cString: sqlite3_column_name(handle, column)) }

    /// True when the column's value in the current row is NULL.
    public func isNull(at column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The value in 0-based `column` as display text (NULL as nil, blobs as hex).
    public func text(at column: Int32) -> String? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return nil
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, column))
            guard let p = sqlite3_column_blob(handle, column) else { return "" }
            let bytes = UnsafeRawBufferPointer(start: p, count: n)
            return "x'" + bytes.map { String($0, radix: 16).leftPadded(2) }.joined() + "'"
        default: return string(at: column)
        }
    }

    /// True when the statement does not write to the database.
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// Steps once: true when a row is available, false when done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(connection.handle)), sql: sql)
        }
    }

    /// Resets the statement and clears its bindings for the next use.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The integer in 0-based `column` of the current row.
    public func int64(at column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The text in 0-based `column` of the current row, or nil for NULL.
    public func string(at column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: text)
    }
}

extension String {
    /// The string padded on the left with zeros to `width`.
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
