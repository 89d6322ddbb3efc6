/// A handler's contract, as declared in `accord.yaml`: how to reach the handler, the fixtures to
/// replay, the event types it consumes and emits, its retry policy and the scenarios to run.
public struct Contract: Sendable {
    /// How the harness talks to the handler.
    public enum Adapter: String, Sendable, CaseIterable {
        case inprocess, http, ndjson
    }

    /// A fixture file named by the contract.
    public struct FixtureSource: Sendable, Hashable {
        public var path: String
        public var poison: Bool
        public init(path: String, poison: Bool = false) { self.path = path; self.poison = poison }
    }

    /// The HTTP adapter's settings.
    public struct HTTPSettings: Sendable {
        /// CloudEvents HTTP binding mode.
        public enum Mode: String, Sendable, CaseIterable { case structured, binary }
        /// Base URL of a handler already running (when there is no command).
        public var url: String?
        /// A fixed port the command listens on; otherwise the harness picks one and passes `PORT`.
        public var port: Int?
        public var path = "/events"
        public var statePath = "/state"
        public var mode: Mode = .structured
        public var startupTimeout: Duration = .seconds(10)
        public init() {}
    }

    /// The fault-injecting downstream stub's settings.
    public struct DownstreamSettings: Sendable {
        /// How many calls fail (with `status`) before calls succeed.
        public var failures = 2
        /// The failing calls' HTTP status.
        public var status = 503
        public init() {}
    }

    public var file: String
    /// The directory relative paths are resolved against (the contract's).
    public var directory: String
    public var handler: String
    public var adapter: Adapter
    public var command: String?
    public var workingDirectory: String?
    public var environment: [String: String] = [:]
    public var http = HTTPSettings()
    public var fixtures: [FixtureSource] = []
    /// The `Schemas/` folder (one sub-folder per event type, holding `schema.json`).
    public var schemas: String?
    /// A Confluent-compatible registry URL to read schemas from (subject = event type).
    public var registry: String?
    public var consumes: [String] = []
    public var emits: [String] = []
    public var retry = RetryPolicy()
    /// An attribute name (`subject`, `partitionkey`) or a JSON Pointer into the event (`/data/orderId`).
    public var partitionKey: String?
    /// How long one delivery may take before it counts as a timeout.
    public var timeout: Duration = .seconds(5)
    public var downstream = DownstreamSettings()
    public var scenarios: [Scenario] = Scenario.allCases

    public init(file: String, directory: String, handler: String, adapter: Adapter) {
        self.file = file
        self.directory = directory
        self.handler = handler
        self.adapter = adapter
    }

    /// Resolves a path from the contract against its directory.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
    }
}

/// The retry policy: at most `maxAttempts` deliveries, waiting `initial`, then × `multiplier`
/// each time, never more than `max`, between attempts.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts = 3
    public var initial: Duration = .milliseconds(100)
    public var multiplier = 2.0
    public var max: Duration = .seconds(5)
    public init() {}

    /// The wait before delivery number `attempt` (2, 3, …).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        let exponent = Double(Swift.max(0, attempt - 2))
        let ms = Double(initial.wholeMilliseconds) * power(multiplier, exponent)
        return .milliseconds(Int64(Swift.min(ms, Double(max.wholeMilliseconds))))
    }
}

extension Duration {
    /// Whole milliseconds.
    var wholeMilliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
    /// `150ms`, `2s`.
    var shortDescription: String {
        let ms = wholeMilliseconds
        return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
    }
}

func power(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var n = Int(exponent)
    while n > 0 { result *= base; n -= 1 }
    return result
}
