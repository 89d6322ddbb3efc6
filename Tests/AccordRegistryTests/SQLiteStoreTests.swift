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
        // Automatic checkpoints are off: only the store's checkpointer, running beside the writes,
        // copies the committed pages from the WAL into the database file.
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
}
