import AccordHarness
import AccordJSON
import Foundation

/// Paths and shortcuts shared by the harness tests: the example handlers under Examples/.
enum Examples {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
    static var orderPlaced: String { root + "/Examples/order-placed" }
    static var python: String { orderPlaced + "/python/accord.yaml" }
    static var node: String { orderPlaced + "/node/accord.yaml" }

    /// Loads an example contract, switching on a bug and choosing scenarios.
    static func contract(_ path: String, bug: String? = nil, scenarios: [Scenario]? = nil, edit: (inout Contract) -> Void = { _ in }) throws -> Contract {
        var contract = try ContractLoader.load(path: path)
        if let bug, let command = contract.command { contract.command = command + " --bug=\(bug)" }
        if let scenarios { contract.scenarios = scenarios }
        edit(&contract)
        return contract
    }

    /// Prepares and runs a contract test.
    static func run(_ contract: Contract, launcher: (any HandlerLauncher)? = nil) async throws -> HarnessReport {
        try await ContractTest.prepare(contract, launcher: launcher).run()
    }

    /// A scratch directory for one test.
    static func scratch(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-harness-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

extension HarnessReport {
    /// Results of one scenario.
    func results(_ scenario: Scenario) -> [CheckResult] { results.filter { $0.scenario == scenario } }
    /// Every failure message of a scenario, joined (for `contains` checks).
    func messages(_ scenario: Scenario) -> String {
        results(scenario).flatMap(\.failures).map { ([$0.message] + $0.diff).joined(separator: "\n") }.joined(separator: "\n")
    }
    func failed(_ scenario: Scenario) -> Bool { results(scenario).contains { $0.status == .failed } }
    func passedAll(_ scenario: Scenario) -> Bool { !results(scenario).isEmpty && results(scenario).allSatisfy { $0.status == .passed } }
}
