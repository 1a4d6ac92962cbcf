import AuditLake
import XCTest

/// The SQLite handle classes against a real database file.
final class SQLiteConnectionTests: XCTestCase {
    func testWriteReadAndErrors() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("t.sqlite").path
        do {
            let db = try SQLiteConnection(path: path)
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
            let insert = try db.prepare("INSERT INTO t (id, name) VALUES (?, ?)")
            for (id, name) in [(1, "alice"), (2, nil), (3, "ünï")] as [(Int64, String?)] {
                insert.bind(id, at: 1)
                insert.bind(name, at: 2)
                XCTAssertFalse(try insert.step())
                insert.reset()
            }
        }
        let db = try SQLiteConnection(path: path, readOnly: true)
        let select = try db.prepare("SELECT id, name FROM t ORDER BY id")
        var rows: [String] = []
        while try select.step() { rows.append("\(select.int64(at: 0)):\(select.string(at: 1) ?? "NULL")") }
        XCTAssertEqual(rows, ["1:alice", "2:NULL", "3:ünï"])
        XCTAssertThrowsError(try db.execute("INSERT INTO t VALUES (4, 'x')")) { error in
            let e = error as? SQLiteError
            XCTAssertEqual(e?.code, 8)  // SQLITE_READONLY
            XCTAssertEqual(e?.sql, "INSERT INTO t VALUES (4, 'x')")
        }
        XCTAssertThrowsError(try db.prepare("SELECT nope FROM t")) { error in
            XCTAssertEqual((error as? SQLiteError)?.message, "no such column: nope")
        }
    }
}
