import Synchronization

/// What one group commit (``SQLiteGroupCommit``) knows beyond the database file while it runs:
/// the schemas its bodies inserted (not committed yet, so not in ``SQLiteFingerprintIndex``),
/// and the settings and latest versions its bodies read.
///
/// The reads are kept because the bodies of a batch mostly register into the same few subjects:
/// under load several registrations share a commit (5.7 on average over HTTP at 32 connections,
/// up to 32), and each would otherwise read the same four settings rows and the same latest
/// version again. Keeping them is safe for the
/// batch's lifetime only: the batch holds the database's write lock throughout, so nothing but
/// its own bodies can change those rows, and every write a body makes through
/// ``SQLiteTransaction`` updates or forgets what it affects. When a body fails, every read kept
/// is forgotten.
final class SQLiteWriteBatch: Sendable {
    private struct LatestKey: Hashable {
        let subject: String
        let includeDeleted: Bool
    }

    private struct State {
        var fingerprints: [SQLiteFingerprintIndex.Key: Int64] = [:]
        var bodyFingerprints: [SQLiteFingerprintIndex.Key: Int64] = [:]
        var settings: [String: StoredSettings] = [:]
        /// A subject's latest version as read or written in this batch; `.some(nil)` when it has none.
        var latest: [LatestKey: SubjectVersion?] = [:]
    }

    private let state = Mutex(State())

    // MARK: Schemas inserted

    func schemaID(of key: SQLiteFingerprintIndex.Key) -> Int64? {
        state.withLock { $0.bodyFingerprints[key] ?? $0.fingerprints[key] }
    }

    func inserted(_ key: SQLiteFingerprintIndex.Key, id: Int64) {
        state.withLock { $0.bodyFingerprints[key] = id }
    }

    /// The schemas the batch inserted (after its last body was kept or dropped).
    var insertedSchemas: [SQLiteFingerprintIndex.Key: Int64] { state.withLock { $0.fingerprints } }

    // MARK: Reads kept

    func settings(_ subject: String) -> StoredSettings? {
        state.withLock { $0.settings[subject] }
    }

    func keep(_ settings: StoredSettings, subject: String) {
        state.withLock { $0.settings[subject] = settings }
    }

    /// A config or mode changed (a global one changes every subject's settings).
    func settingsChanged() {
        state.withLock { $0.settings.removeAll() }
    }

    /// The latest version kept for `subject`: nil when unknown, `.some(nil)` when it has none.
    func latestVersion(_ subject: String, includeDeleted: Bool) -> SubjectVersion?? {
        state.withLock { $0.latest[LatestKey(subject: subject, includeDeleted: includeDeleted)] }
    }

    func keep(latest version: SubjectVersion?, subject: String, includeDeleted: Bool) {
        state.withLock { $0.latest[LatestKey(subject: subject, includeDeleted: includeDeleted)] = .some(version) }
    }

    /// A live version was inserted: it is the latest wherever it is above the one kept.
    func versionInserted(_ version: SubjectVersion) {
        state.withLock { state in
            for includeDeleted in [false, true] where !version.deleted || includeDeleted {
                let key = LatestKey(subject: version.subject, includeDeleted: includeDeleted)
                guard let kept = state.latest[key] else { continue }
                if (kept?.version ?? 0) < version.version { state.latest[key] = .some(version) }
            }
        }
    }

    /// A version of `subject` was soft-deleted, restored or removed.
    func versionsChanged(_ subject: String) {
        state.withLock { state in
            state.latest[LatestKey(subject: subject, includeDeleted: false)] = nil
            state.latest[LatestKey(subject: subject, includeDeleted: true)] = nil
        }
    }

    // MARK: Bodies

    /// The current body succeeded: its inserts join the batch's.
    func keepBody() {
        state.withLock { state in
            state.fingerprints.merge(state.bodyFingerprints) { _, new in new }
            state.bodyFingerprints = [:]
        }
    }

    /// The current body failed (and left nothing behind): forget its inserts, and every read
    /// kept (one may have seen its writes).
    func dropBody() {
        state.withLock { state in
            state.bodyFingerprints = [:]
            state.settings.removeAll()
            state.latest.removeAll()
        }
    }

    /// The batch rolled back to its start: forget everything.
    func dropAll() {
        state.withLock { $0 = State() }
    }
}
