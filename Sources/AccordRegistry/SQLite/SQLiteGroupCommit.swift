import GRDB
import Synchronization

/// Runs write transactions on SQLite's one writing connection with group commit: bodies that
/// arrive while a commit is under way wait, and then run one after another inside a single
/// `BEGIN IMMEDIATE … COMMIT`.
///
/// Each body sees the writes of the bodies before it, exactly as if the transactions ran one
/// by one; a body that throws leaves nothing behind and the others untouched; a
/// body's result is delivered only after the shared `COMMIT` succeeded (if the commit fails,
/// every body of the batch fails and nothing is written). What this buys: one commit (WAL
/// append and lock round trip) for many registrations under concurrent load, and no waiting
/// in a queue of single transactions.
///
/// The batches run in a task of their own, not in the caller that found the writer idle. That
/// caller running the first batch itself (no hop) was tried: a lone write got faster, but over
/// HTTP at 32 connections it cost 8–12 % of registrations per second in every A/B pair. Until the
/// new task gets its turn on the cooperative pool more bodies arrive, and batches grow.
final class SQLiteGroupCommit: Sendable {
    /// One submitted body, with the value's delivery erased to `Void`.
    private struct Job: Sendable {
        /// Runs the body; on success returns how to deliver its value once the batch is settled.
        let attempt: @Sendable (SQLiteTransaction) async throws -> @Sendable (Result<Void, any Error>) -> Void
        /// Delivers a failure of the body itself.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var jobs: [Job] = []
        var draining = false
    }

    /// The most bodies sharing one commit, so a long queue still sees commits regularly.
    static let maximumBatch = 256
    /// How often `BEGIN IMMEDIATE` is tried while another process holds the lock past the busy timeout.
    static let maximumAttempts = 5

    private let connection: DatabaseQueue
    private let fingerprints: SQLiteFingerprintIndex
    private let state = Mutex(State())
    /// Called after every successful commit.
    private let onCommit: @Sendable () -> Void
    /// Awaited before each batch, holding no lock (the WAL's rewind, ``SQLiteCheckpointer``).
    private let beforeBatch: @Sendable () async -> Void

    init(
        connection: DatabaseQueue, fingerprints: SQLiteFingerprintIndex,
        beforeBatch: @escaping @Sendable () async -> Void = {}, onCommit: @escaping @Sendable () -> Void = {}
    ) {
        self.beforeBatch = beforeBatch
        self.connection = connection
        self.fingerprints = fingerprints
        self.onCommit = onCommit
    }

    /// Runs `body` in the next group commit and returns its value once that commit succeeded.
    func perform<T: Sendable>(_ body: @escaping @Sendable (any SchemaStoreTransaction) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                attempt: { transaction in
                    let value = try await body(transaction)
                    return { settled in continuation.resume(with: settled.map { value }) }
                },
                fail: { continuation.resume(throwing: $0) })
            let startDraining = state.withLock { state in
                state.jobs.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDraining {
                Task { await self.drain() }
            }
        }
    }

    private func nextBatch() -> [Job]? {
        state.withLock { state in
            if state.jobs.isEmpty {
                state.draining = false
                return nil
            }
            let count = min(state.jobs.count, Self.maximumBatch)
            let batch = Array(state.jobs.prefix(count))
            state.jobs.removeFirst(count)
            return batch
        }
    }

    private func drain() async {
        while true {
            await beforeBatch()
            guard let batch = nextBatch() else { return }
            await commit(batch)
        }
    }

    private func commit(_ batch: [Job]) async {
        let batchState = SQLiteWriteBatch()
        let transaction = SQLiteTransaction(connection: connection, fingerprints: fingerprints, batch: batchState)
        func execute(_ sql: String) throws { try transaction.execute(sql) }
        // BEGIN IMMEDIATE takes the database's write lock now (waiting out other processes up to
        // the busy timeout), so nothing read inside can be changed before COMMIT.
        var began = false
        for attempt in 1...Self.maximumAttempts where !began {
            do {
                try execute("BEGIN IMMEDIATE")
                began = true
            } catch {
                if case SchemaStoreError.conflict = error, attempt < Self.maximumAttempts { continue }
                for job in batch { job.fail(error) }
                return
            }
        }
        do {
            // Under the write lock: the schemas other processes committed since the last batch.
            try transaction.catchUpFingerprints()
            try execute("SAVEPOINT accord_batch")
        } catch {
            try? execute("ROLLBACK")
            for job in batch { job.fail(error) }
            return
        }
        // Bodies run one after another without a savepoint each (two statements per body saved):
        // a body that fails without having changed a row leaves nothing to undo (a failed
        // statement undoes itself). One that fails after writing is rare; the batch then rolls
        // back to its start, still holding the lock, runs the bodies before it again, and gives
        // every later body its own savepoint, so the replay happens at most once per batch.
        var jobs = batch
        var settle: [@Sendable (Result<Void, any Error>) -> Void] = []
        settle.reserveCapacity(jobs.count)
        var isolated = false
        var index = 0
        while index < jobs.count {
            let changesBefore = transaction.totalChanges
            do {
                if isolated { try execute("SAVEPOINT accord_job") }
                let deliver = try await jobs[index].attempt(transaction)
                if isolated { try execute("RELEASE accord_job") }
                // Only now: a job is either settled or failed, never both.
                settle.append(deliver)
                batchState.keepBody()
                index += 1
            } catch {
                jobs.remove(at: index).fail(error)
                guard transaction.isInsideTransaction else {
                    // Some errors (disk full, I/O) make SQLite roll the whole transaction back.
                    for deliver in settle { deliver(.failure(error)) }
                    for job in jobs[index...] { job.fail(error) }
                    return
                }
                if isolated {
                    try? execute("ROLLBACK TO accord_job")
                    try? execute("RELEASE accord_job")
                    batchState.dropBody()
                } else if transaction.totalChanges == changesBefore {
                    batchState.dropBody()
                } else {
                    do {
                        try execute("ROLLBACK TO accord_batch")
                    } catch {
                        try? execute("ROLLBACK")
                        for job in jobs { job.fail(error) }
                        return
                    }
                    batchState.dropAll()
                    settle.removeAll()
                    isolated = true
                    index = 0
                }
            }
        }
        do {
            try execute("COMMIT")
            fingerprints.record(batchState.insertedSchemas, advance: true)
            onCommit()
            for deliver in settle { deliver(.success(())) }
        } catch {
            try? execute("ROLLBACK")
            for deliver in settle { deliver(.failure(error)) }
        }
    }
}
