import GRDB
import Synchronization

/// Hands out a fixed set of reading connections, one task at a time each, in FIFO order.
///
/// A lock rather than an actor: taking and returning a connection is a few instructions, and
/// must not cost an executor hop on every read.
final class SQLiteConnectionPool: Sendable {
    private struct State {
        var idle: [DatabaseQueue]
        var waiters: [CheckedContinuation<DatabaseQueue, Never>] = []
    }

    private let state: Mutex<State>
    let all: [DatabaseQueue]

    init(connections: [DatabaseQueue]) {
        self.state = Mutex(State(idle: connections))
        self.all = connections
    }

    func acquire() async -> DatabaseQueue {
        if let connection = state.withLock({ $0.idle.popLast() }) { return connection }
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> DatabaseQueue? in
                if let connection = state.idle.popLast() { return connection }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func release(_ connection: DatabaseQueue) {
        let waiter = state.withLock { state -> CheckedContinuation<DatabaseQueue, Never>? in
            if state.waiters.isEmpty {
                state.idle.append(connection)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: connection)
    }
}
