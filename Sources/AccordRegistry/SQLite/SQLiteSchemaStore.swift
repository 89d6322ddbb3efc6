import GRDB
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A ``SchemaStore`` in one SQLite file (WAL), created and migrated when opened.
///
/// Writes go through one connection in `BEGIN IMMEDIATE` transactions, so SQLite's own write
/// lock orders writers, also across processes (with a busy timeout); concurrent writes in this
/// process share commits (``SQLiteGroupCommit``). Reads use a few further connections and see
/// WAL snapshots. Statements run synchronously through GRDB with cached prepared statements:
/// they take microseconds, far less than handing each one to a thread pool and back.
public final class SQLiteSchemaStore: SchemaStore {
    private let writer: DatabaseQueue
    private let groupCommit: SQLiteGroupCommit
    private let checkpointer: SQLiteCheckpointer
    private let readers: SQLiteConnectionPool
    private let fingerprints: SQLiteFingerprintIndex
    public let path: String

    private init(
        path: String, writer: DatabaseQueue, checkpointer: SQLiteCheckpointer, readers: SQLiteConnectionPool,
        fingerprints: SQLiteFingerprintIndex
    ) {
        self.path = path
        self.writer = writer
        self.checkpointer = checkpointer
        self.fingerprints = fingerprints
        self.groupCommit = SQLiteGroupCommit(
            connection: writer, fingerprints: fingerprints,
            beforeBatch: { [checkpointer] in
                if checkpointer.wantsHeldPass { await checkpointer.passWithWritesHeld() }
            },
            onCommit: { [checkpointer] in checkpointer.committed() })
        self.readers = readers
    }

    /// Opens (creating and migrating when needed) the database file at `path`.
    ///
    /// - Parameter walCheckpointPages: the WAL size, in pages, past which the writer itself
    ///   checkpoints so that the WAL rewinds; it bounds the WAL under sustained writes.
    public static func open(
        path: String, readConnections: Int = 3, walCheckpointPages: Int = 16_384,
        logger: Logger = Logger(label: "accord.sqlite")
    ) async throws -> SQLiteSchemaStore {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            // Transactions span several `inDatabase` calls (one per statement of a body).
            configuration.allowsUnsafeTransactions = true
            configuration.label = "accord.sqlite"
            var writerConfiguration = configuration
            writerConfiguration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Checkpoints run off the write path (SQLiteCheckpointer); the writer's own, at a
                // high threshold, only bounds the WAL under sustained writes.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(max(1, walCheckpointPages))")
            }
            let writer = try DatabaseQueue(path: path, configuration: writerConfiguration)
            try migrate(writer)
            var readerConnections: [DatabaseQueue] = []
            for _ in 0..<max(1, readConnections) {
                readerConnections.append(try DatabaseQueue(path: path, configuration: configuration))
            }
            let checkpointer = SQLiteCheckpointer(
                connection: try DatabaseQueue(path: path, configuration: configuration), writerThreshold: max(1, walCheckpointPages))
            logger.debug("opened SQLite store", metadata: ["path": "\(path)", "readers": "\(readerConnections.count)"])
            // Loaded now rather than on the first registration.
            let fingerprints = SQLiteFingerprintIndex()
            try writer.inDatabase { db in try fingerprints.catchUp(db) }
            return SQLiteSchemaStore(
                path: path, writer: writer, checkpointer: checkpointer, readers: SQLiteConnectionPool(connections: readerConnections),
                fingerprints: fingerprints)
        } catch let error as DatabaseError {
            throw SchemaStoreError.database("cannot open SQLite database '\(path)': \(error.message ?? "\(error)")")
        }
    }

    private static func migrate(_ connection: DatabaseQueue) throws {
        try connection.inDatabase { db in
            // A migration may rebuild a table that others reference; SQLite's own procedure for
            // that turns foreign keys off (outside the transaction) and checks them before COMMIT.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS accord_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
                let applied = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(version), 0) FROM accord_migrations") ?? 0
                guard applied <= SQLiteMigrations.steps.count else {
                    throw SchemaStoreError.database(
                        "the database is at schema version \(applied), written by a newer Accord (this one knows \(SQLiteMigrations.steps.count)); upgrade accord")
                }
                for (index, statements) in SQLiteMigrations.steps.enumerated() where index + 1 > applied {
                    for statement in statements { try db.execute(sql: statement) }
                    try db.execute(sql: "INSERT INTO accord_migrations (version, applied_at) VALUES (?, ?)", arguments: [index + 1, Clock.millisecondsNow()])
                }
                if try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") != nil {
                    throw SchemaStoreError.database("migrating left rows whose foreign keys point nowhere; the database is unchanged")
                }
                try db.execute(sql: "COMMIT")
            } catch {
                try? db.execute(sql: "ROLLBACK")
                throw error
            }
        }
    }

    public func withTransaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: @escaping @Sendable (any SchemaStoreTransaction) async throws -> T
    ) async throws -> T {
        if kind == .write {
            return try await groupCommit.perform(body)
        }
        let connection = await readers.acquire()
        defer { readers.release(connection) }
        return try await read(on: connection, body)
    }

    private func read<T: Sendable>(
        on connection: DatabaseQueue,
        _ body: @Sendable (any SchemaStoreTransaction) async throws -> T
    ) async throws -> T {
        let transaction = SQLiteTransaction(connection: connection, fingerprints: fingerprints, batch: nil)
        try transaction.execute("BEGIN")
        do {
            let result = try await body(transaction)
            try transaction.execute("COMMIT")
            return result
        } catch {
            try? transaction.execute("ROLLBACK")
            throw error
        }
    }

    public func shutdown() async throws {
        await checkpointer.stop()
        for connection in [writer] + readers.all {
            try? connection.close()
        }
    }
}

enum Clock {
    static func millisecondsNow() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
