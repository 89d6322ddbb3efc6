import AccordCompatibility
import AccordRegistry
import Testing

/// The storage contract, run on every ``StoreFixture``.
@Suite("SchemaStore contract")
struct SchemaStoreSuite {
    @Test(arguments: StoreFixture.allCases)
    func versionsRoundTripInOrder(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let id = try await store.withTransaction(.write) { tx in
                let id = try await tx.insertSchema(fingerprint: "f1", text: "{}", references: [])
                try await tx.insertVersion(SubjectVersion(subject: "b", version: 2, schemaID: id, createdAt: 5))
                try await tx.insertVersion(SubjectVersion(subject: "b", version: 1, schemaID: id, createdAt: 4))
                try await tx.insertVersion(SubjectVersion(subject: "a", version: 1, schemaID: id))
                return id
            }
            let (versions, byID, names) = try await store.withTransaction(.read) { tx in
                (try await tx.versions(subject: "b"), try await tx.versions(schemaID: id), try await tx.subjectNames(includeDeleted: false))
            }
            #expect(versions.map(\.version) == [1, 2])
            #expect(versions.map(\.createdAt) == [4, 5])
            #expect(byID.map { "\($0.subject)/\($0.version)" } == ["a/1", "b/1", "b/2"])
            #expect(names == ["a", "b"])
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func textsRoundTripExactlyIncludingEmptyAndNonASCII(_ fixture: StoreFixture) async throws {
        // The SQLite store binds texts without copying them; an empty one must stay an empty
        // text (not NULL, which the NOT NULL columns would refuse) and bytes must come back as sent.
        try await withStore(fixture) { store in
            let text = #"{"description":"Ünïcødé ✓ 😀","const":"a\u0000b"}"#
            let (first, second) = try await store.withTransaction(.write) { tx in
                let first = try await tx.insertSchema(fingerprint: "f-empty", text: "", references: [])
                let second = try await tx.insertSchema(fingerprint: "f-text", text: text, references: [])
                try await tx.insertVersion(SubjectVersion(subject: "ß/é", version: 1, schemaID: second, deleted: true, createdAt: 7))
                return (first, second)
            }
            let (empty, stored, versions) = try await store.withTransaction(.read) { tx in
                (try await tx.schema(id: first), try await tx.schema(id: second), try await tx.versions(subject: "ß/é"))
            }
            #expect(empty?.text == "")
            #expect(stored?.text == text)
            #expect(stored?.fingerprint == "f-text")
            #expect(versions == [SubjectVersion(subject: "ß/é", version: 1, schemaID: second, deleted: true, createdAt: 7)])
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func duplicateVersionIsAConflictAndRollsBack(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            try await store.withTransaction(.write) { tx in
                let id = try await tx.insertSchema(fingerprint: "f1", text: "{}", references: [])
                try await tx.insertVersion(SubjectVersion(subject: "s", version: 1, schemaID: id))
            }
            let error = await #expect(throws: SchemaStoreError.self) {
                try await store.withTransaction(.write) { tx in
                    let id = try await tx.insertSchema(fingerprint: "f2", text: "true", references: [])
                    try await tx.insertVersion(SubjectVersion(subject: "s", version: 1, schemaID: id))
                }
            }
            // A uniqueness violation is a conflict (retryable), not a store failure.
            guard case .conflict? = error else {
                Issue.record("expected a conflict, got \(String(describing: error))")
                return
            }
            let left = try await store.withTransaction(.read) { tx in
                (try await tx.schemaID(fingerprint: "f2"), try await tx.versions(subject: "s").count)
            }
            #expect(left.0 == nil, "the failed transaction's schema row must be rolled back")
            #expect(left.1 == 1)
        }
    }

    /// Concurrent writers may share a commit (SQLite's group commit): a writer that fails must
    /// leave nothing behind, and must not take the others down with it.
    @Test(arguments: StoreFixture.allCases)
    func concurrentWritersFailAlone(_ fixture: StoreFixture) async throws {
        struct Refused: Error {}
        try await withStore(fixture) { store in
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<40 {
                    group.addTask {
                        do {
                            try await store.withTransaction(.write) { tx in
                                let id = try await tx.insertSchema(fingerprint: "g\(n)", text: "{}", references: [])
                                try await tx.insertVersion(SubjectVersion(subject: "w\(n)", version: 1, schemaID: id))
                                if n % 3 == 0 { throw Refused() }
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            let stored = try await store.withTransaction(.read) { tx in
                var rows: [(Int64?, Int)] = []
                for n in 0..<40 {
                    rows.append((try await tx.schemaID(fingerprint: "g\(n)"), try await tx.versions(subject: "w\(n)").count))
                }
                return rows
            }
            for n in 0..<40 {
                #expect(outcomes[n] == (n % 3 != 0), "writer \(n)")
                #expect((stored[n].0 != nil) == (n % 3 != 0), "schema row of writer \(n)")
                #expect(stored[n].1 == (n % 3 == 0 ? 0 : 1), "version row of writer \(n)")
            }
        }
    }

    /// Writers that read what the ones before them wrote (as registrations read the latest
    /// version): one that fails must not leave its version visible to those after it, also when
    /// they share its commit, or versions would skip a number.
    @Test(arguments: StoreFixture.allCases)
    func failedWritersLeaveNoGapInVersions(_ fixture: StoreFixture) async throws {
        struct Refused: Error {}
        try await withStore(fixture) { store in
            let assigned = await withTaskGroup(of: Int?.self) { group in
                for n in 0..<48 {
                    group.addTask {
                        try? await store.withTransaction(.write) { tx in
                            try await tx.lockSubject("same")
                            let next = (try await tx.latestVersion(subject: "same", includeDeleted: true)?.version ?? 0) + 1
                            let id = try await tx.insertSchema(fingerprint: "v\(n)", text: "{}", references: [])
                            try await tx.insertVersion(SubjectVersion(subject: "same", version: next, schemaID: id))
                            // Every third fails after writing; every fifth fails before writing.
                            if n % 3 == 0 { throw Refused() }
                            return next
                        }
                    }
                    group.addTask {
                        try? await store.withTransaction(.write) { tx in
                            if n % 5 == 0 { throw Refused() }
                            return nil
                        }
                    }
                }
                return await group.reduce(into: [Int]()) { if let version = $1 { $0.append(version) } }
            }
            let stored = try await store.withTransaction(.read) { tx in try await tx.versions(subject: "same").map(\.version) }
            #expect(assigned.count == 32)
            #expect(assigned.sorted() == Array(1...32))
            #expect(stored == Array(1...32))
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func schemasAreDeduplicatedByFingerprintAndKeepReferences(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let refs = [SchemaReference(name: "a.json", subject: "a", version: 1), SchemaReference(name: "b.json", subject: "b", version: 3)]
            let (first, second, other, loaded, referrers) = try await store.withTransaction(.write) { tx in
                let first = try await tx.insertSchema(fingerprint: "same", text: "{\"x\":1}", references: refs)
                let second = try await tx.insertSchema(fingerprint: "same", text: "{\"x\":1}", references: refs)
                let other = try await tx.insertSchema(fingerprint: "other", text: "{}", references: [])
                return (first, second, other, try await tx.schema(id: first), try await tx.referrers(subject: "b", version: 3))
            }
            #expect(first == second)
            #expect(other != first)
            #expect(loaded?.references == refs)
            #expect(loaded?.text == "{\"x\":1}")
            #expect(referrers == [first])
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func explicitIDsAreNeverHandedOutAgain(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let next = try await store.withTransaction(.write) { tx in
                try await tx.insertSchema(id: 100, fingerprint: "imported", text: "{}", references: [])
                return try await tx.insertSchema(fingerprint: "fresh", text: "true", references: [])
            }
            #expect(next > 100)
            await #expect(throws: SchemaStoreError.self) {
                try await store.withTransaction(.write) { tx in
                    try await tx.insertSchema(id: 100, fingerprint: "clash", text: "false", references: [])
                }
            }
            let max = try await store.withTransaction(.read) { tx in try await tx.maxSchemaID() }
            #expect(max == next)
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func softAndPermanentVersionDeletes(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let versions = try await store.withTransaction(.write) { tx in
                let id = try await tx.insertSchema(fingerprint: "f", text: "{}", references: [])
                try await tx.insertVersion(SubjectVersion(subject: "s", version: 1, schemaID: id))
                try await tx.insertVersion(SubjectVersion(subject: "s", version: 2, schemaID: id))
                try await tx.setVersionDeleted(subject: "s", version: 1, deleted: true)
                try await tx.removeVersion(subject: "s", version: 2)
                return try await tx.versions(subject: "s")
            }
            #expect(versions.map(\.version) == [1])
            #expect(versions.first?.deleted == true)
            let (live, all) = try await store.withTransaction(.read) { tx in
                (try await tx.subjectNames(includeDeleted: false), try await tx.subjectNames(includeDeleted: true))
            }
            #expect(live.isEmpty)
            #expect(all == ["s"])
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func configAndModeAreStoredPerSubjectAndGlobally(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let read = try await store.withTransaction(.write) { tx in
                try await tx.setConfig(RegistryConfig(compatibilityLevel: .full, compatibilityPolicy: .lenient, normalize: true), subject: nil)
                try await tx.setConfig(RegistryConfig(compatibilityLevel: CompatibilityLevel.none), subject: "s")
                try await tx.setConfig(RegistryConfig(compatibilityLevel: .forward), subject: "s")
                try await tx.setMode(.readOnly, subject: "s")
                try await tx.setMode(.import, subject: nil)
                return (try await tx.config(subject: nil), try await tx.config(subject: "s"), try await tx.config(subject: "t"),
                        try await tx.mode(subject: "s"), try await tx.mode(subject: nil))
            }
            #expect(read.0 == RegistryConfig(compatibilityLevel: .full, compatibilityPolicy: .lenient, normalize: true))
            #expect(read.1 == RegistryConfig(compatibilityLevel: .forward))
            #expect(read.2 == nil)
            #expect(read.3 == .readOnly)
            #expect(read.4 == .import)
            let removed = try await store.withTransaction(.write) { tx in
                try await tx.setConfig(nil, subject: "s")
                try await tx.setMode(nil, subject: "s")
                return (try await tx.config(subject: "s"), try await tx.mode(subject: "s"), try await tx.mode(subject: nil))
            }
            #expect(removed.0 == nil)
            #expect(removed.1 == nil)
            #expect(removed.2 == .import)
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func settingsReadTogetherAgreeWithTheSingleReads(_ fixture: StoreFixture) async throws {
        try await withStore(fixture) { store in
            let empty = try await store.withTransaction(.read) { tx in try await tx.settings(subject: "s") }
            #expect(empty == StoredSettings())
            let (together, single, other) = try await store.withTransaction(.write) { tx in
                try await tx.setConfig(RegistryConfig(compatibilityLevel: .full, normalize: true), subject: nil)
                try await tx.setConfig(RegistryConfig(compatibilityLevel: .forwardTransitive), subject: "s")
                try await tx.setMode(.import, subject: nil)
                try await tx.setMode(.readOnly, subject: "s")
                try await tx.setMode(.readWrite, subject: "s-other")
                let single = StoredSettings(
                    globalConfig: try await tx.config(subject: nil), subjectConfig: try await tx.config(subject: "s"),
                    globalMode: try await tx.mode(subject: nil), subjectMode: try await tx.mode(subject: "s"))
                return (try await tx.settings(subject: "s"), single, try await tx.settings(subject: "t"))
            }
            #expect(together == single)
            #expect(together.subjectConfig == RegistryConfig(compatibilityLevel: .forwardTransitive))
            #expect(together.globalMode == .import && together.subjectMode == .readOnly)
            // Another subject sees only the global rows.
            #expect(other == StoredSettings(globalConfig: RegistryConfig(compatibilityLevel: .full, normalize: true), globalMode: .import))
        }
    }

    @Test(arguments: StoreFixture.allCases)
    func aThrowingBodyRollsBackEverything(_ fixture: StoreFixture) async throws {
        struct Boom: Error {}
        try await withStore(fixture) { store in
            await #expect(throws: Boom.self) {
                try await store.withTransaction(.write) { tx in
                    let id = try await tx.insertSchema(fingerprint: "f", text: "{}", references: [])
                    try await tx.insertVersion(SubjectVersion(subject: "s", version: 1, schemaID: id))
                    try await tx.setMode(.readOnly, subject: nil)
                    throw Boom()
                }
            }
            let state = try await store.withTransaction(.read) { tx in
                (try await tx.versions(subject: "s").count, try await tx.mode(subject: nil), try await tx.schemaID(fingerprint: "f"))
            }
            #expect(state.0 == 0)
            #expect(state.1 == nil)
            #expect(state.2 == nil)
        }
    }
}
