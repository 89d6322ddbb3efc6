import AccordJSON

/// A Swift event handler tested in process.
///
/// ```swift
/// actor OrderHandler: EventHandler {
///     var placed: Set<EventIdentity> = []
///     func handle(_ event: CloudEvent, attempt: Int) async -> HandlerOutcome {
///         guard placed.insert(event.identity).inserted else { return .ack(emitted: []) }
///         return .ack(emitted: [])
///     }
///     func observableState() async -> JSONValue { ["placed": .integer(Int64(placed.count))] }
/// }
/// ```
public protocol EventHandler: Sendable {
    /// Handles one delivery of an event (`attempt` is 1 for the first delivery).
    func handle(_ event: CloudEvent, attempt: Int) async -> HandlerOutcome
    /// The state the harness compares between runs (counters, stored records, …).
    func observableState() async -> JSONValue
}

/// Launches a fresh in-process handler per run.
public struct InProcessLauncher: HandlerLauncher {
    let make: @Sendable (HandlerEnvironment) -> any EventHandler
    let timeout: Duration

    /// `make` builds a clean handler; it gets the downstream stub's URL in its environment.
    public init(timeout: Duration = .seconds(5), _ make: @escaping @Sendable (HandlerEnvironment) -> any EventHandler) {
        self.make = make
        self.timeout = timeout
    }

    public func launch(_ environment: HandlerEnvironment) async throws(DeliveryFailure) -> any HandlerSession {
        InProcessSession(handler: make(environment), timeout: timeout)
    }
}

final class InProcessSession: HandlerSession {
    let handler: any EventHandler
    let timeout: Duration
    private let failure = LockedBox<DeliveryFailure?>(nil)

    init(handler: any EventHandler, timeout: Duration) {
        self.handler = handler
        self.timeout = timeout
    }

    var isBroken: Bool { failure.value != nil }

    func deliver(_ deliveries: [Delivery]) async -> [Result<HandlerOutcome, DeliveryFailure>] {
        var results: [Result<HandlerOutcome, DeliveryFailure>] = []
        results.reserveCapacity(deliveries.count)
        for d in deliveries {
            if let broken = failure.value { results.append(.failure(broken)); continue }
            let handler = self.handler
            results.append(await withDeadline { await handler.handle(d.event, attempt: d.attempt) })
        }
        return results
    }

    func state() async -> Result<JSONValue, DeliveryFailure> {
        if let broken = failure.value { return .failure(broken) }
        let handler = self.handler
        return await withDeadline { await handler.observableState() }
    }

    func close() async {}

    /// Runs `body`, or fails with a timeout (and marks the session broken) when it takes too long.
    /// A handler that never returns is abandoned (its task cancelled), never waited for.
    private func withDeadline<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> Result<T, DeliveryFailure> {
        let timeout = self.timeout
        let result: T? = await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let resumed = LockedBox(false)
            let claim: @Sendable () -> Bool = { resumed.withValue { was in defer { was = true }; return !was } }
            let timer = LockedBox<Task<Void, Never>?>(nil)
            let work = Task {
                let value = await body()
                if claim() {
                    timer.value?.cancel()
                    continuation.resume(returning: value)
                }
            }
            timer.withValue { slot in
                slot = Task {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled && claim() {
                        work.cancel()
                        continuation.resume(returning: nil)
                    }
                }
            }
            if resumed.value { timer.value?.cancel() }
        }
        guard let result else {
            let f = DeliveryFailure.timeout(timeout)
            failure.withValue { $0 = f }
            return .failure(f)
        }
        return .success(result)
    }
}
