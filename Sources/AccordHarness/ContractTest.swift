import AccordJSON
import AccordSchema

/// A contract test ready to run: the contract, its fixtures, the schemas and a way to start the
/// handler. ``run(progress:)`` plays the broker through every scenario and returns the report.
public struct ContractTest: Sendable {
    public var contract: Contract
    public var fixtures: [Fixture]
    public var catalog: SchemaCatalog
    public var launcher: any HandlerLauncher
    /// Real seconds slept per virtual second of backoff (0: virtual time, the default).
    public var timeScale: Double = 0

    public init(contract: Contract, fixtures: [Fixture], catalog: SchemaCatalog, launcher: any HandlerLauncher) {
        self.contract = contract
        self.fixtures = fixtures
        self.catalog = catalog
        self.launcher = launcher
    }

    /// Reads the contract's fixtures and schemas. `launcher` overrides the contract's adapter
    /// (required for `inprocess`, whose handler is Swift code linked into the caller).
    public static func prepare(_ contract: Contract, launcher: (any HandlerLauncher)? = nil) async throws(HarnessInputError) -> ContractTest {
        var fixtures: [Fixture] = []
        for source in contract.fixtures {
            fixtures += try FixtureLoader.load(path: contract.resolve(source.path), displayName: source.path, poison: source.poison)
        }
        let catalog: SchemaCatalog
        if let registry = contract.registry {
            catalog = SchemaCatalog(source: .registry(registry))
        } else {
            catalog = SchemaCatalog(source: .directory(contract.resolve(contract.schemas ?? "Schemas")))
        }
        try await catalog.load(types: fixtures.map(\.event.type) + contract.consumes + contract.emits)
        let chosen: any HandlerLauncher
        if let launcher {
            chosen = launcher
        } else {
            let directory = contract.resolve(contract.workingDirectory ?? ".")
            switch contract.adapter {
            case .ndjson:
                chosen = NDJSONLauncher(command: contract.command ?? "", directory: directory, timeout: contract.timeout)
            case .http:
                chosen = HTTPLauncher(settings: contract.http, command: contract.command, directory: directory, timeout: contract.timeout)
            case .inprocess:
                throw HarnessInputError(
                    file: contract.file,
                    message: "adapter 'inprocess' runs a Swift EventHandler linked into the test: use AccordHarness's ContractTest from Swift, or choose adapter http or ndjson")
            }
        }
        return ContractTest(contract: contract, fixtures: fixtures, catalog: catalog, launcher: chosen)
    }

    /// Runs the contract's scenarios. Never hangs on a misbehaving handler: every wait is bounded.
    public func run(progress: @Sendable (String) -> Void = { _ in }) async -> HarnessReport {
        let started = ContinuousClock.now
        var results: [CheckResult] = []
        var deadLetters: [DeadLetter] = []
        let stub: DownstreamStub
        do { stub = try await DownstreamStub.start() } catch {
            let failure = CheckFailure("the harness could not start its downstream stub: \(error)")
            return HarnessReport(handler: contract.handler, adapter: contract.adapter.rawValue,
                                 results: [CheckResult(scenario: .schema, subject: "harness", failures: [failure])],
                                 deadLetters: [], duration: ContinuousClock.now - started)
        }
        let runner = ScenarioRunner(test: self, stub: stub)
        progress("clean run")
        let baseline = await runner.baseline()
        for (n, scenario) in contract.scenarios.enumerated() {
            progress("\(scenario.rawValue) (\(n + 1)/\(contract.scenarios.count))")
            switch scenario {
            case .schema: results += runner.schema(baseline)
            case .duplicate: results += await runner.duplicate(baseline)
            case .replay: results += await runner.replay(baseline)
            case .transient: results += await runner.transient(baseline)
            case .poison:
                let (lines, letters) = await runner.poison(baseline)
                results += lines
                deadLetters += letters
            case .ordering: results += await runner.ordering(baseline)
            }
        }
        await stub.stop()
        return HarnessReport(handler: contract.handler, adapter: contract.adapter.rawValue, results: results,
                             deadLetters: deadLetters, duration: ContinuousClock.now - started)
    }
}
