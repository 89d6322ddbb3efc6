import PostgresNIO

/// Maps PostgresNIO errors to ``SchemaStoreError``: the SQLSTATEs a retry can cure become
/// ``SchemaStoreError/conflict(_:)``, everything else ``SchemaStoreError/database(_:)`` with the
/// server's message (never the connection URL or password).
enum PostgresErrors {
    /// unique_violation, serialization_failure, deadlock_detected, lock_not_available.
    static let retryableStates: Set<String> = ["23505", "40001", "40P01", "55P03"]

    static func map(_ error: any Error) -> SchemaStoreError {
        if let storeError = error as? SchemaStoreError { return storeError }
        if let transactionError = error as? PostgresTransactionError {
            if let closureError = transactionError.closureError { return map(closureError) }
            if let commitError = transactionError.commitError { return map(commitError) }
            if let beginError = transactionError.beginError { return map(beginError) }
        }
        guard let error = error as? PSQLError else {
            return .database("PostgreSQL: \(error)")
        }
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState] ?? "?"
            var message = "PostgreSQL \(state): \(info[.message] ?? "error")"
            if let detail = info[.detail] { message += " (\(detail))" }
            return retryableStates.contains(state) ? .conflict(message) : .database(message)
        }
        var message = "PostgreSQL connection: \(error.code)"
        if let underlying = error.underlying { message += ": \(underlying)" }
        return .database(message)
    }
}
