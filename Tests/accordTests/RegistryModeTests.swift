import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real `accord serve` on a free loopback port with a SQLite file in a temporary folder.
final class RegistryProcess: @unchecked Sendable {
    let url: String
    private let process: Process
    private let directory: URL

    /// - Parameters:
    ///   - extraArguments: more `accord serve` options (`--log-level`, …).
    ///   - standardError: where the server's log goes.
    init(extraArguments: [String] = [], standardError: FileHandle = FileHandle.nullDevice) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try FreePort.pick()
        url = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = AccordBinary.url
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port),
                             "--database", "sqlite:" + directory.appendingPathComponent("registry.db").path] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = standardError
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? HTTP.request("GET", url + "/subjects"))?.status == 200 { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw FixtureError(message: "accord serve did not answer on \(url)")
    }

    func stop() {
        ChildProcess.terminate(process)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The exit status once stopped (SIGKILL's, if it did not stop on SIGTERM).
    var terminationStatus: Int32 { process.terminationStatus }
}

/// Minimal blocking HTTP through curl (a separate real client, independent of the code under test).
enum HTTP {
    struct Response {
        var status: Int
        var body: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
    }

    static func request(_ method: String, _ url: String, body: String? = nil) throws -> Response {
        var arguments = ["curl", "-s", "-m", "5", "-X", method, "-w", "\n%{http_code}", "-H", "Content-Type: application/vnd.schemaregistry.v1+json"]
        if let body { arguments += ["--data-binary", body] }
        arguments.append(url)
        let result = try SchemasRepository.execute(URL(fileURLWithPath: "/usr/bin/env"), arguments,
                                                   in: FileManager.default.temporaryDirectory, environment: [:])
        guard result.status == 0, let newline = result.stdout.lastIndex(of: "\n"),
              let status = Int(result.stdout[result.stdout.index(after: newline)...]) else {
            throw FixtureError(message: "curl \(method) \(url) failed: \(result.stderr)")
        }
        return Response(status: status, body: String(result.stdout[..<newline]))
    }
}

/// `accord check --against registry:URL` and `accord register` against a real `accord serve`.
@Suite("accord check and register against a registry", .serialized)
struct RegistryModeTests {
    @Test func registerIsIdempotentAndRegistersReferencesFirst() throws {
        let registry = try RegistryProcess()
        defer { registry.stop() }
        let repository = try Domain.repository()
        defer { repository.remove() }

        let dryRun = try repository.accord(["register", "--registry", registry.url, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("money: would register"))
        #expect(dryRun.stdout.contains("order.placed: would register"))
        #expect(try HTTP.request("GET", registry.url + "/subjects").json as? [String] == [])

        let first = try repository.accord(["register", "--registry", registry.url])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let lines = first.stdout.split(separator: "\n")
        let moneyLine = try #require(lines.firstIndex { $0.hasPrefix("money: registered") })
        let orderLine = try #require(lines.firstIndex { $0.hasPrefix("order.placed: registered") })
        #expect(moneyLine < orderLine)
        let latest = try #require(try HTTP.request("GET", registry.url + "/subjects/order.placed/versions/latest").json as? [String: Any])
        let references = latest["references"] as? [[String: Any]] ?? []
        #expect(references.count == 1)
        #expect(references.first?["subject"] as? String == "money")
        #expect(references.first?["version"] as? Int == 1)
        #expect(references.first?["name"] as? String == "https://schemas.accord.dev/money/schema.json")

        let second = try repository.accord(["register", "--registry", registry.url])
        #expect(second.status == 0)
        #expect(second.stdout.contains("0 registered, 2 unchanged"))
        #expect(try HTTP.request("GET", registry.url + "/subjects/money/versions").json as? [Int] == [1])
        #expect(try HTTP.request("GET", registry.url + "/subjects/order.placed/versions").json as? [Int] == [1])
    }

    @Test func checkAgainstRegistryLocatesBreakingChange() throws {
        let registry = try RegistryProcess()
        defer { registry.stop() }
        let repository = try Domain.repository()
        defer { repository.remove() }
        #expect(try repository.accord(["register", "--registry", registry.url]).status == 0)

        let clean = try repository.accord(["check", "--against", "registry:" + registry.url])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

        let changed = Domain.order(quantityMaximum: 10)
        try repository.write("Schemas/order.placed/schema.json", changed)
        let result = try repository.accord(["check", "--against", "registry:" + registry.url, "--output", "json"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let report = try CheckJSON(result.stdout)
        let change = try #require(report.breakingChanges("order.placed").first)
        #expect(change["line"] as? Int == 6)
        #expect((change["newLocation"] as? String)?.hasPrefix("/properties/quantity") == true)
        #expect(report.subject("order.placed")?["brokenVersion"] as? String == "version 1 (id 2)")

        // The registry refuses it too, and register says so with exit status 1.
        let refused = try repository.accord(["register", "--registry", registry.url])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("order.placed: refused"))
    }

    @Test func registryLevelAppliesAndTransitiveNamesTheVersion() throws {
        let registry = try RegistryProcess()
        defer { registry.stop() }
        let repository = try Domain.repository()
        defer { repository.remove() }
        #expect(try repository.accord(["register", "--registry", registry.url]).status == 0)
        _ = try HTTP.request("PUT", registry.url + "/config/order.placed", body: #"{"compatibility": "NONE"}"#)
        try repository.write("Schemas/order.placed/schema.json", Domain.order(channels: ["web"]))
        #expect(try repository.accord(["register", "--registry", registry.url, "--no-config"]).status == 0)
        _ = try HTTP.request("PUT", registry.url + "/config/order.placed", body: #"{"compatibility": "BACKWARD_TRANSITIVE"}"#)

        try repository.write("Schemas/order.placed/schema.json", Domain.order(channels: ["web", "app"]))
        let result = try repository.accord(["check", "--against", "registry:" + registry.url, "--output", "json"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let subject = try CheckJSON(result.stdout).subject("order.placed")
        #expect(subject?["level"] as? String == "BACKWARD_TRANSITIVE")
        #expect((subject?["brokenVersion"] as? String)?.hasPrefix("version 1 ") == true)
        let text = try repository.accord(["check", "--against", "registry:" + registry.url])
        #expect(text.stdout.contains("is not BACKWARD_TRANSITIVE compatible with version 1 "))
    }

    @Test func unreachableRegistryExitsTwo() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        let port = try FreePort.pick()
        let result = try repository.accord(["check", "--against", "registry:http://127.0.0.1:\(port)"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("registry http://127.0.0.1:\(port) is unreachable"))
        let register = try repository.accord(["register", "--registry", "http://127.0.0.1:\(port)"])
        #expect(register.status == 2)
    }

    @Test func credentialsComeFromTheEnvironment() throws {
        let server = try GuardedRegistry()
        defer { server.stop() }
        let repository = try Domain.repository()
        defer { repository.remove() }
        let anonymous = try repository.accord(["check", "--against", "registry:" + server.url])
        #expect(anonymous.status == 2)
        #expect(anonymous.stderr.contains("ACCORD_REGISTRY_TOKEN"))
        let bearer = try repository.accord(["check", "--against", "registry:" + server.url],
                                           environment: ["ACCORD_REGISTRY_TOKEN": "s3cret"])
        #expect(bearer.status == 0, "\(bearer.stdout)\(bearer.stderr)")
        let basic = try repository.accord(["check", "--against", "registry:" + server.url],
                                          environment: ["ACCORD_REGISTRY_USER": "ci", "ACCORD_REGISTRY_PASSWORD": "pa:ss"])
        #expect(basic.status == 0, "\(basic.stdout)\(basic.stderr)")
        let wrong = try repository.accord(["check", "--against", "registry:" + server.url],
                                          environment: ["ACCORD_REGISTRY_TOKEN": "guess"])
        #expect(wrong.status == 2)
    }
}

/// A stand-in registry (Python's http.server) that answers only requests with the right
/// credentials (bearer `s3cret` or basic `ci:pa:ss`) and knows no subjects.
final class GuardedRegistry: @unchecked Sendable {
    let url: String
    private let process: Process

    static let script = #"""
        import base64, json, sys
        from http.server import BaseHTTPRequestHandler, HTTPServer
        ALLOWED = {"Bearer s3cret", "Basic " + base64.b64encode(b"ci:pa:ss").decode()}
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def do_GET(self):
                if self.headers.get("Authorization") not in ALLOWED:
                    return self.reply(401, {"error_code": 401, "message": "Unauthorized"})
                if self.path.startswith("/config"):
                    return self.reply(200, {"compatibilityLevel": "BACKWARD"})
                return self.reply(404, {"error_code": 40401, "message": "Subject not found."})
        server = HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
        print("ready", flush=True)
        server.serve_forever()
        """#

    /// - Parameters:
    ///   - extraArguments: more `accord serve` options (`--log-level`, …).
    ///   - standardError: where the server's log goes.
    init(extraArguments: [String] = [], standardError: FileHandle = FileHandle.nullDevice) throws {
        let port = try FreePort.pick()
        url = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, String(port)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        _ = output.fileHandleForReading.availableData  // "ready"
    }

    func stop() {
        ChildProcess.terminate(process)
    }
}

enum ChildProcess {
    /// SIGTERM, then waits (bounded: a child spawned from a test thread inherits its blocked signals, so
    /// SIGTERM may never arrive) and SIGKILLs a child that is still running after a second.
    static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(1)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
