import Logging
import PostgresNIO

/// The registry's operations as SQL on one PostgreSQL connection inside a transaction.
///
/// Write transactions run at READ COMMITTED, so every statement sees what other processes have
/// committed, and take transaction-scoped advisory locks where order matters:
/// ``lockSubject(_:)`` serializes writers of one subject (so "next version = highest + 1" is
/// computed by one writer at a time, in any number of processes), and ``insertSchema(fingerprint:text:references:)``
/// serializes writers of one fingerprint (so a concurrent twin finds the committed row instead of
/// burning a sequence value). The primary keys and the fingerprint's unique constraint back both
/// up: a violation surfaces as ``SchemaStoreError/conflict(_:)`` and the store retries.
struct PostgresTransaction: SchemaStoreTransaction {
    let connection: PostgresConnection
    let logger: Logger

    static let globalKey = "__GLOBAL"
    private static let subjectLockNamespace = PostgresMigrations.lockNamespace + 1
    private static let fingerprintLockNamespace = PostgresMigrations.lockNamespace + 2

    @discardableResult
    private func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await connection.query(query, logger: logger).collect()
        } catch {
            throw PostgresErrors.map(error)
        }
    }

    private func decode<each Column: PostgresDecodable>(_ row: PostgresRow, _ type: (repeat each Column).Type) throws -> (repeat each Column) {
        do {
            return try row.decode((repeat each Column).self)
        } catch {
            throw SchemaStoreError.database("unexpected column type from PostgreSQL: \(String(reflecting: error))")
        }
    }

    func lockSubject(_ subject: String) async throws {
        try await query("SELECT pg_advisory_xact_lock(\(Self.subjectLockNamespace), hashtext(\(subject)))")
    }

    func subjectNames(includeDeleted: Bool) async throws -> [String] {
        let rows = includeDeleted
            ? try await query("SELECT subject FROM accord_subject_versions GROUP BY subject ORDER BY subject COLLATE \"C\"")
            : try await query("SELECT subject FROM accord_subject_versions WHERE NOT deleted GROUP BY subject ORDER BY subject COLLATE \"C\"")
        return try rows.map { try decode($0, String.self) }
    }

    private func version(from row: PostgresRow) throws -> SubjectVersion {
        let (subject, version, schemaID, deleted, createdAt) = try decode(row, (String, Int, Int64, Bool, Int64).self)
        return SubjectVersion(subject: subject, version: version, schemaID: schemaID, deleted: deleted, createdAt: createdAt)
    }

    func versions(subject: String) async throws -> [SubjectVersion] {
        try await query("""
            SELECT subject, version, schema_id, deleted, created_at FROM accord_subject_versions
            WHERE subject = \(subject) ORDER BY version
            """).map(version(from:))
    }

    func versions(schemaID: Int64) async throws -> [SubjectVersion] {
        try await query("""
            SELECT subject, version, schema_id, deleted, created_at FROM accord_subject_versions
            WHERE schema_id = \(schemaID) ORDER BY subject COLLATE "C", version
            """).map(version(from:))
    }

    func insertVersion(_ version: SubjectVersion) async throws {
        try await query("""
            INSERT INTO accord_subject_versions (subject, version, schema_id, deleted, created_at)
            VALUES (\(version.subject), \(version.version), \(version.schemaID), \(version.deleted), \(version.createdAt))
            """)
    }

    func setVersionDeleted(subject: String, version: Int, deleted: Bool) async throws {
        try await query("UPDATE accord_subject_versions SET deleted = \(deleted) WHERE subject = \(subject) AND version = \(version)")
    }

    func removeVersion(subject: String, version: Int) async throws {
        try await query("DELETE FROM accord_subject_versions WHERE subject = \(subject) AND version = \(version)")
    }

    func schema(id: Int64) async throws -> StoredSchema? {
        guard let row = try await query("SELECT fingerprint, text FROM accord_schemas WHERE id = \(id)").first else { return nil }
        let (fingerprint, text) = try decode(row, (String, String).self)
        return StoredSchema(id: id, text: text, references: try await references(schemaID: id), fingerprint: fingerprint)
    }

    private func references(schemaID: Int64) async throws -> [SchemaReference] {
        try await query("SELECT name, subject, version FROM accord_schema_references WHERE schema_id = \(schemaID) ORDER BY position")
            .map { row in
                let (name, subject, version) = try decode(row, (String, String, Int).self)
                return SchemaReference(name: name, subject: subject, version: version)
            }
    }

    func schemaID(fingerprint: String) async throws -> Int64? {
        try await query("SELECT id FROM accord_schemas WHERE fingerprint = \(fingerprint)").first.map { try decode($0, Int64.self) }
    }

    func insertSchema(fingerprint: String, text: String, references: [SchemaReference]) async throws -> Int64 {
        try await query("SELECT pg_advisory_xact_lock(\(Self.fingerprintLockNamespace), hashtext(\(fingerprint)))")
        if let existing = try await schemaID(fingerprint: fingerprint) { return existing }
        let inserted = try await query("""
            INSERT INTO accord_schemas (fingerprint, text, created_at) VALUES (\(fingerprint), \(text), \(Clock.millisecondsNow()))
            ON CONFLICT (fingerprint) DO NOTHING RETURNING id
            """)
        guard let row = inserted.first else {
            // Committed by a writer that did not take the advisory lock (an older Accord, a
            // hash-collision peer): read the winner's id.
            guard let existing = try await schemaID(fingerprint: fingerprint) else {
                throw SchemaStoreError.conflict("schema \(fingerprint.prefix(12))… was inserted and removed concurrently")
            }
            return existing
        }
        let id = try decode(row, Int64.self)
        try await insertReferences(references, schemaID: id)
        return id
    }

    func insertSchema(id: Int64, fingerprint: String, text: String, references: [SchemaReference]) async throws {
        try await query("SELECT pg_advisory_xact_lock(\(Self.fingerprintLockNamespace), hashtext(\(fingerprint)))")
        try await query("""
            INSERT INTO accord_schemas (id, fingerprint, text, created_at) VALUES (\(id), \(fingerprint), \(text), \(Clock.millisecondsNow()))
            """)
        try await insertReferences(references, schemaID: id)
        // Keep the sequence past every explicit id so it never hands `id` out. nextval() is
        // atomic across sessions; setval only moves it forward.
        try await query("""
            SELECT CASE WHEN \(id) >= nextval('accord_schema_ids') THEN setval('accord_schema_ids', \(id)) END
            """)
    }

    private func insertReferences(_ references: [SchemaReference], schemaID: Int64) async throws {
        for (position, reference) in references.enumerated() {
            try await query("""
                INSERT INTO accord_schema_references (schema_id, position, name, subject, version)
                VALUES (\(schemaID), \(position), \(reference.name), \(reference.subject), \(reference.version))
                """)
        }
    }

    func referrers(subject: String, version: Int) async throws -> [Int64] {
        try await query("""
            SELECT DISTINCT schema_id FROM accord_schema_references
            WHERE subject = \(subject) AND version = \(version) ORDER BY schema_id
            """).map { try decode($0, Int64.self) }
    }

    func maxSchemaID() async throws -> Int64 {
        try await query("SELECT COALESCE(MAX(id), 0)::bigint FROM accord_schemas").first.map { try decode($0, Int64.self) } ?? 0
    }

    func config(subject: String?) async throws -> RegistryConfig? {
        try await query("SELECT config FROM accord_configs WHERE subject = \(subject ?? Self.globalKey)")
            .first.map { RegistryConfig(storageText: try decode($0, String.self)) }
    }

    func setConfig(_ config: RegistryConfig?, subject: String?) async throws {
        let key = subject ?? Self.globalKey
        if let config {
            try await query("""
                INSERT INTO accord_configs (subject, config) VALUES (\(key), \(config.storageText))
                ON CONFLICT (subject) DO UPDATE SET config = EXCLUDED.config
                """)
        } else {
            try await query("DELETE FROM accord_configs WHERE subject = \(key)")
        }
    }

    func mode(subject: String?) async throws -> RegistryMode? {
        try await query("SELECT mode FROM accord_modes WHERE subject = \(subject ?? Self.globalKey)")
            .first.flatMap { RegistryMode(rawValue: try decode($0, String.self)) }
    }

    func settings(subject: String) async throws -> StoredSettings {
        var settings = StoredSettings()
        let rows = try await query("""
            SELECT 0, subject = \(subject), config FROM accord_configs WHERE subject IN (\(subject), \(Self.globalKey))
            UNION ALL SELECT 1, subject = \(subject), mode FROM accord_modes WHERE subject IN (\(subject), \(Self.globalKey))
            """)
        for row in rows {
            let (kind, own, text) = try decode(row, (Int32, Bool, String).self)
            switch (kind == 1, own) {
            case (false, true): settings.subjectConfig = RegistryConfig(storageText: text)
            case (false, false): settings.globalConfig = RegistryConfig(storageText: text)
            case (true, true): settings.subjectMode = RegistryMode(rawValue: text)
            case (true, false): settings.globalMode = RegistryMode(rawValue: text)
            }
        }
        return settings
    }

    func setMode(_ mode: RegistryMode?, subject: String?) async throws {
        let key = subject ?? Self.globalKey
        if let mode {
            try await query("""
                INSERT INTO accord_modes (subject, mode) VALUES (\(key), \(mode.rawValue))
                ON CONFLICT (subject) DO UPDATE SET mode = EXCLUDED.mode
                """)
        } else {
            try await query("DELETE FROM accord_modes WHERE subject = \(key)")
        }
    }
}
