import AccordJSON
import Foundation
import Testing

/// Runs the built `accord` binary as a real subprocess.
enum AccordBinary {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var url: URL {
        let candidates = [".build/debug/accord", ".build/x86_64-unknown-linux-gnu/debug/accord", ".build/release/accord"]
        for c in candidates {
            let u = packageRoot.appendingPathComponent(c)
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return packageRoot.appendingPathComponent(candidates[0])
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// The official suite through the CLI contract: `accord validate --schema S --output flag` with each
/// test case's data as NDJSON on stdin must give the suite's answers, one line per instance, in order.
@Suite("accord validate conformance")
struct CLIConformanceTests {
    static let drafts = [("draft4", "4"), ("draft6", "6"), ("draft7", "7"), ("draft2019-09", "2019-09"), ("draft2020-12", "2020-12")]

    @Test("required suite tests through the CLI", arguments: drafts.map(\.0))
    func suiteThroughCLI(folder: String) throws {
        let draft = Self.drafts.first { $0.0 == folder }!.1
        let suite = AccordBinary.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/json-schema-test-suite")
        let dir = suite.appendingPathComponent("tests/\(folder)")
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("accord-cli-\(folder)-\(getpid())")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        var passed = 0
        var failures: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".json") }).sorted() {
            let cases = try JSONParser().parseFile(atPath: dir.appendingPathComponent(name).path)
            for (n, testCase) in (cases.arrayValue ?? []).enumerated() {
                let schemaFile = temp.appendingPathComponent("schema.json")
                try JSONWriter.compact(testCase["schema"]!).write(to: schemaFile, atomically: true, encoding: .utf8)
                let tests = testCase["tests"]?.arrayValue ?? []
                let stdin = tests.map { JSONWriter.compact($0["data"]!) + "\n" }.joined()
                let output = try AccordBinary.run(
                    ["validate", "--schema", schemaFile.path, "--default-draft", draft, "--output", "flag",
                     "--resource-dir", "http://localhost:1234/=" + suite.appendingPathComponent("remotes").path],
                    stdin: Data(stdin.utf8))
                let lines = output.stdout.split(separator: "\n")
                for (k, test) in tests.enumerated() {
                    let expected = test["valid"]!.boolValue!
                    let line = k < lines.count ? String(lines[k]) : "<missing>"
                    if line == (expected ? "{\"valid\":true}" : "{\"valid\":false}") {
                        passed += 1
                    } else {
                        failures.append("\(name)#\(n) \(test["description"]?.stringValue ?? ""): expected \(expected), got \(line) \(output.stderr)")
                    }
                }
                let anyInvalid = tests.contains { $0["valid"] == false }
                if output.status != (anyInvalid ? 1 : 0) {
                    failures.append("\(name)#\(n): exit status \(output.status), expected \(anyInvalid ? 1 : 0) \(output.stderr)")
                }
            }
        }
        print("[cli-suite] \(folder): \(passed) passed, \(failures.count) failed")
        for f in failures.prefix(20) { print("  CLI FAIL \(f)") }
        #expect(passed > 500)
        #expect(failures.isEmpty)
    }
}
