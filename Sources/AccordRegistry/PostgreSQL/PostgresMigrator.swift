import Logging
import PostgresNIO

/// Brings a database up to ``PostgresMigrations/steps`` over one direct connection (so a wrong
/// host, port or password fails at once with PostgreSQL's own reason).
struct PostgresMigrator {
    let location: PostgresLocation
    let logger: Logger

    func migrate() async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: PostgresSchemaStore.connectionConfiguration(location), id: 0, logger: logger)
        } catch let error as SchemaStoreError {
            throw error
        } catch {
            throw SchemaStoreError.database("cannot connect to \(location.redacted): \(PostgresErrors.map(error))")
        }
        do {
            try await migrate(on: connection)
        } catch {
            try? await connection.close()
            throw PostgresErrors.map(error)
        }
        try? await connection.close()
    }

    private func migrate(on connection: PostgresConnection) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            // One migrator at a time across every process sharing the database.
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(PostgresMigrations.lockNamespace), \(PostgresMigrations.migrationLockKey))",
                logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS accord_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)",
                logger: logger)
            let applied = try await connection.query("SELECT COALESCE(MAX(version), 0)::bigint FROM accord_migrations", logger: logger)
                .collect().first.map { try $0.decode(Int64.self) } ?? 0
            let known = PostgresMigrations.steps.count
            guard applied <= known else {
                throw SchemaStoreError.database(
                    "\(location.redacted) is at schema version \(applied), newer than this accord knows (\(known)); upgrade accord")
            }
            for (index, statements) in PostgresMigrations.steps.enumerated() where index + 1 > applied {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO accord_migrations (version, applied_at) VALUES (\(index + 1), \(Clock.millisecondsNow()))",
                    logger: logger)
                logger.info("migrated PostgreSQL schema", metadata: ["version": "\(index + 1)"])
            }
        }
    }
}
