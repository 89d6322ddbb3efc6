import GRDB

/// The registry's operations as SQL on one SQLite connection inside a transaction.
///
/// Every statement runs synchronously on the calling task's thread (GRDB's `inDatabase` runs
/// its closure in place when the connection is free, and the pool hands a connection to one
/// task at a time), through GRDB's per-connection statement cache. A registration therefore
/// costs no thread hops and no SQL parsing after the first.
struct SQLiteTransaction: SchemaStoreTransaction {
    let connection: DatabaseQueue
    /// Fingerprint → id (the table has no index on fingerprints).
    let fingerprints: SQLiteFingerprintIndex
    /// In a write transaction, its group commit's inserts not committed yet and the reads it
    /// keeps; nil in a read transaction.
    let batch: SQLiteWriteBatch?

    static let globalKey = "__GLOBAL"

    static func map(_ error: DatabaseError) -> SchemaStoreError {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT, .SQLITE_BUSY, .SQLITE_LOCKED:
            .conflict(error.message ?? "\(error)")
        default:
            .database(error.message ?? "\(error)")
        }
    }

    /// Runs `work` on the connection, mapping SQLite's errors to ``SchemaStoreError``.
    private func run<T>(_ work: (Database) throws -> T) throws -> T {
        do {
            return try connection.inDatabase(work)
        } catch let error as DatabaseError {
            throw Self.map(error)
        }
    }

    private func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
        try run { db in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) }
    }

    /// Runs one statement (cached), mapping SQLite's errors; also used for transaction control.
    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        try run { db in try db.cachedStatement(sql: sql).execute(arguments: arguments) }
    }

    func lockSubject(_ subject: String) async throws {
        // BEGIN IMMEDIATE already holds the database's write lock.
    }

    func subjectNames(includeDeleted: Bool) async throws -> [String] {
        let sql = includeDeleted
            ? "SELECT DISTINCT subject FROM subject_versions ORDER BY subject"
            : "SELECT DISTINCT subject FROM subject_versions WHERE deleted = 0 ORDER BY subject"
        return try run { db in try String.fetchAll(db.cachedStatement(sql: sql)) }
    }

    private static let versionColumns = "subject, version, schema_id, deleted, created_at"

    private func version(from row: Row) -> SubjectVersion {
        SubjectVersion(
            subject: row[0], version: row[1], schemaID: row[2],
            deleted: (row[3] as Int64) != 0, createdAt: row[4])
    }

    func versions(subject: String) async throws -> [SubjectVersion] {
        try rows("SELECT \(Self.versionColumns) FROM subject_versions WHERE subject = ? ORDER BY version", [subject])
            .map(version(from:))
    }

    func versions(schemaID: Int64) async throws -> [SubjectVersion] {
        try rows("SELECT \(Self.versionColumns) FROM subject_versions WHERE schema_id = ? ORDER BY subject, version", [schemaID])
            .map(version(from:))
    }

    func version(subject: String, version: Int) async throws -> SubjectVersion? {
        try rows("SELECT \(Self.versionColumns) FROM subject_versions WHERE subject = ? AND version = ?", [subject, version])
            .first.map(self.version(from:))
    }

    func latestVersion(subject: String, includeDeleted: Bool) async throws -> SubjectVersion? {
        if let kept = batch?.latestVersion(subject, includeDeleted: includeDeleted) { return kept }
        let sql = includeDeleted
            ? "SELECT \(Self.versionColumns) FROM subject_versions WHERE subject = ? ORDER BY version DESC LIMIT 1"
            : "SELECT \(Self.versionColumns) FROM subject_versions WHERE subject = ? AND deleted = 0 ORDER BY version DESC LIMIT 1"
        let latest = try rows(sql, [subject]).first.map(self.version(from:))
        batch?.keep(latest: latest, subject: subject, includeDeleted: includeDeleted)
        return latest
    }

    func insertVersion(_ version: SubjectVersion) async throws {
        try run { db in try SQLiteDirectInsert.version(db, version) }
        batch?.versionInserted(version)
    }

    func setVersionDeleted(subject: String, version: Int, deleted: Bool) async throws {
        try execute("UPDATE subject_versions SET deleted = ? WHERE subject = ? AND version = ?", [deleted ? 1 : 0, subject, version])
        batch?.versionsChanged(subject)
    }

    func removeVersion(subject: String, version: Int) async throws {
        try execute("DELETE FROM subject_versions WHERE subject = ? AND version = ?", [subject, version])
        batch?.versionsChanged(subject)
    }

    func schema(id: Int64) async throws -> StoredSchema? {
        try run { db -> StoredSchema? in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT fingerprint, text FROM schemas WHERE id = ?"), arguments: [id]) else { return nil }
            let references = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT name, subject, version FROM schema_references WHERE schema_id = ? ORDER BY position"), arguments: [id])
                .map { SchemaReference(name: $0[0], subject: $0[1], version: $0[2]) }
            return StoredSchema(id: id, text: row[1], references: references, fingerprint: row[0])
        }
    }

    func schemaID(fingerprint: String) async throws -> Int64? {
        try schemaID(SQLiteFingerprintIndex.Key(fingerprint))
    }

    private func schemaID(_ key: SQLiteFingerprintIndex.Key) throws -> Int64? {
        if let batch {
            // The writer caught up when its transaction began, under the write lock.
            return batch.schemaID(of: key) ?? fingerprints.id(of: key)
        }
        return try run { db -> Int64? in
            try fingerprints.catchUp(db)
            // The map may know a schema committed after this snapshot began.
            guard let id = fingerprints.id(of: key),
                  try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM schemas WHERE id = ?"), arguments: [id]) == true
            else { return nil }
            return id
        }
    }

    func insertSchema(fingerprint: String, text: String, references: [SchemaReference]) async throws -> Int64 {
        let key = SQLiteFingerprintIndex.Key(fingerprint)
        if let existing = try schemaID(key) { return existing }
        let batch = try writing()
        let id = try run { db -> Int64 in
            try SQLiteDirectInsert.schema(db, fingerprint: fingerprint, text: text, createdAt: Clock.millisecondsNow())
        }
        batch.inserted(key, id: id)
        try insertReferences(references, schemaID: id)
        return id
    }

    func insertSchema(id: Int64, fingerprint: String, text: String, references: [SchemaReference]) async throws {
        let key = SQLiteFingerprintIndex.Key(fingerprint)
        if try schemaID(key) != nil {
            throw SchemaStoreError.conflict("a schema with fingerprint \(fingerprint) is already stored")
        }
        let batch = try writing()
        try execute(
            "INSERT INTO schemas (id, fingerprint, text, created_at) VALUES (?, ?, ?, ?)",
            [id, fingerprint, text, Clock.millisecondsNow()])
        // An id below the sequence's: other processes learn it by reloading (SQLiteFingerprintIndex).
        try execute(
            "INSERT INTO accord_state (key, value) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1",
            [SQLiteFingerprintIndex.importsKey])
        batch.inserted(key, id: id)
        try insertReferences(references, schemaID: id)
    }

    /// Rows inserted, updated or deleted on this connection so far (statements that failed count nothing).
    var totalChanges: Int {
        connection.inDatabase { db in db.totalChangesCount }
    }

    /// Whether a transaction is open on this connection (SQLite ends one by itself on some errors).
    var isInsideTransaction: Bool {
        connection.inDatabase { db in db.isInsideTransaction }
    }

    /// Learns the schemas committed since the last catch-up (a write transaction's first step).
    func catchUpFingerprints() throws {
        try run { db in try fingerprints.catchUp(db) }
    }

    /// The batch of this write transaction; an error in a read transaction.
    private func writing() throws -> SQLiteWriteBatch {
        guard let batch else { throw SchemaStoreError.database("a schema was inserted in a read transaction") }
        return batch
    }

    private func insertReferences(_ references: [SchemaReference], schemaID: Int64) throws {
        for (position, reference) in references.enumerated() {
            try execute(
                "INSERT INTO schema_references (schema_id, position, name, subject, version) VALUES (?, ?, ?, ?, ?)",
                [schemaID, position, reference.name, reference.subject, reference.version])
        }
    }

    func referrers(subject: String, version: Int) async throws -> [Int64] {
        try run { db in
            try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT DISTINCT schema_id FROM schema_references WHERE subject = ? AND version = ? ORDER BY schema_id"),
                arguments: [subject, version])
        }
    }

    func maxSchemaID() async throws -> Int64 {
        try run { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(id), 0) FROM schemas")) } ?? 0
    }

    func config(subject: String?) async throws -> RegistryConfig? {
        try run { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT config FROM configs WHERE subject = ?"), arguments: [subject ?? Self.globalKey])
        }.map(RegistryConfig.init(storageText:))
    }

    func setConfig(_ config: RegistryConfig?, subject: String?) async throws {
        batch?.settingsChanged()
        if let config {
            try execute(
                "INSERT INTO configs (subject, config) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET config = excluded.config",
                [subject ?? Self.globalKey, config.storageText])
        } else {
            try execute("DELETE FROM configs WHERE subject = ?", [subject ?? Self.globalKey])
        }
    }

    func mode(subject: String?) async throws -> RegistryMode? {
        try run { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT mode FROM modes WHERE subject = ?"), arguments: [subject ?? Self.globalKey])
        }.flatMap(RegistryMode.init(rawValue:))
    }

    func settings(subject: String) async throws -> StoredSettings {
        if let kept = batch?.settings(subject) { return kept }
        let settings = try run { db in
            var settings = StoredSettings()
            let rows = try Row.fetchCursor(
                // Four point lookups rather than `subject IN (?1, ?2)`: SQLite builds an ephemeral
                // table for an IN list on every run, which cost a registration about 15 µs.
                db.cachedStatement(sql: """
                    SELECT 0, 1, config FROM configs WHERE subject = ?1
                    UNION ALL SELECT 0, 0, config FROM configs WHERE subject = ?2
                    UNION ALL SELECT 1, 1, mode FROM modes WHERE subject = ?1
                    UNION ALL SELECT 1, 0, mode FROM modes WHERE subject = ?2
                    """),
                arguments: [subject, Self.globalKey])
            while let row = try rows.next() {
                let isMode: Bool = row[0], own: Bool = row[1], text: String = row[2]
                switch (isMode, own) {
                case (false, true): settings.subjectConfig = RegistryConfig(storageText: text)
                case (false, false): settings.globalConfig = RegistryConfig(storageText: text)
                case (true, true): settings.subjectMode = RegistryMode(rawValue: text)
                case (true, false): settings.globalMode = RegistryMode(rawValue: text)
                }
            }
            return settings
        }
        batch?.keep(settings, subject: subject)
        return settings
    }

    func setMode(_ mode: RegistryMode?, subject: String?) async throws {
        batch?.settingsChanged()
        if let mode {
            try execute(
                "INSERT INTO modes (subject, mode) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET mode = excluded.mode",
                [subject ?? Self.globalKey, mode.rawValue])
        } else {
            try execute("DELETE FROM modes WHERE subject = ?", [subject ?? Self.globalKey])
        }
    }
}
