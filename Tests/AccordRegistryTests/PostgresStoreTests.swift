import AccordCompatibility
@testable import AccordRegistry
import Logging
import Testing

/// PostgreSQL-specific behaviour of ``PostgresSchemaStore`` on a real server: connecting,
/// migrating, and registrations racing through several connection pools (as several `accord
/// serve` processes would).
@Suite("PostgreSQL store", .postgresServer)
struct PostgresStoreTests {
    static let writers = 32

    /// `count` independent stores (each its own pool, as separate processes) on one new database.
    func stores(_ count: Int, database: String? = nil) async throws -> (url: String, stores: [PostgresSchemaStore]) {
        let url: String
        if let database { url = database } else { url = try await PostgresTestServer.current().createDatabase() }
        var stores: [PostgresSchemaStore] = []
        for _ in 0..<count { stores.append(try await PostgresSchemaStore.open(url: url)) }
        return (url, stores)
    }

    func shutdown(_ stores: [PostgresSchemaStore]) async {
        for store in stores { try? await store.shutdown() }
    }

    static func distinctSchema(_ index: Int) -> String {
        #"{"type":"object","properties":{"field\#(index)":{"type":"integer"}}}"#
    }

    @Test func concurrentOpensMigrateOnce() async throws {
        let url = try await PostgresTestServer.current().createDatabase()
        let opened = try await withThrowingTaskGroup(of: PostgresSchemaStore.self) { group in
            for _ in 0..<6 { group.addTask { try await PostgresSchemaStore.open(url: url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(opened.count == 6)
        let database = String(url.split(separator: "/").last ?? "")
        let recorded = try await PostgresTestServer.current().psql("SELECT count(*), max(version) FROM accord_migrations", database: database)
        #expect(recorded.trimmingCharacters(in: .whitespacesAndNewlines) == "1|\(PostgresMigrations.steps.count)")
        await shutdown(opened)
    }

    @Test func aDatabaseFromANewerAccordIsRefused() async throws {
        let server = try await PostgresTestServer.current()
        let url = try await server.createDatabase()
        let store = try await PostgresSchemaStore.open(url: url)
        try await store.shutdown()
        let database = String(url.split(separator: "/").last ?? "")
        try await server.psql("INSERT INTO accord_migrations VALUES (999, 0)", database: database)
        await #expect {
            try await PostgresSchemaStore.open(url: url)
        } throws: { error in
            guard case SchemaStoreError.database(let message) = error else { return false }
            return message.contains("999") && message.contains("upgrade accord") && !message.contains(server.password)
        }
    }

    @Test func wrongPasswordFailsFastWithTheServersReason() async throws {
        let server = try await PostgresTestServer.current()
        let url = "postgres://accord:wrong-password@\(server.host):\(server.port)/postgres"
        await #expect {
            try await PostgresSchemaStore.open(url: url)
        } throws: { error in
            guard case SchemaStoreError.database(let message) = error else { return false }
            return message.contains("28P01") && !message.contains("wrong-password")
        }
    }

    @Test func unreachableServerFailsWithoutHanging() async throws {
        let port = try FreePort.pick()
        await #expect {
            try await PostgresSchemaStore.open(url: "postgres://accord:x@127.0.0.1:\(port)/postgres")
        } throws: { error in
            guard case SchemaStoreError.database(let message) = error else { return false }
            return message.contains("cannot connect") && message.contains("127.0.0.1:\(port)")
        }
    }

    @Test func differentSchemasUnderOneSubjectThroughFourPools() async throws {
        let (_, stores) = try await stores(4)
        let registries = stores.map { SchemaRegistry(store: $0) }
        let subject = "orders-value"
        _ = try await registries[0].updateConfig(RegistryConfig(compatibilityLevel: CompatibilityLevel.none), subject: subject)
        let registered = try await withThrowingTaskGroup(of: (Int, RegisteredSchema).self) { group in
            for index in 0..<Self.writers {
                let registry = registries[index % registries.count]
                group.addTask {
                    (index, try await registry.register(subject: subject, RegistrationRequest(schema: Self.distinctSchema(index))))
                }
            }
            return try await group.reduce(into: [Int: RegisteredSchema]()) { $0[$1.0] = $1.1 }
        }
        #expect(registered.count == Self.writers)
        #expect(Set(registered.values.map(\.id)).count == Self.writers, "one id per distinct schema")
        #expect(Set(registered.values.map(\.version)) == Set(1...Self.writers), "versions contiguous, none lost or doubled")
        let stored = try await registries[1].versions(subject: subject)
        #expect(stored == Array(1...Self.writers))
        for (index, answer) in registered {
            let version = try await registries[2].version(subject: subject, .number(answer.version))
            #expect(version.id == answer.id)
            #expect(version.schema.contains("field\(index)\""))
        }
        await shutdown(stores)
    }

    @Test func oneSchemaUnderManySubjectsThroughFourPools() async throws {
        let (_, stores) = try await stores(4)
        let registries = stores.map { SchemaRegistry(store: $0) }
        let schema = #"{"type":"object","properties":{"shared":{"type":"string"}}}"#
        let registered = try await withThrowingTaskGroup(of: RegisteredSchema.self) { group in
            for index in 0..<Self.writers {
                let registry = registries[index % registries.count]
                group.addTask { try await registry.register(subject: "subject-\(index)", RegistrationRequest(schema: schema)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(registered.count == Self.writers)
        #expect(Set(registered.map(\.id)).count == 1, "one schema, one id")
        #expect(registered.allSatisfy { $0.version == 1 })
        let holders = try await registries[3].subjectVersions(schemaID: registered[0].id)
        #expect(Set(holders.map(\.subject)) == Set((0..<Self.writers).map { "subject-\($0)" }))
        // The race burnt no ids: the next new schema takes the next one.
        let next = try await registries[0].register(subject: "after", RegistrationRequest(schema: Self.distinctSchema(999)))
        #expect(next.id == registered[0].id + 1)
        await shutdown(stores)
    }

    @Test func idsAreNeverReusedAfterPermanentDeleteOrImport() async throws {
        let (url, stores) = try await stores(1)
        let registry = SchemaRegistry(store: stores[0])
        let first = try await registry.register(subject: "gone", RegistrationRequest(schema: Self.distinctSchema(1)))
        _ = try await registry.deleteSubject("gone")
        _ = try await registry.deleteSubject("gone", permanent: true)
        let second = try await registry.register(subject: "kept", RegistrationRequest(schema: Self.distinctSchema(2)))
        #expect(second.id > first.id)

        try await registry.setMode(.import, subject: nil, force: true)
        let imported = try await registry.register(subject: "imported", RegistrationRequest(schema: Self.distinctSchema(3), id: 500))
        #expect(imported.id == 500)
        try await registry.setMode(.readWrite, subject: nil)
        await shutdown(stores)

        // A fresh pool (another process) continues past the imported id.
        let reopened = try await PostgresSchemaStore.open(url: url)
        let after = try await SchemaRegistry(store: reopened).register(subject: "later", RegistrationRequest(schema: Self.distinctSchema(4)))
        #expect(after.id > 500)
        try await reopened.shutdown()
    }
}
