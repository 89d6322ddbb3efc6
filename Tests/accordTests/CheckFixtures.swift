import Foundation

/// A real git repository in a temporary folder with a `Schemas/` folder, for `accord check` and
/// `accord register` tests. Each instance has its own folder; `remove()` deletes it.
struct SchemasRepository {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("accord-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try git("init", "-q")
        try git("config", "user.email", "tests@accord.invalid")
        try git("config", "user.name", "Accord tests")
        try git("config", "commit.gpgsign", "false")
        try git("checkout", "-q", "-b", "main")
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func delete(_ relative: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Runs git in the repository; throws on a non-zero exit.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let result = try Self.execute(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: root, environment: [:])
        guard result.status == 0 else {
            throw FixtureError(message: "git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Commits everything; returns the commit hash.
    @discardableResult
    func commit(_ message: String) throws -> String {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
        return try git("rev-parse", "HEAD")
    }

    /// Runs `accord` with the repository as working directory.
    func accord(_ arguments: [String], environment: [String: String] = [:]) throws -> AccordBinary.Output {
        try Self.execute(AccordBinary.url, arguments, in: root, environment: environment)
    }

    static func execute(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> AccordBinary.Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("ACCORD_REGISTRY") || key.hasPrefix("GIT_") { env[key] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorData = ErrorDrain(err.fileHandleForReading)
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return AccordBinary.Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                                   stderr: String(decoding: errorData.wait(), as: UTF8.self))
    }
}

/// Reads a pipe on its own thread (so neither pipe can fill up and block the child).
final class ErrorDrain: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            semaphore.signal()
        }
    }

    func wait() -> Data {
        semaphore.wait()
        return data
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The small example domain the tests edit: `money` and `order.placed`, which references it.
enum Domain {
    static func money(maximum: Int = 1_000_000) -> String {
        """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "amount": { "$ref": "#/$defs/Cents" },
            "currency": { "enum": ["EUR", "USD", "GBP"] }
          },
          "required": ["amount", "currency"],
          "$defs": {
            "Cents": { "type": "integer", "minimum": 0, "maximum": \(maximum) }
          }
        }

        """
    }

    /// Line 6 holds `quantity`; line 7 `coupon`.
    static func order(quantityMaximum: Int = 100, couponMaxLength: Int = 32, channels: [String] = ["web", "store"]) -> String {
        let channelList = channels.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "orderId": { "type": "string" },
                "quantity": { "type": "integer", "minimum": 1, "maximum": \(quantityMaximum) },
                "coupon": { "type": "string", "maxLength": \(couponMaxLength) },
                "channel": { "enum": [\(channelList)] },
                "total": { "$ref": "../money/schema.json" }
              },
              "required": ["orderId", "total"]
            }

            """
    }

    /// A repository whose first commit holds `money` and `order.placed`.
    static func repository() throws -> SchemasRepository {
        let repository = try SchemasRepository()
        try repository.write("Schemas/money/schema.json", money())
        try repository.write("Schemas/order.placed/schema.json", order())
        try repository.commit("Schemas: money and order.placed")
        return repository
    }
}

/// Parses `accord check --output json`.
struct CheckJSON {
    let root: [String: Any]

    init(_ text: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw FixtureError(message: "not a JSON object: \(text)")
        }
        root = object
    }

    var subjects: [[String: Any]] { root["subjects"] as? [[String: Any]] ?? [] }

    func subject(_ name: String) -> [String: Any]? {
        subjects.first { $0["subject"] as? String == name }
    }

    func status(_ name: String) -> String? { subject(name)?["status"] as? String }

    func breakingChanges(_ name: String) -> [[String: Any]] {
        subject(name)?["breakingChanges"] as? [[String: Any]] ?? []
    }
}
