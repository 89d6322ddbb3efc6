import Logging

/// Opens the store a `--database` location names: `sqlite:PATH` (or a bare path ending in
/// `.db`/`.sqlite`) or `postgres://…` / `postgresql://…`.
public enum SchemaStoreFactory {
    public static func open(location: String, logger: Logger = Logger(label: "accord.store")) async throws -> any SchemaStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            // ── PostgreSQL seam (branch `pg`) ──────────────────────────────────────────────
            // The pg helper replaces this line with its store, e.g.
            //   return try await PostgresSchemaStore.open(url: location, logger: logger)
            throw SchemaStoreError.unsupportedLocation("PostgreSQL support is not built into this branch: \(location)")
            // ───────────────────────────────────────────────────────────────────────────────
        }
        var path = location
        if path.hasPrefix("sqlite://") {
            path.removeFirst("sqlite://".count)
        } else if path.hasPrefix("sqlite:") {
            path.removeFirst("sqlite:".count)
        } else if path.contains("://") {
            throw SchemaStoreError.unsupportedLocation("'\(location)': use sqlite:PATH or postgres://USER@HOST:PORT/DB")
        }
        guard !path.isEmpty else {
            throw SchemaStoreError.unsupportedLocation("'\(location)' names no file: use sqlite:accord.db")
        }
        return try await SQLiteSchemaStore.open(path: path, logger: logger)
    }
}
