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
/// checkpoint at a high threshold (``writerThreshold`` pages) as the bound. Before that bound is
/// reached, the writer lets the WAL rewind itself: once the WAL is past half of the threshold,
/// the group commit calls ``passWithWritesHeld()`` between two batches, and that pass, with no
/// frame arriving during it, copies everything, so the next write transaction starts the WAL
/// over. That costs the writer one short pass (the frames since the last pass and two small
/// `fsync`s, a few milliseconds); the writer's own checkpoint, which it replaces, copies and
/// syncs inside a `COMMIT` (measured on this project's 2-core VM: 137 ms, with every
/// registration of the batch and those queued behind it waiting).
final class SQLiteCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let commits = Atomic<Int>(0)
    /// Frames in the WAL at the last pass; 0 once a pass with writes held copied them all.
    private let walFrames = Atomic<Int>(0)
    /// When the writer last held back for a pass (ContinuousClock nanoseconds since `origin`).
    private let lastHeldPass = Atomic<Int64>(Int64.min / 2)
    private let origin = ContinuousClock.now
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// How often pending commits are checkpointed.
    static let interval: Duration = .milliseconds(100)
    /// The least time between two passes the writer holds back for (a reader holding an old
    /// snapshot can keep a pass from copying everything; the writer must not wait on every batch).
    static let heldPassSpacing: Duration = .milliseconds(50)
    /// The longest the writer waits for a held pass.
    static let heldPassLimit: Duration = .milliseconds(10)
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
                let frames = await self.pass()
                if frames > writerThreshold / 2 { pause = Self.catchUpInterval }
            }
        }
        task.withLock { $0 = loop }
    }

    /// Records that a write transaction committed.
    func committed() {
        commits.add(1, ordering: .relaxed)
    }

    /// Runs one passive checkpoint; returns the frames in the WAL, or 0 when it copied them all
    /// while the writer held back (the WAL then starts over with the next write).
    @discardableResult
    private func pass(writesHeld: Bool = false) async -> Int {
        guard let result = try? await connection.writeWithoutTransaction({ db in try db.checkpoint(.passive) }) else { return 0 }
        let frames = writesHeld && result.checkpointedFrameCount >= result.walFrameCount ? 0 : result.walFrameCount
        walFrames.store(frames, ordering: .relaxed)
        return frames
    }

    /// Whether the writer should hold back for ``passWithWritesHeld()`` before its next batch:
    /// the WAL is past half of ``writerThreshold`` and no such pass ran in the last moments.
    var wantsHeldPass: Bool {
        guard walFrames.load(ordering: .relaxed) > writerThreshold / 2 else { return false }
        return nanoseconds(since: origin) - lastHeldPass.load(ordering: .relaxed) >= nanoseconds(Self.heldPassSpacing)
    }

    /// A pass while the writer holds back (it calls this between batches, holding no lock): it
    /// copies every frame, so the writer's next transaction starts the WAL over.
    ///
    /// The writer waits at most ``heldPassLimit``: a pass queued behind one that is in a slow
    /// `fsync` (measured: up to 350 ms on a busy disk) would otherwise hold every registration
    /// as long. The pass then finishes on its own, and the WAL starts over at a later attempt.
    func passWithWritesHeld() async {
        lastHeldPass.store(nanoseconds(since: origin), ordering: .relaxed)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resume = ResumeOnce(continuation)
            Task { await self.pass(writesHeld: true); resume() }
            Task { try? await Task.sleep(for: Self.heldPassLimit); resume() }
        }
    }

    private func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
        nanoseconds(ContinuousClock.now - start)
    }

    private func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds &* 1_000_000_000 &+ duration.components.attoseconds / 1_000_000_000
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

/// Resumes a continuation the first time it is called; later calls do nothing.
private final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, Never>?>

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = Mutex(continuation)
    }

    func callAsFunction() {
        continuation.withLock { $0.take() }?.resume()
    }
}
