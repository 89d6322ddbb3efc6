import AccordJSON

/// What a handler answers for one delivery.
public enum HandlerOutcome: Sendable, Hashable {
    /// Processed; these events were emitted.
    case ack(emitted: [CloudEvent])
    /// Not processed this time; deliver again later (a transient problem).
    case retry(reason: String)
    /// Can never be processed; dead-letter it.
    case reject(reason: String)

    /// `ack`, `retry` or `reject`.
    public var name: String {
        switch self {
        case .ack: "ack"
        case .retry: "retry"
        case .reject: "reject"
        }
    }
}

/// A delivery that got no usable answer.
public enum DeliveryFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// No answer within the contract's timeout.
    case timeout(Duration)
    /// The connection dropped or was refused (HTTP).
    case connectionDropped(String)
    /// The handler process ended.
    case exited(status: Int32, output: String)
    /// The handler broke its protocol (garbage on stdout, an unreadable answer).
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .timeout(let d): "no answer within \(d.shortDescription) (timeout)"
        case .connectionDropped(let why): "connection dropped: \(why)"
        case .exited(let status, let output):
            "handler exited with status \(status)" + (output.isEmpty ? "" : "; its last output:\n" + output)
        case .protocolViolation(let why): "protocol violation: \(why)"
        }
    }
}

/// One delivery: an event and its attempt number (1 for the first delivery).
public struct Delivery: Sendable, Hashable {
    public var event: CloudEvent
    public var attempt: Int
    public init(event: CloudEvent, attempt: Int) { self.event = event; self.attempt = attempt }
}

/// A running handler the harness delivers to. One session per scenario run, so that each run
/// starts from a clean handler.
public protocol HandlerSession: AnyObject, Sendable {
    /// Delivers events in order and returns one result per delivery, in the same order. A session
    /// may pipeline the deliveries; it answers them all before returning.
    func deliver(_ deliveries: [Delivery]) async -> [Result<HandlerOutcome, DeliveryFailure>]
    /// The handler's observable state.
    func state() async -> Result<JSONValue, DeliveryFailure>
    /// True once the handler can no longer be talked to (it exited, timed out on a stream, or broke
    /// its protocol): later deliveries would fail the same way.
    var isBroken: Bool { get }
    /// Stops the handler.
    func close() async
}

/// What a handler is given when it starts.
public struct HandlerEnvironment: Sendable {
    /// The fault-injecting downstream stub's base URL (also `ACCORD_DOWNSTREAM_URL`).
    public var downstreamURL: String
    /// Extra variables from the contract.
    public var variables: [String: String]
    public init(downstreamURL: String, variables: [String: String] = [:]) {
        self.downstreamURL = downstreamURL
        self.variables = variables
    }

    /// The variables a subprocess gets on top of the harness's own environment.
    var processVariables: [String: String] {
        variables.merging(["ACCORD_DOWNSTREAM_URL": downstreamURL]) { $1 }
    }
}

/// Starts fresh handler sessions.
public protocol HandlerLauncher: Sendable {
    /// Starts a clean handler. Throws a ``DeliveryFailure`` when it cannot be started.
    func launch(_ environment: HandlerEnvironment) async throws(DeliveryFailure) -> any HandlerSession
}

extension HandlerSession {
    /// Delivers one event.
    public func deliver(_ delivery: Delivery) async -> Result<HandlerOutcome, DeliveryFailure> {
        await deliver([delivery])[0]
    }
}
