import AccordJSON
import AccordRegistry
import AccordServer
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A reply as the tests read it.
struct Reply: Sendable {
    let status: Int
    let contentType: String?
    let text: String
    var json: JSONValue? { try? JSONParser().parse(text) }
    var errorCode: Int64? { json?["error_code"]?.integerValue }
}

/// An in-process registry on a real temporary SQLite file.
struct RegistryHarness: Sendable {
    let client: any TestClientProtocol

    func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        var headers = headers
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/vnd.schemaregistry.v1+json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: Int(response.status.code), contentType: response.headers[.contentType], text: String(buffer: response.body))
        }
    }

    /// Registers `schema` (a JSON Schema document as text) and returns the reply.
    func register(_ subject: String, _ schema: String, references: String? = nil, query: String = "") async throws -> Reply {
        let refs = references.map { ",\"references\":\($0)" } ?? ""
        return try await call(.post, "/subjects/\(subject)/versions\(query)", "{\"schemaType\":\"JSON\",\"schema\":\(quoted(schema))\(refs)}")
    }

    func quoted(_ text: String) -> String { JSONWriter.compact(.string(text)) }
}

/// Runs `body` against a fresh registry (compatibility NONE unless `level` is given).
func withRegistry(
    level: String? = "NONE", maxBodyBytes: Int = 4 << 20, metrics: PrometheusCollectorRegistry? = nil, _ body: @Sendable (RegistryHarness) async throws -> Void) async throws {
    var template = Array("/tmp/accord-route-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { Issue.record("mkdtemp failed"); return }
    let directory = String(cString: made)
    let store = try await SQLiteSchemaStore.open(path: directory + "/registry.db")
    let router = RegistryServer.makeRouter(registry: SchemaRegistry(store: store), maxBodyBytes: maxBodyBytes, metrics: metrics)
    let app = Application(router: router)
    do {
        try await app.test(.router) { client in
            let harness = RegistryHarness(client: client)
            if let level {
                let reply = try await harness.call(.put, "/config", "{\"compatibility\":\"\(level)\"}")
                #expect(reply.status == 200)
            }
            try await body(harness)
        }
    } catch {
        try? await store.shutdown()
        for file in ["registry.db", "registry.db-wal", "registry.db-shm"] { unlink(directory + "/" + file) }
        rmdir(directory)
        throw error
    }
    try? await store.shutdown()
    for file in ["registry.db", "registry.db-wal", "registry.db-shm"] { unlink(directory + "/" + file) }
    rmdir(directory)
}

let personV1 = #"{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"#
let personV2 = #"{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name"]}"#
