import AccordJSON
import AccordRegistry
import GRDB
import Testing

/// The SQLite store finds schemas by fingerprint in memory (no index on the column): it must
/// stay exact when other processes write the same file, and when an older database is upgraded.
@Suite("SQLite fingerprints")
struct SQLiteFingerprintTests {
    /// Two stores on one fresh file stand for two `accord serve` processes: each has its own
    /// writer connection and its own in-memory map. Registries default to NONE.
    private func withTwoStores(_ body: (SchemaRegistry, SchemaRegistry) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try await SQLiteSchemaStore.open(path: directory.path + "/registry.db")
        let second = try await SQLiteSchemaStore.open(path: directory.path + "/registry.db")
        do {
            try await body(SchemaRegistry(store: first, defaultLevel: .none), SchemaRegistry(store: second, defaultLevel: .none))
        } catch {
            try? await first.shutdown()
            try? await second.shutdown()
            throw error
        }
        try await first.shutdown()
        try await second.shutdown()
    }

    @Test func twoStoresOnOneFileGiveOneIDPerSchema() async throws {
        try await withTwoStores { first, second in
            let registries = [first, second]
            // 24 schemas, each registered through both stores under 4 subjects, all at once.
            let results = try await withThrowingTaskGroup(of: (Int, Int64).self) { group in
                for n in 0..<24 {
                    for copy in 0..<4 {
                        let registry = registries[(n + copy) % 2]
                        group.addTask {
                            let registered = try await registry.register(
                                subject: "s\(copy)", RegistrationRequest(schema: #"{"properties":{"p\#(n)":{"type":"integer"}}}"#))
                            return (n, registered.id)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Set<Int64>]()) { $0[$1.0, default: []].insert($1.1) }
            }
            for n in 0..<24 { #expect(results[n]?.count == 1, "schema \(n) got ids \(results[n] ?? [])") }
            #expect(Set(results.values.compactMap(\.first)).count == 24)
            // Each store finds every schema, also those the other one inserted.
            for registry in registries {
                for n in [0, 11, 23] {
                    let found = try await registry.lookup(subject: "s3", RegistrationRequest(schema: #"{"properties":{"p\#(n)":{"type":"integer"}}}"#))
                    #expect(found.id == results[n]?.first)
                }
            }
        }
    }

    /// An import under an explicit id below the sequence, made through one store, is seen by the
    /// other store, which loaded its map before the import.
    @Test func anImportThroughAnotherStoreIsSeen() async throws {
        try await withTwoStores { importing, registering in
            for n in 0..<10 {
                _ = try await registering.register(subject: "a", RegistrationRequest(schema: #"{"title":"t\#(n)"}"#))
            }
            try await importing.setMode(.import, subject: "imported")
            let schema = #"{"type":"string","title":"imported"}"#
            let imported = try await importing.register(subject: "imported", RegistrationRequest(schema: schema, version: 1, id: 3_000))
            #expect(imported.id == 3_000)
            // The other store learns it as the next id after those it has seen.
            #expect(try await registering.register(subject: "b", RegistrationRequest(schema: schema)).id == 3_000)
            // An import below the highest id: only the import count tells the other store.
            let lower = try await importing.register(subject: "imported", RegistrationRequest(schema: #"{"title":"lower"}"#, version: 2, id: 500))
            #expect(lower.id == 500)
            #expect(try await registering.register(subject: "c", RegistrationRequest(schema: #"{"title":"lower"}"#)).id == 500)
            #expect(try await registering.lookup(subject: "imported", RegistrationRequest(schema: #"{"title":"lower"}"#)).version == 2)
            // The sequence continues above the largest id, in both stores.
            let next = try await registering.register(subject: "a", RegistrationRequest(schema: #"{"title":"next"}"#))
            #expect(next.id == 3_001)
            #expect(try await registering.maxSchemaID() == 3_001)
        }
    }

    /// A database written before the fingerprint index moved into memory (schema version 1, a
    /// UNIQUE index on the column) keeps its ids, its sequence and its deduplication.
    @Test func aVersion1DatabaseIsUpgradedInPlace() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/registry.db"
        let old = #"{"type":"object","title":"old"}"#
        let oldFingerprint = SchemaFingerprint.of(canonicalText: JSONWriter.canonical(try JSONParser().parse(old)), references: [])
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "CREATE TABLE accord_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
                try db.execute(sql: "INSERT INTO accord_migrations VALUES (1, 0)")
                try db.execute(sql: "CREATE TABLE schemas (id INTEGER PRIMARY KEY AUTOINCREMENT, fingerprint TEXT NOT NULL UNIQUE, text TEXT NOT NULL, created_at INTEGER NOT NULL)")
                try db.execute(sql: "CREATE TABLE schema_references (schema_id INTEGER NOT NULL REFERENCES schemas(id), position INTEGER NOT NULL, name TEXT NOT NULL, subject TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (schema_id, position))")
                try db.execute(sql: "CREATE INDEX schema_references_target ON schema_references(subject, version)")
                try db.execute(sql: "CREATE TABLE subject_versions (subject TEXT NOT NULL, version INTEGER NOT NULL CHECK (version > 0), schema_id INTEGER NOT NULL REFERENCES schemas(id), deleted INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, PRIMARY KEY (subject, version))")
                try db.execute(sql: "CREATE INDEX subject_versions_schema ON subject_versions(schema_id)")
                try db.execute(sql: "CREATE TABLE configs (subject TEXT PRIMARY KEY, config TEXT NOT NULL)")
                try db.execute(sql: "CREATE TABLE modes (subject TEXT PRIMARY KEY, mode TEXT NOT NULL)")
                try db.execute(sql: "INSERT INTO schemas VALUES (4, ?, ?, 0)", arguments: [oldFingerprint, JSONWriter.compact(try JSONParser().parse(old))])
                try db.execute(sql: "INSERT INTO subject_versions VALUES ('s', 1, 4, 0, 0)")
                try db.execute(sql: "INSERT INTO schemas VALUES (9, 'imported', '{}', 0)")
                try db.execute(sql: "INSERT INTO subject_versions VALUES ('s', 2, 9, 1, 0)")
            }
            try queue.close()
        }
        let store = try await SQLiteSchemaStore.open(path: path)
        let registry = SchemaRegistry(store: store, defaultLevel: .none)
        #expect(try await registry.register(subject: "t", RegistrationRequest(schema: old)).id == 4)
        #expect(try await registry.register(subject: "s", RegistrationRequest(schema: #"{"title":"new"}"#)).id == 10)
        #expect(try await registry.version(subject: "s", .number(1)).schema == JSONWriter.compact(try JSONParser().parse(old)))
        #expect(try await registry.versions(subject: "s", deleted: true) == [1, 2, 3])
        #expect(try await registry.versions(subject: "s") == [1, 3])
        try await store.shutdown()

        let queue = try DatabaseQueue(path: path)
        let (indexes, version, foreignKeys, withoutRowID) = try await queue.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM pragma_index_list('schemas')"),
             try Int.fetchOne(db, sql: "SELECT MAX(version) FROM accord_migrations"),
             try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
             try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'subject_versions'")?.contains("WITHOUT ROWID"))
        }
        try queue.close()
        #expect(indexes.isEmpty, "schemas still has indexes \(indexes)")
        #expect(withoutRowID == true)
        #expect(version == 2)
        #expect(foreignKeys == 0)
    }

    @Test func aDatabaseFromANewerAccordIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/registry.db"
        try await SQLiteSchemaStore.open(path: path).shutdown()
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: "INSERT INTO accord_migrations VALUES (99, 0)") }
            try queue.close()
        }
        await #expect {
            try await SQLiteSchemaStore.open(path: path).shutdown()
        } throws: { error in
            "\(error)".contains("newer Accord")
        }
    }
}
