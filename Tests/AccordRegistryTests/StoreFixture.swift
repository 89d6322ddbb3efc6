import AccordRegistry
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real store the shared suite runs on. Add a case (and its `open`) for each implementation;
/// every test in ``SchemaStoreSuite`` and ``RegistryStoreSuite`` then runs on it too.
enum StoreFixture: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    // The pg branch adds: case postgres

    var testDescription: String { rawValue }

    /// Opens a fresh, empty store and returns it with the clean-up to run afterwards.
    func open() async throws -> OpenedStore {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory()
            let store = try await SQLiteSchemaStore.open(path: directory.path + "/registry.db")
            return OpenedStore(store: store) {
                try? await store.shutdown()
                directory.remove()
            }
        }
    }
}

/// A store and how to dispose of it.
struct OpenedStore: Sendable {
    let store: any SchemaStore
    let close: @Sendable () async -> Void
}

/// Runs `body` with a fresh store of `fixture`, closing it afterwards even when `body` throws.
func withStore<T>(_ fixture: StoreFixture, _ body: (any SchemaStore) async throws -> T) async throws -> T {
    let opened = try await fixture.open()
    do {
        let result = try await body(opened.store)
        await opened.close()
        return result
    } catch {
        await opened.close()
        throw error
    }
}

/// A directory under /tmp, removed with its contents by `remove()`.
struct TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/accord-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SchemaStoreError.database("mkdtemp failed") }
        path = String(cString: made)
    }

    func remove() {
        guard let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name != "." && name != ".." { unlink(path + "/" + name) }
        }
        closedir(dir)
        rmdir(path)
    }
}
