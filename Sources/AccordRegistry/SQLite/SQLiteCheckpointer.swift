import GRDB
import Synchronization

/// Copies committed WAL frames into the database file away from the write path, and keeps the
/// WAL from growing without bound under sustained writes.
///
/// SQLite's automatic checkpoint runs inside the `COMMIT` that crosses the WAL size threshold:
/// that commit then writes the pages back and waits for the disk (`fsync`), and every
/// registration queued behind it waits too. This task therefore runs passive checkpoints (which
/// never block writers or readers) on its own connection, on GRDB's queue rather than a
/// cooperative thread, shortly after commits.
///
/// Passive checkpoints alone never let the WAL restart while writes keep coming: SQLite rewinds
/// the WAL only when a write begins with every frame already copied back, and under sustained
/// load a new frame always arrives first (measured: the WAL grew by 75 MB/s, and extending the
/// file cost the writer a tenth of its CPU in the file system). So the writer keeps an automatic
/// checkpoint at a high threshold (``writerThreshold`` pages) as the bound, and while the WAL is
/// past half of it this task runs its passes back to back, so that the writer's checkpoint finds
/// only the last few frames to copy before the WAL rewinds to its start and is reused.
final class SQLiteCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let commits = Atomic<Int>(0)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// How often pending commits are checkpointed.
    static let interval: Duration = .milliseconds(100)
    /// The pause between passes while the WAL is past half of ``writerThreshold``.
    static let catchUpInterval: Duration = .milliseconds(2)
    /// The writer's automatic checkpoint threshold, in pages (`PRAGMA wal_autocheckpoint`; by
    /// default 16 384, so with 4 KiB pages the WAL stays near 64 MiB at most).
    let writerThreshold: Int

    init(connection: DatabaseQueue, writerThreshold: Int) {
        self.connection = connection
        self.writerThreshold = writerThreshold
        let loop = Task { [weak self] in
            var pause = Self.interval
            while !Task.isCancelled {
                try? await Task.sleep(for: pause)
                guard let self else { return }
                pause = Self.interval
                guard self.commits.exchange(0, ordering: .relaxed) > 0 else { continue }
                let frames = try? await self.connection.writeWithoutTransaction { db in try db.checkpoint(.passive).walFrameCount }
                if let frames, frames > writerThreshold / 2 { pause = Self.catchUpInterval }
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
