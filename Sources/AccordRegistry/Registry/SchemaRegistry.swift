import AccordCompatibility
import AccordJSON
import AccordSchema

/// A Confluent-compatible schema registry for JSON Schema over a ``SchemaStore``.
///
/// Every operation runs in one store transaction; concurrency safety comes from the store's
/// transactions and constraints, so several registries (processes) may share one database.
public struct SchemaRegistry: Sendable {
    public let store: any SchemaStore
    /// The level used when neither the subject nor the global config sets one.
    public var defaultLevel: CompatibilityLevel
    let cache = SchemaCache()

    public init(store: any SchemaStore, defaultLevel: CompatibilityLevel = .backward) {
        self.store = store
        self.defaultLevel = defaultLevel
    }

    // MARK: Running transactions

    /// Runs `body` in a store transaction, turning storage failures into ``RegistryError/store(_:)``.
    func transaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: @escaping @Sendable (any SchemaStoreTransaction) async throws -> T
    ) async throws(RegistryError) -> T {
        do {
            return try await store.withTransaction(kind, body)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .store(String(describing: error))
        }
    }

    /// Confluent refuses control characters and the reserved context names.
    static func checkSubjectName(_ subject: String) throws(RegistryError) {
        if subject.isEmpty || subject == "__GLOBAL" || subject == "__EMPTY"
            || subject.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw .invalidSubject(subject)
        }
    }

    // MARK: Subjects and versions

    /// Subject names, sorted. `deletedOnly` lists subjects whose every version is soft-deleted.
    public func subjects(prefix: String? = nil, deleted: Bool = false, deletedOnly: Bool = false) async throws(RegistryError) -> [String] {
        let names = try await transaction(.read) { tx in
            if deletedOnly {
                let live = Set(try await tx.subjectNames(includeDeleted: false))
                return try await tx.subjectNames(includeDeleted: true).filter { !live.contains($0) }
            }
            return try await tx.subjectNames(includeDeleted: deleted)
        }
        guard let prefix, !prefix.isEmpty, prefix != ":*:" else { return names }
        return names.filter { $0.hasPrefix(prefix) }
    }

    /// Version numbers of `subject`, ascending.
    public func versions(subject: String, deleted: Bool = false, deletedOnly: Bool = false) async throws(RegistryError) -> [Int] {
        let all = try await transaction(.read) { tx in try await tx.versions(subject: subject) }
        let live = all.filter { !$0.deleted }
        if live.isEmpty && !(deleted || deletedOnly) || all.isEmpty { throw .subjectNotFound(subject) }
        if deletedOnly { return all.filter(\.deleted).map(\.version) }
        return (deleted ? all : live).map(\.version)
    }

    /// The stored version `selector` names: `latest` is the highest live version; a number
    /// names a live version, or with `deleted` also a soft-deleted one. A subject without
    /// live versions is 40401 (or, with `deleted`, without any).
    static func resolve(_ selector: VersionSelector, subject: String, deleted: Bool, _ tx: any SchemaStoreTransaction) async throws -> SubjectVersion {
        switch selector {
        case .latest:
            guard let latest = try await tx.latestVersion(subject: subject, includeDeleted: false) else {
                throw RegistryError.subjectNotFound(subject)
            }
            return latest
        case .number(let n):
            if let found = try await tx.version(subject: subject, version: n), deleted || !found.deleted { return found }
            guard try await tx.latestVersion(subject: subject, includeDeleted: deleted) != nil else {
                throw RegistryError.subjectNotFound(subject)
            }
            throw RegistryError.versionNotFound(String(n))
        }
    }

    /// One version of a subject with its schema.
    public func version(subject: String, _ selector: VersionSelector, deleted: Bool = false) async throws(RegistryError) -> RegisteredSchema {
        try await transaction(.read) { tx in
            let found = try await Self.resolve(selector, subject: subject, deleted: deleted, tx)
            guard let schema = try await tx.schema(id: found.schemaID) else { throw RegistryError.schemaNotFound(id: found.schemaID) }
            return RegisteredSchema(found, schema)
        }
    }

    /// Ids of the schemas that reference `subject` `selector` (only those still used by a live
    /// version unless `deleted`).
    public func referencedBy(subject: String, _ selector: VersionSelector, deleted: Bool = false) async throws(RegistryError) -> [Int64] {
        try await transaction(.read) { tx in
            let found = try await Self.resolve(selector, subject: subject, deleted: true, tx)
            var ids: [Int64] = []
            for id in try await tx.referrers(subject: subject, version: found.version) {
                let users = try await tx.versions(schemaID: id)
                if deleted ? !users.isEmpty : users.contains(where: { !$0.deleted }) { ids.append(id) }
            }
            return ids
        }
    }

    // MARK: Schemas by id

    /// The schema with `id`; soft-deleted schemas still resolve, permanently deleted ones do not.
    public func schema(id: Int64) async throws(RegistryError) -> StoredSchema {
        if let cached = cache[id] { return cached }
        let found = try await transaction(.read) { tx -> StoredSchema? in
            guard let schema = try await tx.schema(id: id), !(try await tx.versions(schemaID: id)).isEmpty else { return nil }
            return schema
        }
        guard let found else { throw .schemaNotFound(id: id) }
        cache.insert(found)
        return found
    }

    /// The subject versions holding schema `id`.
    public func subjectVersions(schemaID id: Int64, deleted: Bool = false) async throws(RegistryError) -> [SubjectVersion] {
        let all = try await transaction(.read) { tx in try await tx.versions(schemaID: id) }
        if all.isEmpty { throw .schemaNotFound(id: nil) }
        return deleted ? all : all.filter { !$0.deleted }
    }

    /// The highest id handed out so far.
    public func maxSchemaID() async throws(RegistryError) -> Int64 {
        try await transaction(.read) { tx in try await tx.maxSchemaID() }
    }

    /// Every version of every subject (or only the latest of each), by subject then version.
    public func allSchemas(subjectPrefix: String? = nil, deleted: Bool = false, latestOnly: Bool = false) async throws(RegistryError) -> [RegisteredSchema] {
        try await transaction(.read) { tx in
            var result: [RegisteredSchema] = []
            for subject in try await tx.subjectNames(includeDeleted: deleted) {
                if let prefix = subjectPrefix, !prefix.isEmpty, prefix != ":*:", !subject.hasPrefix(prefix) { continue }
                var versions = try await tx.versions(subject: subject).filter { deleted || !$0.deleted }
                if latestOnly, let last = versions.last { versions = [last] }
                for version in versions {
                    if let schema = try await tx.schema(id: version.schemaID) { result.append(RegisteredSchema(version, schema)) }
                }
            }
            return result
        }
    }

    // MARK: Extras

    /// Validates `event` against `subject` `selector` (Accord extra).
    public func validate(event: JSONValue, subject: String, _ selector: VersionSelector) async throws(RegistryError) -> ValidationResult {
        let compiled = try await transaction(.read) { tx in
            let found = try await Self.resolve(selector, subject: subject, deleted: false, tx)
            guard let schema = try await tx.schema(id: found.schemaID) else { throw RegistryError.schemaNotFound(id: found.schemaID) }
            let value = try SchemaDocument.parseStored(schema.text)
            let options = try await ReferenceResolver.options(for: [(value, schema.references)], in: tx)
            do {
                return try JSONSchema(compiling: value, options: options)
            } catch {
                throw RegistryError.invalidSchema("Invalid schema of type JSON, details: \(error)")
            }
        }
        return compiled.validate(event)
    }

    /// The changes from `subject` `from` to `to` (Accord extra), compared at FULL.
    public func diff(subject: String, from: VersionSelector, to: VersionSelector) async throws(RegistryError) -> CompatibilityReport {
        try await transaction(.read) { tx in
            let old = try await Self.resolve(from, subject: subject, deleted: true, tx)
            let new = try await Self.resolve(to, subject: subject, deleted: true, tx)
            guard let oldSchema = try await tx.schema(id: old.schemaID), let newSchema = try await tx.schema(id: new.schemaID) else {
                throw RegistryError.schemaNotFound(id: nil)
            }
            let oldValue = try SchemaDocument.parseStored(oldSchema.text)
            let newValue = try SchemaDocument.parseStored(newSchema.text)
            let options = try await ReferenceResolver.options(for: [(oldValue, oldSchema.references), (newValue, newSchema.references)], in: tx)
            do {
                return try CompatibilityChecker(options: options).check(old: oldValue, new: newValue, level: .full, policy: .strict)
            } catch {
                throw RegistryError.invalidSchema("Invalid schema of type JSON, details: \(error)")
            }
        }
    }
}
