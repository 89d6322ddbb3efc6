import SQLiteNIO

/// The registry's operations as SQL on one SQLite connection inside a transaction.
struct SQLiteTransaction: SchemaStoreTransaction {
    let connection: SQLiteConnection

    static let globalKey = "__GLOBAL"

    static func map(_ error: SQLiteError) -> SchemaStoreError {
        switch error.reason {
        case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed, .busy, .busyTimeout, .locked, .busyInRecovery, .busyInSnapshot:
            .conflict(error.message)
        default:
            .database(error.message)
        }
    }

    private func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        do {
            return try await connection.query(sql, binds)
        } catch let error as SQLiteError {
            throw Self.map(error)
        }
    }

    func lockSubject(_ subject: String) async throws {
        // BEGIN IMMEDIATE already holds the database's write lock.
    }

    func subjectNames(includeDeleted: Bool) async throws -> [String] {
        let sql = includeDeleted
            ? "SELECT DISTINCT subject FROM subject_versions ORDER BY subject"
            : "SELECT DISTINCT subject FROM subject_versions WHERE deleted = 0 ORDER BY subject"
        return try await query(sql).compactMap { $0.column("subject")?.string }
    }

    private func version(from row: SQLiteRow) -> SubjectVersion {
        SubjectVersion(
            subject: row.column("subject")?.string ?? "",
            version: row.column("version")?.integer ?? 0,
            schemaID: Int64(row.column("schema_id")?.integer ?? 0),
            deleted: (row.column("deleted")?.integer ?? 0) != 0,
            createdAt: Int64(row.column("created_at")?.integer ?? 0))
    }

    func versions(subject: String) async throws -> [SubjectVersion] {
        try await query("SELECT subject, version, schema_id, deleted, created_at FROM subject_versions WHERE subject = ? ORDER BY version", [.text(subject)])
            .map(version(from:))
    }

    func versions(schemaID: Int64) async throws -> [SubjectVersion] {
        try await query("SELECT subject, version, schema_id, deleted, created_at FROM subject_versions WHERE schema_id = ? ORDER BY subject, version", [.integer(Int(schemaID))])
            .map(version(from:))
    }

    func version(subject: String, version: Int) async throws -> SubjectVersion? {
        try await query("SELECT subject, version, schema_id, deleted, created_at FROM subject_versions WHERE subject = ? AND version = ?", [.text(subject), .integer(version)])
            .first.map(self.version(from:))
    }

    func latestVersion(subject: String, includeDeleted: Bool) async throws -> SubjectVersion? {
        let sql = includeDeleted
            ? "SELECT subject, version, schema_id, deleted, created_at FROM subject_versions WHERE subject = ? ORDER BY version DESC LIMIT 1"
            : "SELECT subject, version, schema_id, deleted, created_at FROM subject_versions WHERE subject = ? AND deleted = 0 ORDER BY version DESC LIMIT 1"
        return try await query(sql, [.text(subject)]).first.map(self.version(from:))
    }

    func insertVersion(_ version: SubjectVersion) async throws {
        _ = try await query(
            "INSERT INTO subject_versions (subject, version, schema_id, deleted, created_at) VALUES (?, ?, ?, ?, ?)",
            [.text(version.subject), .integer(version.version), .integer(Int(version.schemaID)), .integer(version.deleted ? 1 : 0), .integer(Int(version.createdAt))])
    }

    func setVersionDeleted(subject: String, version: Int, deleted: Bool) async throws {
        _ = try await query("UPDATE subject_versions SET deleted = ? WHERE subject = ? AND version = ?", [.integer(deleted ? 1 : 0), .text(subject), .integer(version)])
    }

    func removeVersion(subject: String, version: Int) async throws {
        _ = try await query("DELETE FROM subject_versions WHERE subject = ? AND version = ?", [.text(subject), .integer(version)])
    }

    func schema(id: Int64) async throws -> StoredSchema? {
        guard let row = try await query("SELECT id, fingerprint, text FROM schemas WHERE id = ?", [.integer(Int(id))]).first else { return nil }
        let references = try await query("SELECT name, subject, version FROM schema_references WHERE schema_id = ? ORDER BY position", [.integer(Int(id))])
            .map { SchemaReference(name: $0.column("name")?.string ?? "", subject: $0.column("subject")?.string ?? "", version: $0.column("version")?.integer ?? 0) }
        return StoredSchema(id: id, text: row.column("text")?.string ?? "", references: references, fingerprint: row.column("fingerprint")?.string ?? "")
    }

    func schemaID(fingerprint: String) async throws -> Int64? {
        try await query("SELECT id FROM schemas WHERE fingerprint = ?", [.text(fingerprint)]).first?.column("id")?.integer.map(Int64.init)
    }

    func insertSchema(fingerprint: String, text: String, references: [SchemaReference]) async throws -> Int64 {
        if let existing = try await schemaID(fingerprint: fingerprint) { return existing }
        let rows = try await query(
            "INSERT INTO schemas (fingerprint, text, created_at) VALUES (?, ?, ?) RETURNING id",
            [.text(fingerprint), .text(text), .integer(Int(Clock.millisecondsNow()))])
        guard let id = rows.first?.column("id")?.integer else { throw SchemaStoreError.database("INSERT … RETURNING id returned no row") }
        try await insertReferences(references, schemaID: Int64(id))
        return Int64(id)
    }

    func insertSchema(id: Int64, fingerprint: String, text: String, references: [SchemaReference]) async throws {
        _ = try await query(
            "INSERT INTO schemas (id, fingerprint, text, created_at) VALUES (?, ?, ?, ?)",
            [.integer(Int(id)), .text(fingerprint), .text(text), .integer(Int(Clock.millisecondsNow()))])
        try await insertReferences(references, schemaID: id)
    }

    private func insertReferences(_ references: [SchemaReference], schemaID: Int64) async throws {
        for (position, reference) in references.enumerated() {
            _ = try await query(
                "INSERT INTO schema_references (schema_id, position, name, subject, version) VALUES (?, ?, ?, ?, ?)",
                [.integer(Int(schemaID)), .integer(position), .text(reference.name), .text(reference.subject), .integer(reference.version)])
        }
    }

    func referrers(subject: String, version: Int) async throws -> [Int64] {
        try await query("SELECT DISTINCT schema_id FROM schema_references WHERE subject = ? AND version = ? ORDER BY schema_id", [.text(subject), .integer(version)])
            .compactMap { $0.column("schema_id")?.integer.map(Int64.init) }
    }

    func maxSchemaID() async throws -> Int64 {
        Int64(try await query("SELECT COALESCE(MAX(id), 0) AS m FROM schemas").first?.column("m")?.integer ?? 0)
    }

    func config(subject: String?) async throws -> RegistryConfig? {
        try await query("SELECT config FROM configs WHERE subject = ?", [.text(subject ?? Self.globalKey)])
            .first?.column("config")?.string.map(RegistryConfig.init(storageText:))
    }

    func setConfig(_ config: RegistryConfig?, subject: String?) async throws {
        if let config {
            _ = try await query(
                "INSERT INTO configs (subject, config) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET config = excluded.config",
                [.text(subject ?? Self.globalKey), .text(config.storageText)])
        } else {
            _ = try await query("DELETE FROM configs WHERE subject = ?", [.text(subject ?? Self.globalKey)])
        }
    }

    func mode(subject: String?) async throws -> RegistryMode? {
        try await query("SELECT mode FROM modes WHERE subject = ?", [.text(subject ?? Self.globalKey)])
            .first?.column("mode")?.string.flatMap(RegistryMode.init(rawValue:))
    }

    func setMode(_ mode: RegistryMode?, subject: String?) async throws {
        if let mode {
            _ = try await query(
                "INSERT INTO modes (subject, mode) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET mode = excluded.mode",
                [.text(subject ?? Self.globalKey), .text(mode.rawValue)])
        } else {
            _ = try await query("DELETE FROM modes WHERE subject = ?", [.text(subject ?? Self.globalKey)])
        }
    }
}
