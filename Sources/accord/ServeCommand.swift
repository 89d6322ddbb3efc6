import AccordRegistry
import AccordServer
import ArgumentParser
import Hummingbird
import Logging
import Metrics
import Prometheus

/// `accord serve`: the Confluent-compatible schema registry over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Confluent-compatible JSON Schema registry.",
        discussion: "Stops gracefully on SIGTERM or SIGINT. Point Confluent clients at http://HOST:PORT.")

    @Option(help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(help: "Port to listen on (Confluent's default is 8081).")
    var port = 8081

    @Option(help: "sqlite:PATH (created and migrated on start) or postgres://USER[:PASSWORD]@HOST[:PORT]/DB.")
    var database = "sqlite:accord.db"

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(help: "Largest accepted request body in bytes (413 above it).")
    var maxBodyBytes = 4 << 20

    @Flag(help: .hidden)
    var benchFloor = false

    func validate() throws {
        guard Logger.Level(rawValue: logLevel.lowercased()) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
    }

    func run() async throws {
        AllocatorTuning.keepFreedMemory()
        let level = Logger.Level(rawValue: logLevel.lowercased()) ?? .info
        LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, logLevel: level) }
        let logger = Logger(label: "accord.serve")
        if benchFloor {
            try await RegistryServer.makeBenchFloorApplication(host: host, port: port, logger: logger).runService()
            return
        }
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        let store: any SchemaStore
        do {
            store = try await SchemaStoreFactory.open(location: database, logger: logger)
        } catch {
            FileHandleOutput.standardError("accord serve: \(error)")
            throw ExitCode(2)
        }
        let host = self.host, port = self.port, database = SchemaStoreFactory.redacted(self.database)
        let app = RegistryServer.makeApplication(
            registry: SchemaRegistry(store: store), host: host, port: port, maxBodyBytes: maxBodyBytes,
            metrics: metrics, logger: logger,
            onServerRunning: { _ in logger.notice("accord registry listening on http://\(host):\(port) (database \(database))") })
        do {
            try await app.runService()
        } catch {
            try? await store.shutdown()
            throw error
        }
        try await store.shutdown()
        logger.notice("accord registry stopped")
    }
}
