import GRDB
import GRDBSQLite

/// A registration's two INSERTs, run through SQLite's C API on GRDB's cached statements.
///
/// Binding through GRDB (a `StatementArguments` array, each text copied by SQLite as
/// `SQLITE_TRANSIENT`) cost more than the insert itself: 1.5–2.0 µs against 0.8–0.9 µs per
/// INSERT of a schema row (200 000 in one transaction, this project's 2-core VM), and every
/// registration runs two of them on the single writer. Texts are bound `SQLITE_STATIC`: their
/// bytes stay valid while the statement steps, inside `withUTF8`, and the bindings are cleared
/// before that scope ends.
enum SQLiteDirectInsert {
    static let schemaSQL = "INSERT INTO schemas (fingerprint, text, created_at) VALUES (?, ?, ?)"
    static let versionSQL = "INSERT INTO subject_versions (subject, version, schema_id, deleted, created_at) VALUES (?, ?, ?, ?, ?)"

    /// Inserts a schema row; returns its id.
    static func schema(_ db: Database, fingerprint: String, text: String, createdAt: Int64) throws -> Int64 {
        let statement = try prepared(db, schemaSQL)
        var fingerprint = fingerprint, text = text
        let code = fingerprint.withUTF8 { fingerprint in
            text.withUTF8 { text in
                bind(statement, 1, fingerprint)
                bind(statement, 2, text)
                sqlite3_bind_int64(statement, 3, createdAt)
                return step(statement)
            }
        }
        try check(code, db, schemaSQL)
        return sqlite3_last_insert_rowid(db.sqliteConnection)
    }

    /// Inserts a subject version row.
    static func version(_ db: Database, _ version: SubjectVersion) throws {
        let statement = try prepared(db, versionSQL)
        var subject = version.subject
        let code = subject.withUTF8 { subject in
            bind(statement, 1, subject)
            sqlite3_bind_int64(statement, 2, Int64(version.version))
            sqlite3_bind_int64(statement, 3, version.schemaID)
            sqlite3_bind_int64(statement, 4, version.deleted ? 1 : 0)
            sqlite3_bind_int64(statement, 5, version.createdAt)
            return step(statement)
        }
        try check(code, db, versionSQL)
    }

    /// GRDB's cached statement for `sql`, reset (GRDB resets a statement when it next runs it,
    /// not after) so that it can be bound.
    private static func prepared(_ db: Database, _ sql: String) throws -> OpaquePointer {
        let statement = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(statement)
        return statement
    }

    private static let empty: StaticString = ""

    /// Binds `bytes` as text without a copy (`SQLITE_STATIC`: a nil destructor).
    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        // A nil pointer would bind SQL NULL; an empty text needs a valid one.
        let base = UnsafeRawPointer(bytes.baseAddress ?? empty.utf8Start)
        sqlite3_bind_text(statement, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    /// Steps `statement` once, then resets it and clears its bindings (they point at memory
    /// valid only in the caller's scope). Returns the step's result code.
    private static func step(_ statement: OpaquePointer) -> Int32 {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        return code
    }

    /// Throws GRDB's error for a step that did not finish (constraint, busy, I/O), as GRDB would.
    private static func check(_ code: Int32, _ db: Database, _ sql: String) throws {
        guard code != SQLITE_DONE else { return }
        let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
