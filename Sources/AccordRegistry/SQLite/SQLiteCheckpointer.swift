import GRDB
import Synchronization

/// Copies committed WAL frames into the database file away from the write path.
///
/// SQLite's automatic checkpoint runs inside the `COMMIT` that crosses the WAL size threshold:
/// that commit then writes the pages back and waits for the disk (`fsync`), and every
/// registration queued behind it waits too. The writer therefore turns automatic checkpoints off
/// and this task runs a passive checkpoint (which never blocks writers or readers) on its own
/// connection, on GRDB's queue rather than a cooperative thread, shortly after commits.
final class SQLiteCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let commits = Atomic<Int>(0)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// How often pending commits are checkpointed.
    static let interval: Duration = .milliseconds(100)

    init(connection: DatabaseQueue) {
        self.connection = connection
        let loop = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                guard let self else { return }
                guard self.commits.exchange(0, ordering: .relaxed) > 0 else { continue }
                _ = try? await self.connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
        }
        task.withLock { $0 = loop }
    }

    /// Records that a write transaction committed.
    func committed() {
        commits.add(1, ordering: .relaxed)
    }

    /// Stops the task and checkpoints what is left, so the database file is complete on its own.
    func stop() async {
        let loop = task.withLock { $0.take() }
        loop?.cancel()
        await loop?.value
        _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try? connection.close()
    }
}
