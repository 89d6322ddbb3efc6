/// Where a registry keeps subjects, versions, schemas, config and mode.
///
/// Correctness under concurrency comes from the database, not from in-process locks, so several
/// processes may share one store:
/// - `(subject, version)` is unique; a duplicate insert fails with ``SchemaStoreError/conflict(_:)``.
/// - Schema ids come from a sequence or autoincrement that never hands out an id twice, not even
///   after a permanent delete or after an explicitly imported id.
/// - `fingerprint` is unique: one id per distinct canonical schema + references.
///
/// All reads and writes happen inside ``withTransaction(_:_:)``.
public protocol SchemaStore: Sendable {
    /// Runs `body` in one database transaction, committing when it returns and rolling back
    /// when it throws. When the database reports a conflict (a concurrent writer, a unique
    /// violation, a serialization failure) the store rolls back and may run `body` again,
    /// a bounded number of times, so `body` must not have side effects outside `transaction`.
    func withTransaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: @escaping @Sendable (any SchemaStoreTransaction) async throws -> T
    ) async throws -> T

    /// Closes connections. The store is unusable afterwards.
    func shutdown() async throws
}

/// Whether a transaction writes.
public enum TransactionKind: Sendable {
    /// Reads only; may run concurrently with writers on a snapshot.
    case read
    /// Reads and writes; takes the database's write lock as early as the database allows.
    case write
}

/// The operations a registry performs inside one transaction.
///
/// `subject == nil` in config and mode calls means the global setting.
public protocol SchemaStoreTransaction: Sendable {
    // MARK: Subjects and versions

    /// Serializes writers on one subject until the transaction ends (a row lock on PostgreSQL;
    /// a no-op where the write transaction already holds the database lock). Call it before
    /// reading the versions that decide the next version number.
    func lockSubject(_ subject: String) async throws

    /// Names of subjects holding at least one version (live ones only unless `includeDeleted`),
    /// sorted ascending.
    func subjectNames(includeDeleted: Bool) async throws -> [String]

    /// Every stored version of `subject`, soft-deleted ones included, ascending by version.
    func versions(subject: String) async throws -> [SubjectVersion]

    /// Every stored version (of any subject) holding schema `schemaID`, ascending by subject, version.
    func versions(schemaID: Int64) async throws -> [SubjectVersion]

    /// One stored version (soft-deleted included), or nil. Has a default implementation.
    func version(subject: String, version: Int) async throws -> SubjectVersion?

    /// The highest stored version (live only unless `includeDeleted`), or nil. Has a default implementation.
    func latestVersion(subject: String, includeDeleted: Bool) async throws -> SubjectVersion?

    /// Adds a version. Throws ``SchemaStoreError/conflict(_:)`` when `(subject, version)` exists.
    func insertVersion(_ version: SubjectVersion) async throws

    /// Marks a version soft-deleted (or live again).
    func setVersionDeleted(subject: String, version: Int, deleted: Bool) async throws

    /// Removes a version for good. The schema row stays, so its id is never handed out again.
    func removeVersion(subject: String, version: Int) async throws

    // MARK: Schemas

    /// The schema with `id`, or nil.
    func schema(id: Int64) async throws -> StoredSchema?

    /// The id of the schema with `fingerprint`, or nil.
    func schemaID(fingerprint: String) async throws -> Int64?

    /// Stores a schema under a new id from the store's sequence, or returns the existing id when
    /// a schema with the same fingerprint exists (also one committed concurrently).
    func insertSchema(fingerprint: String, text: String, references: [SchemaReference]) async throws -> Int64

    /// Stores a schema under an explicit id (IMPORT mode). Throws ``SchemaStoreError/conflict(_:)``
    /// when the id or the fingerprint is taken. Afterwards the sequence never hands out `id`.
    func insertSchema(id: Int64, fingerprint: String, text: String, references: [SchemaReference]) async throws

    /// Ids of the schemas whose references name `subject` `version`, ascending.
    func referrers(subject: String, version: Int) async throws -> [Int64]

    /// The highest schema id stored, or 0.
    func maxSchemaID() async throws -> Int64

    // MARK: Config and mode

    func config(subject: String?) async throws -> RegistryConfig?
    /// Sets (or with nil, removes) the config.
    func setConfig(_ config: RegistryConfig?, subject: String?) async throws
    func mode(subject: String?) async throws -> RegistryMode?
    /// The config and mode of `subject` and the global ones, read together (one round trip where
    /// the store can). Has a default implementation.
    func settings(subject: String) async throws -> StoredSettings
    /// Sets (or with nil, removes) the mode.
    func setMode(_ mode: RegistryMode?, subject: String?) async throws
}

/// Default implementations of the narrow reads over ``SchemaStoreTransaction/versions(subject:)``;
/// stores override them with indexed queries so hot paths do not load a subject's whole history.
extension SchemaStoreTransaction {
    /// One stored version (soft-deleted included), or nil.
    public func version(subject: String, version: Int) async throws -> SubjectVersion? {
        try await versions(subject: subject).first { $0.version == version }
    }

    /// The highest stored version (live only unless `includeDeleted`), or nil.
    public func latestVersion(subject: String, includeDeleted: Bool) async throws -> SubjectVersion? {
        try await versions(subject: subject).last { includeDeleted || !$0.deleted }
    }
}

/// A failure of the storage layer.
public enum SchemaStoreError: Error, Sendable, CustomStringConvertible {
    /// A uniqueness conflict or concurrent-writer conflict; retrying the transaction may succeed.
    case conflict(String)
    /// The database could not be reached or answered with an error.
    case database(String)
    /// A `--database` location this build cannot open.
    case unsupportedLocation(String)

    public var description: String {
        switch self {
        case .conflict(let m): "storage conflict: \(m)"
        case .database(let m): "storage error: \(m)"
        case .unsupportedLocation(let m): "unsupported database location: \(m)"
        }
    }
}
