import Foundation
import Testing

/// The `accord test` contract: exit codes, report formats, JUnit file, located errors.
@Suite("accord test", .serialized)
struct TestCommandTests {
    var examples: String { AccordBinary.packageRoot.appendingPathComponent("Examples/order-placed").path }

    func scratch(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-test-cli-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// A contract for the Python example with absolute paths, written to a scratch directory.
    func pythonContract(_ dir: String, bug: String? = nil, extra: String = "") throws -> String {
        let command = "python3 \(examples)/python/handler.py" + (bug.map { " --bug=\($0)" } ?? "")
        let yaml = """
            handler: order-service
            adapter: ndjson
            command: \(command)
            schemas: \(examples)/Schemas
            fixtures:
              - \(examples)/fixtures/orders.ndjson
              - {path: \(examples)/fixtures/poison.ndjson, poison: true}
            consumes: [order.placed]
            emits: [order.confirmed]
            retry: {maxAttempts: 4, backoff: {initial: 50ms, multiplier: 2, max: 1s}}
            partitionKey: /data/customerId
            \(extra)
            """
        let path = dir + "/accord.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func passingHandlerExitsZeroWithOneLinePerScenarioAndFixture() throws {
        let out = try AccordBinary.run(["test", "--contract", examples + "/python/accord.yaml"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("PASS  duplicate  ../fixtures/orders.ndjson:1 order.placed evt-1"))
        #expect(out.stdout.contains("PASS  poison     ../fixtures/poison.ndjson:1 order.placed evt-bad-1"))
        #expect(!out.stdout.contains("\u{1B}["), "no colour on a pipe")
        #expect(out.stdout.contains("0 failed"))
    }

    @Test func failingHandlerExitsOneAndWritesJUnit() throws {
        let dir = try scratch("junit")
        let contract = try pythonContract(dir, bug: "counter")
        let junit = dir + "/report.xml"
        let out = try AccordBinary.run(["test", "--contract", contract, "--junit", junit, "--scenario", "duplicate"])
        #expect(out.status == 1)
        #expect(out.stdout.contains("FAIL  duplicate"))
        #expect(out.stdout.contains("event: order.placed id=evt-1"))
        #expect(out.stdout.contains("/processed: expected 1, actual 2"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testsuite name=\"duplicate\""))
        #expect(xml.contains("<failure message=\"state differs from a clean run after a back-to-back duplicate delivery\""))
    }

    @Test func jsonOutput() throws {
        let dir = try scratch("json")
        let contract = try pythonContract(dir, bug: "crash")
        let out = try AccordBinary.run(["test", "--contract", contract, "--output", "json", "--scenario", "poison"])
        #expect(out.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        #expect(json?["passed"] as? Bool == false)
        let results = json?["results"] as? [[String: Any]] ?? []
        #expect(results.contains { $0["status"] as? String == "failed" && $0["scenario"] as? String == "poison" })
    }

    @Test func badContractExitsTwoWithLocation() throws {
        let dir = try scratch("bad")
        let path = dir + "/accord.yaml"
        try "handler: h\nadapter: ndjson\ncommand: x\nfixtures: [a.ndjson]\nretry:\n  maxAttempts: none\n".write(toFile: path, atomically: true, encoding: .utf8)
        let out = try AccordBinary.run(["test", "--contract", path])
        #expect(out.status == 2)
        #expect(out.stderr.contains("accord.yaml:6:16: 'maxAttempts' must be an integer"))
    }

    @Test func badFixtureExitsTwoWithLocation() throws {
        let dir = try scratch("badfixture")
        try "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"order.placed\"}\n".write(toFile: dir + "/e.ndjson", atomically: true, encoding: .utf8)
        let path = dir + "/accord.yaml"
        try "handler: h\nadapter: ndjson\ncommand: cat\nfixtures: [e.ndjson]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let out = try AccordBinary.run(["test", "--contract", path])
        #expect(out.status == 2)
        #expect(out.stderr.contains("e.ndjson:1: not a valid CloudEvent: 'id': required attribute is missing"))
    }

    @Test func missingContractAndUnknownScenarioExitTwo() throws {
        #expect(try AccordBinary.run(["test", "--contract", "/nonexistent/accord.yaml"]).status == 2)
        #expect(try AccordBinary.run(["test", "--scenario", "chaos"]).status == 2)
    }

    @Test func httpExampleRunsThroughTheCLI() throws {
        let out = try AccordBinary.run(["test", "--contract", examples + "/node/accord.yaml", "--scenario", "duplicate", "--scenario", "transient"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("PASS  transient"))
    }
}
