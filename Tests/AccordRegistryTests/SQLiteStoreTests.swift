import AccordRegistry
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What only the SQLite store does: checkpoints off the write path, and a file complete on its own.
@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test func shutdownCheckpointsTheWALIntoTheFileAndReopeningKeepsEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/registry.db"
        let store = try await SQLiteSchemaStore.open(path: path)
        for n in 0..<300 {
            try await store.withTransaction(.write) { tx in
                let id = try await tx.insertSchema(fingerprint: "f\(n)", text: "{\"n\":\(n)}", references: [])
                try await tx.insertVersion(SubjectVersion(subject: "s", version: n + 1, schemaID: id))
            }
        }
        // 300 small writes stay far below the writer's own checkpoint threshold: only the store's
        // checkpointer, running beside the writes, copies the committed pages into the file.
        var status = stat()
        var copied = false
        for _ in 0..<50 where !copied {
            try await Task.sleep(for: .milliseconds(100))
            copied = stat(path, &status) == 0 && status.st_size >= 8 * 4096
        }
        #expect(copied, "the database file is \(status.st_size) bytes: the WAL was not checkpointed while open")
        try await store.shutdown()

        let reopened = try await SQLiteSchemaStore.open(path: path)
        let (versions, last) = try await reopened.withTransaction(.read) { tx in
            (try await tx.versions(subject: "s").count, try await tx.schema(id: try #require(try await tx.schemaID(fingerprint: "f299")))?.text)
        }
        try await reopened.shutdown()
        #expect(versions == 300)
        #expect(last == "{\"n\":299}")
    }

    @Test func theWALStaysBoundedUnderSustainedConcurrentWrites() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/registry.db"
        // A threshold of 64 pages (256 KiB) for the test; the default is 16 384.
        let store = try await SQLiteSchemaStore.open(path: path, walCheckpointPages: 64)
        let padding = String(repeating: "x", count: 2_000)
        var largestWAL: Int64 = 0
        // 32 writers at a time, 3 200 rows of 2 KB: over 6 MB of rows (11 MB of WAL frames when
        // nothing rewinds it) pass through the WAL, never without pending frames.
        for round in 0..<100 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for k in 0..<32 {
                    let n = round * 32 + k
                    group.addTask {
                        try await store.withTransaction(.write) { tx in
                            let id = try await tx.insertSchema(fingerprint: "f\(n)", text: "{\"n\":\(n),\"pad\":\"\(padding)\"}", references: [])
                            try await tx.insertVersion(SubjectVersion(subject: "s", version: n + 1, schemaID: id))
                        }
                    }
                }
                try await group.waitForAll()
            }
            var status = stat()
            if stat(path + "-wal", &status) == 0 { largestWAL = max(largestWAL, Int64(status.st_size)) }
        }
        let versions = try await store.withTransaction(.read) { tx in try await tx.versions(subject: "s").count }
        try await store.shutdown()
        #expect(versions == 3_200)
        // Unbounded, the WAL holds every frame written (over 11 MB); rewound, it stays near the
        // threshold plus what group commits append while checkpoints contend (2 MB seen on a
        // loaded machine), so the bound leaves room for a slow run and still tells the two apart.
        #expect(largestWAL > 0)
        #expect(largestWAL < 5_000_000, "the WAL grew to \(largestWAL) bytes with a 64-page threshold")
    }

    /// More writers than one batch takes (256): the queue is drained batch after batch, and every
    /// writer completes, with versions assigned without a gap.
    @Test func writersBeyondOneBatchAllComplete() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await SQLiteSchemaStore.open(path: directory.path + "/registry.db")
        let assigned = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<700 {
                group.addTask {
                    try await store.withTransaction(.write) { tx in
                        let next = (try await tx.latestVersion(subject: "s", includeDeleted: true)?.version ?? 0) + 1
                        let id = try await tx.insertSchema(fingerprint: "f\(n)", text: "{}", references: [])
                        try await tx.insertVersion(SubjectVersion(subject: "s", version: next, schemaID: id))
                        return next
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let stored = try await store.withTransaction(.read) { tx in try await tx.versions(subject: "s").map(\.version) }
        try await store.shutdown()
        #expect(assigned.sorted() == Array(1...700))
        #expect(stored == Array(1...700))
    }
}
