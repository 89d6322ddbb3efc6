import AccordCompatibility
import AccordRegistry
import Testing

/// Registry semantics on every ``StoreFixture``: ids, versions, deletes, references, concurrency.
@Suite("Registry on each store")
struct RegistryStoreSuite {
    static func schema(_ n: Int) -> String {
        "{\"type\":\"object\",\"properties\":{\"f\(n)\":{\"type\":\"integer\"}}}"
    }

    /// A registry with compatibility off, so tests control what counts as a new version.
    static func registry(_ store: any SchemaStore) async throws -> SchemaRegistry {
        let registry = SchemaRegistry(store: store)
        _ = try await registry.updateConfig(RegistryConfig(compatibilityLevel: CompatibilityLevel.none), subject: nil)
        return registry
    }

    @Test(arguments: StoreFixture.allCases)
    func registerAssignsVersionsAndSharesIDsAcrossSubjects(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let registry = try await Self.registry(store)
            let a1 = try await registry.register(subject: "a", RegistrationRequest(schema: Self.schema(1)))
            let a2 = try await registry.register(subject: "a", RegistrationRequest(schema: Self.schema(2)))
            let again = try await registry.register(subject: "a", RegistrationRequest(schema: Self.schema(1)))
            // Same schema with other key order and whitespace, another subject: same id.
            let b1 = try await registry.register(subject: "b", RegistrationRequest(schema: "{ \"properties\": {\"f1\": {\"type\": \"integer\"}}, \"type\": \"object\" }"))
            #expect(a1.version == 1 && a2.version == 2)
            #expect(a1.id != a2.id)
            #expect(again.version == 1 && again.id == a1.id)
            #expect(b1.id == a1.id && b1.version == 1)
            #expect(try await registry.versions(subject: "a") == [1, 2])
            #expect(try await registry.schema(id: a1.id).text == Self.schema(1))
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func softDeletedSchemasComeBackAsNewVersionsWithTheirIDs(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let registry = try await Self.registry(store)
            let v1 = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(1)))
            let v2 = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(2)))
            #expect(try await registry.deleteSubject("s") == [1, 2])
            await #expect(throws: RegistryError.self) { try await registry.versions(subject: "s") }
            let v3 = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(1)))
            let v4 = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(2)))
            #expect(v3.version == 3 && v3.id == v1.id)
            #expect(v4.version == 4 && v4.id == v2.id)
            // Soft-deleted ids still resolve.
            #expect(try await registry.schema(id: v1.id).id == v1.id)
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func idsAreNeverReusedAfterPermanentDeletes(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let registry = try await Self.registry(store)
            let first = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(1)))
            _ = try await registry.deleteSubject("s")
            _ = try await registry.deleteSubject("s", permanent: true)
            await #expect(throws: RegistryError.self) { try await registry.schema(id: first.id) }
            let other = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(2)))
            #expect(other.id != first.id)
            #expect(other.version == 1, "hard-deleted version numbers may be reused")
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func deleteRulesFollowConfluent(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let registry = try await Self.registry(store)
            _ = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(1)))
            _ = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(2)))
            await #expect { try await registry.deleteVersion(subject: "s", .number(1), permanent: true) } throws: { ($0 as? RegistryError)?.errorCode == 40407 }
            #expect(try await registry.deleteVersion(subject: "s", .number(1)) == 1)
            await #expect { try await registry.deleteVersion(subject: "s", .number(1)) } throws: { ($0 as? RegistryError)?.errorCode == 40406 }
            await #expect { try await registry.deleteSubject("s", permanent: true) } throws: { ($0 as? RegistryError)?.errorCode == 40405 }
            #expect(try await registry.deleteVersion(subject: "s", .number(1), permanent: true) == 1)
            await #expect { try await registry.deleteVersion(subject: "s", .number(1), permanent: true) } throws: { ($0 as? RegistryError)?.errorCode == 40402 }
            #expect(try await registry.deleteSubject("s") == [2])
            await #expect { try await registry.deleteSubject("s") } throws: { ($0 as? RegistryError)?.errorCode == 40404 }
            #expect(try await registry.deleteSubject("s", permanent: true) == [2])
            await #expect { try await registry.deleteSubject("s") } throws: { ($0 as? RegistryError)?.errorCode == 40401 }
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func referencesResolveFromTheRegistryAndProtectTheirTargets(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let registry = try await Self.registry(store)
            let address = try await registry.register(subject: "address", RegistrationRequest(
                schema: "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
            let order = try await registry.register(subject: "order", RegistrationRequest(
                schema: "{\"type\":\"object\",\"properties\":{\"ship\":{\"$ref\":\"address.json\"}}}",
                references: [SchemaReference(name: "address.json", subject: "address", version: -1)]))
            #expect(order.references == [SchemaReference(name: "address.json", subject: "address", version: 1)])
            #expect(try await registry.referencedBy(subject: "address", .latest) == [order.id])
            let bad = try await registry.validate(event: ["ship": ["city": 3]], subject: "order", .latest)
            let good = try await registry.validate(event: ["ship": ["city": "Oslo"]], subject: "order", .latest)
            #expect(!bad.isValid)
            #expect(good.isValid)
            await #expect { try await registry.deleteVersion(subject: "address", .number(1)) } throws: { ($0 as? RegistryError)?.errorCode == 42206 }
            // A soft-deleted referrer still blocks a permanent delete.
            _ = try await registry.deleteSubject("order")
            #expect(try await registry.deleteVersion(subject: "address", .number(1)) == 1)
            await #expect { try await registry.deleteVersion(subject: "address", .number(1), permanent: true) } throws: { ($0 as? RegistryError)?.errorCode == 42206 }
            // A missing reference is an invalid schema.
            await #expect { try await registry.register(subject: "x", RegistrationRequest(
                schema: "{\"$ref\":\"nope.json\"}", references: [SchemaReference(name: "nope.json", subject: "nope", version: 1)])) } throws: {
                ($0 as? RegistryError)?.errorCode == 42201
            }
            #expect(address.id != order.id)
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func modesGateWrites(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let registry = try await Self.registry(store)
            let first = try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(1)))
            try await registry.setMode(.readOnly, subject: "s")
            // Re-registering an existing schema still answers.
            #expect(try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(1))).id == first.id)
            await #expect { try await registry.register(subject: "s", RegistrationRequest(schema: Self.schema(2))) } throws: { ($0 as? RegistryError)?.errorCode == 42205 }
            await #expect { try await registry.setMode(.import, subject: nil) } throws: { ($0 as? RegistryError)?.errorCode == 42205 }
            try await registry.setMode(.import, subject: nil, force: true)
            _ = try await registry.deleteMode(subject: "s")
            let imported = try await registry.register(subject: "t", RegistrationRequest(schema: Self.schema(7), version: 5, id: 500))
            #expect(imported.id == 500 && imported.version == 5)
            await #expect { try await registry.register(subject: "u", RegistrationRequest(schema: Self.schema(8), id: 500)) } throws: { ($0 as? RegistryError)?.errorCode == 42205 }
            try await registry.setMode(.readWrite, subject: nil)
            let fresh = try await registry.register(subject: "t", RegistrationRequest(schema: Self.schema(9)))
            #expect(fresh.id > 500 && fresh.version == 6)
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func concurrentRegistrationsOfDifferentSchemasUnderOneSubject(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let registry = try await Self.registry(store)
            let results = try await withThrowingTaskGroup(of: RegisteredSchema.self) { group in
                for n in 0..<32 {
                    group.addTask { try await registry.register(subject: "busy", RegistrationRequest(schema: Self.schema(n))) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(results.map(\.id)).count == 32, "unique ids")
            #expect(results.map(\.version).sorted() == Array(1...32), "contiguous versions")
            #expect(try await registry.versions(subject: "busy") == Array(1...32))
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func concurrentRegistrationsOfOneSchemaUnder32Subjects(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let registry = try await Self.registry(store)
            let results = try await withThrowingTaskGroup(of: RegisteredSchema.self) { group in
                for n in 0..<32 {
                    group.addTask { try await registry.register(subject: "subject-\(n)", RegistrationRequest(schema: Self.schema(0))) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(results.map(\.id)).count == 1, "one id per distinct schema")
            #expect(results.allSatisfy { $0.version == 1 })
            #expect(try await registry.subjects().count == 32)
        }
    }
}
