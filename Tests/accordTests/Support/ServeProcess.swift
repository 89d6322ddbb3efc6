import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

/// `accord serve` running as a real subprocess on a free loopback port, with a client for its
/// HTTP API. Every wait has a deadline; failures carry the server's log.
final class ServeProcess: @unchecked Sendable {
    let baseURL: URL
    let log: URL
    private let box: ProcessBox
    private let exited: Task<Int32, Never>

    private init(baseURL: URL, log: URL, box: ProcessBox, exited: Task<Int32, Never>) {
        self.baseURL = baseURL
        self.log = log
        self.box = box
        self.exited = exited
    }

    /// Starts `accord serve --database database` and waits until `GET /` answers 200.
    static func start(database: String) async throws -> ServeProcess {
        let port = try FreePort.pick()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("accord-serve-\(port)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = AccordBinary.url
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--database", database, "--log-level", "info"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        let box = ProcessBox(process)
        let exited = try box.runUntilExit()
        try? handle.close()
        let serve = ServeProcess(baseURL: URL(string: "http://127.0.0.1:\(port)")!, log: log, box: box, exited: exited)
        do {
            try await serve.waitUntilAnswering()
        } catch {
            _ = await serve.stop()
            throw error
        }
        return serve
    }

    private func waitUntilAnswering() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard box.process.isRunning else { throw ServeError("accord serve exited during start-up", log: logText()) }
            if case let (status, _)? = try? await request("GET", "/", timeout: 2), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServeError("accord serve did not answer within 60 s", log: logText())
    }

    /// Sends SIGTERM and waits (up to 20 s, then SIGKILL). Returns the exit status.
    @discardableResult
    func stop() async -> Int32 {
        if box.process.isRunning { kill(box.process.processIdentifier, SIGTERM) }
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await self.exited.value }
            group.addTask { try? await Task.sleep(for: .seconds(20)); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let status { return status }
        kill(box.process.processIdentifier, SIGKILL)
        return await exited.value
    }

    func logText() -> String {
        String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(4000))
    }

    /// One HTTP request; the body is sent as `application/vnd.schemaregistry.v1+json`.
    func request(_ method: String, _ path: String, body: String? = nil, timeout: TimeInterval = 60) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + path)!, timeoutInterval: timeout)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/vnd.schemaregistry.v1+json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// A request whose answer must be 200 with a JSON body.
    func json(_ method: String, _ path: String, body: String? = nil) async throws -> Any {
        let (status, data) = try await request(method, path, body: body)
        guard status == 200 else {
            throw ServeError("\(method) \(path) answered \(status): \(String(decoding: data, as: UTF8.self))", log: logText())
        }
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }
}

struct ServeError: Error, CustomStringConvertible {
    var message: String
    var log: String
    init(_ message: String, log: String) {
        self.message = message
        self.log = log
    }
    var description: String { "\(message)\n--- accord serve log ---\n\(log)" }
}
