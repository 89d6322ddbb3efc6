import SQLiteNIO

/// Hands out a fixed set of connections, one task at a time each, in FIFO order.
actor SQLiteConnectionPool {
    private var idle: [SQLiteConnection]
    private var waiters: [CheckedContinuation<SQLiteConnection, Never>] = []
    nonisolated let all: [SQLiteConnection]

    init(connections: [SQLiteConnection]) {
        self.idle = connections
        self.all = connections
    }

    func acquire() async -> SQLiteConnection {
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ connection: SQLiteConnection) {
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }
}
