import Synchronization

/// Schemas by id, kept in memory: a schema's content never changes once stored, so lookups by
/// id are answered without the database. Entries go only on a permanent delete.
final class SchemaCache: Sendable {
    private let entries = Mutex<[Int64: StoredSchema]>([:])
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    subscript(id: Int64) -> StoredSchema? {
        entries.withLock { $0[id] }
    }

    func insert(_ schema: StoredSchema) {
        entries.withLock {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[schema.id] = schema
        }
    }

    func remove(_ id: Int64) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
