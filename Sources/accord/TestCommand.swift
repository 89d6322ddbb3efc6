import AccordHarness
import AccordJSON
import ArgumentParser
import Foundation

/// `accord test`: replay fixture events against a handler and check its contract.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Replay fixture events against a handler and prove schema validity, idempotency and failure handling.",
        discussion: """
            Reads the contract file (accord.yaml by default), starts the handler it names (http or ndjson \
            adapter) and plays the broker's part through the scenarios: schema, duplicate, replay, transient, \
            poison, ordering. Backoff runs on a virtual clock unless --real-time is given.

            Exit status: 0 every check passed; 1 a check failed; 2 a bad contract, fixture or schema \
            (with a located message on stderr) or a usage error.

            Example:
              accord test --contract Examples/order-placed/python/accord.yaml --junit report.xml
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: "The contract file.")
    var contract: String = "accord.yaml"

    @Option(name: .long, help: "Report format on stdout: text or json.")
    var output: OutputFormat = .text

    @Option(name: .long, help: ArgumentHelp("Also write a JUnit XML report to FILE.", valueName: "FILE"))
    var junit: String?

    @Option(name: .long, help: ArgumentHelp("Run only this scenario (repeatable).", valueName: "NAME"))
    var scenario: [String] = []

    @Flag(name: .customLong("real-time"), help: "Really wait for backoff delays instead of using a virtual clock.")
    var realTime = false

    @Flag(name: .customLong("no-color"), help: "Never colour the report.")
    var noColor = false

    func validate() throws {
        for name in scenario where Scenario(rawValue: name) == nil {
            throw ValidationError("unknown scenario '\(name)': expected \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// Reads the contract, its fixtures and schemas; a located error means exit 2.
    func prepare() async -> Result<ContractTest, HarnessInputError> {
        do {
            var loaded = try ContractLoader.load(path: contract)
            if !scenario.isEmpty { loaded.scenarios = scenario.compactMap(Scenario.init(rawValue:)) }
            var prepared = try await ContractTest.prepare(loaded)
            prepared.timeScale = realTime ? 1 : 0
            return .success(prepared)
        } catch {
            return .failure(error)
        }
    }

    func run() async throws {
        let test: ContractTest
        switch await prepare() {
        case .success(let prepared): test = prepared
        case .failure(let error):
            FileHandleOutput.standardError("accord: \(error)")
            throw ExitCode(2)
        }
        let progressOnTTY = isatty(2) == 1 && output == .text
        let report = await test.run { step in
            if progressOnTTY { FileHandleOutput.standardErrorRaw("\r\u{1B}[2K… \(step)") }
        }
        if progressOnTTY { FileHandleOutput.standardErrorRaw("\r\u{1B}[2K") }
        switch output {
        case .text: print(ReportFormats.text(report, colour: !noColor && isatty(1) == 1), terminator: "")
        case .json: print(JSONWriter.pretty(ReportFormats.json(report)))
        }
        if let junit {
            do {
                try ReportFormats.junit(report).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                FileHandleOutput.standardError("accord: cannot write JUnit report to \(junit): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        if !report.passed { throw ExitCode(1) }
    }
}

extension FileHandleOutput {
    /// Writes without adding a newline (progress lines).
    static func standardErrorRaw(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
