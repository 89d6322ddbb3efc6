import Logging
import PostgresNIO

/// A ``SchemaStore`` on PostgreSQL (postgres-nio's `PostgresClient` pool), for `accord serve
/// --database postgres://USER:PASSWORD@HOST:PORT/DATABASE`.
///
/// Several processes may share one database. Correctness comes from PostgreSQL alone: schema ids
/// from a sequence (never handed out twice, not even after a permanent delete), `(subject,
/// version)` and `fingerprint` unique, per-subject and per-fingerprint advisory locks held until
/// commit, and a bounded retry of any transaction that hits a unique violation, serialization
/// failure, deadlock or lock timeout. Opening the store migrates the database (see
/// ``PostgresMigrations``).
public final class PostgresSchemaStore: SchemaStore {
    /// How many times a transaction that met a conflict runs before the conflict is reported.
    static let maximumAttempts = 16

    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// The database, with the password masked.
    public let description: String

    private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger, description: String) {
        self.client = client
        self.runner = runner
        self.logger = logger
        self.description = description
    }

    /// Connects to `url` (see ``PostgresLocation`` for the accepted form), migrates the database,
    /// and starts a connection pool. Fails with ``SchemaStoreError`` when the URL is malformed,
    /// the server cannot be reached or refuses the credentials, or the database was migrated by
    /// a newer Accord.
    public static func open(url: String, logger: Logger = Logger(label: "accord.store.postgres")) async throws -> PostgresSchemaStore {
        let location = try PostgresLocation(parsing: url)
        try await PostgresMigrator(location: location, logger: logger).migrate()
        let client = PostgresClient(configuration: try clientConfiguration(location), backgroundLogger: logger)
        let runner = Task { await client.run() }
        logger.info("PostgreSQL store open", metadata: ["database": "\(location.redacted)"])
        return PostgresSchemaStore(client: client, runner: runner, logger: logger, description: location.redacted)
    }

    public func withTransaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: @escaping @Sendable (any SchemaStoreTransaction) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in
                    try await Self.run(kind, body, on: connection, logger: logger)
                }
            } catch SchemaStoreError.conflict(let message) where attempt < Self.maximumAttempts {
                logger.debug("retrying a conflicting transaction", metadata: ["attempt": "\(attempt)", "conflict": "\(message)"])
                attempt += 1
                // Jittered, growing back-off, so racing writers stop colliding.
                let ceiling = min(2 << min(attempt, 6), 100)
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...ceiling)))
            } catch let error as PSQLError {
                throw PostgresErrors.map(error)
            }
        }
    }

    private static func run<T: Sendable>(
        _ kind: TransactionKind,
        _ body: @escaping @Sendable (any SchemaStoreTransaction) async throws -> T,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> T {
        let begin: PostgresQuery = switch kind {
        case .read: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        case .write: "BEGIN ISOLATION LEVEL READ COMMITTED"
        }
        do {
            try await connection.query(begin, logger: logger)
        } catch {
            throw PostgresErrors.map(error)
        }
        let value: T
        do {
            value = try await body(PostgresTransaction(connection: connection, logger: logger))
        } catch {
            do {
                try await connection.query("ROLLBACK", logger: logger)
            } catch {
                // The connection is unusable; closing it keeps it out of the pool.
                connection.close().whenComplete { _ in }
            }
            throw error
        }
        do {
            try await connection.query("COMMIT", logger: logger)
        } catch {
            throw PostgresErrors.map(error)
        }
        return value
    }

    public func shutdown() async throws {
        runner.cancel()
        await runner.value
    }

    static func clientConfiguration(_ location: PostgresLocation) throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socket = location.unixSocketPath {
            configuration = .init(unixSocketPath: socket, username: location.username, password: location.password, database: location.database)
        } else {
            let tls: PostgresClient.Configuration.TLS = switch location.tls {
            case .disable: .disable
            case .prefer: .prefer(unverifiedTLS)
            case .require: .require(unverifiedTLS)
            case .verify: .require(.makeClientConfiguration())
            }
            configuration = .init(host: location.host, port: location.port, username: location.username, password: location.password, database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = sessionSettings
        configuration.options.maximumConnections = 16
        return configuration
    }

    static func connectionConfiguration(_ location: PostgresLocation) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socket = location.unixSocketPath {
            configuration = .init(unixSocketPath: socket, username: location.username, password: location.password, database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                tls = switch location.tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: unverifiedTLS))
                case .require: .require(try NIOSSLContext(configuration: unverifiedTLS))
                case .verify: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw SchemaStoreError.database("cannot set up TLS for \(location.redacted): \(error)")
            }
            configuration = .init(host: location.host, port: location.port, username: location.username, password: location.password, database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = sessionSettings
        return configuration
    }

    /// Session limits: a writer waiting on a lock gives up (and is retried) rather than waiting
    /// forever; a connection left idle inside a transaction is closed by the server, releasing
    /// its locks.
    private static let sessionSettings: [(String, String)] = [
        ("application_name", "accord"),
        ("lock_timeout", "30s"),
        ("idle_in_transaction_session_timeout", "60s"),
    ]

    /// libpq's `sslmode=require`: encrypted, certificate not verified.
    private static var unverifiedTLS: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }
}
