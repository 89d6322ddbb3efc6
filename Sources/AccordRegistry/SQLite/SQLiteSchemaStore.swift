import Logging
import SQLiteNIO

#if canImport(Glibc)
import Glibc
#endif

/// A ``SchemaStore`` in one SQLite file (WAL), created and migrated when opened.
///
/// Writes go through one connection in `BEGIN IMMEDIATE` transactions, so SQLite's own write
/// lock orders writers, also across processes (with a busy timeout); reads use a few further
/// connections and see WAL snapshots.
public final class SQLiteSchemaStore: SchemaStore {
    private let writers: SQLiteConnectionPool
    private let readers: SQLiteConnectionPool
    public let path: String

    private init(path: String, writers: SQLiteConnectionPool, readers: SQLiteConnectionPool) {
        self.path = path
        self.writers = writers
        self.readers = readers
    }

    /// Opens (creating and migrating when needed) the database file at `path`.
    public static func open(path: String, readConnections: Int = 3, logger: Logger = Logger(label: "accord.sqlite")) async throws -> SQLiteSchemaStore {
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON"] {
                _ = try await writer.query(pragma)
            }
            try await migrate(writer)
            var readerConnections: [SQLiteConnection] = []
            for _ in 0..<max(1, readConnections) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                _ = try await reader.query("PRAGMA busy_timeout = 10000")
                readerConnections.append(reader)
            }
            return SQLiteSchemaStore(
                path: path, writers: SQLiteConnectionPool(connections: [writer]),
                readers: SQLiteConnectionPool(connections: readerConnections))
        } catch let error as SQLiteError {
            throw SchemaStoreError.database("cannot open SQLite database '\(path)': \(error.message)")
        }
    }

    private static func migrate(_ connection: SQLiteConnection) async throws {
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            _ = try await connection.query("CREATE TABLE IF NOT EXISTS accord_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
            let applied = try await connection.query("SELECT COALESCE(MAX(version), 0) AS v FROM accord_migrations").first?.column("v")?.integer ?? 0
            for (index, statements) in SQLiteMigrations.steps.enumerated() where index + 1 > applied {
                for statement in statements { _ = try await connection.query(statement) }
                _ = try await connection.query("INSERT INTO accord_migrations (version, applied_at) VALUES (?, ?)", [.integer(index + 1), .integer(Int(Clock.millisecondsNow()))])
            }
            _ = try await connection.query("COMMIT")
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    public func withTransaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: @Sendable (any SchemaStoreTransaction) async throws -> T
    ) async throws -> T {
        let pool = kind == .write ? writers : readers
        let connection = await pool.acquire()
        do {
            let result = try await run(kind, on: connection, body)
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    private func run<T: Sendable>(
        _ kind: TransactionKind, on connection: SQLiteConnection,
        _ body: @Sendable (any SchemaStoreTransaction) async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                _ = try await connection.query(kind == .write ? "BEGIN IMMEDIATE" : "BEGIN")
                do {
                    let result = try await body(SQLiteTransaction(connection: connection))
                    _ = try await connection.query("COMMIT")
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK")
                    throw error
                }
            } catch let error as SQLiteError {
                let mapped = SQLiteTransaction.map(error)
                if case .conflict = mapped, attempt < 5 { continue }
                throw mapped
            } catch SchemaStoreError.conflict(let message) {
                if attempt < 5 { continue }
                throw SchemaStoreError.conflict(message)
            }
        }
    }

    public func shutdown() async throws {
        for connection in writers.all + readers.all {
            try? await connection.close()
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
