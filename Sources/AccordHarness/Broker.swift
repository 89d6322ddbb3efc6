import AccordJSON

/// Faults the broker injects into a run.
public struct FaultPlan: Sendable {
    /// Whether the handler's ack of this stream element at this attempt is dropped (as if the
    /// connection failed after the handler did its work), forcing a redelivery.
    public var loseAck: @Sendable (_ element: Int, _ attempt: Int) -> Bool = { _, _ in false }
    /// How many downstream calls fail from this delivery on (armed before the delivery).
    public var downstreamFailures: @Sendable (_ element: Int, _ attempt: Int) -> Int = { _, _ in 0 }
    public init() {}
    /// No faults.
    public static let none = FaultPlan()
}

/// One delivery attempt as the broker saw it.
public struct AttemptRecord: Sendable {
    public var attempt: Int
    /// Virtual time of the delivery, from the start of the run.
    public var at: Duration
    /// The wait before this attempt (zero for the first).
    public var waited: Duration
    public var result: Result<HandlerOutcome, DeliveryFailure>
    /// The ack was dropped by an injected fault.
    public var ackLost: Bool
    /// Downstream calls the handler made during this delivery that failed / succeeded.
    public var downstreamFailed: Int
    public var downstreamSucceeded: Int
}

/// How a stream element ended.
public enum Resolution: Sendable {
    case acked(emitted: [CloudEvent])
    case deadLettered(reason: String)
    /// Never resolved: the handler broke (exited, stalled, broke the protocol).
    case aborted(DeliveryFailure)
}

/// A stream element's history.
public struct ElementRecord: Sendable {
    public var index: Int
    public var event: CloudEvent
    public var attempts: [AttemptRecord] = []
    public var resolution: Resolution?
    /// Order in which elements were resolved.
    public var resolvedOrder: Int?
}

/// An event in the harness's dead-letter queue.
public struct DeadLetter: Sendable {
    public var event: CloudEvent
    public var attempts: Int
    public var reason: String
}

/// The result of one broker run.
public struct BrokerRun: Sendable {
    public var elements: [ElementRecord]
    public var deadLetters: [DeadLetter]
    /// The handler's failure that ended the run early, if any.
    public var abortedBy: DeliveryFailure?
}

/// Plays the broker: at-least-once delivery with the contract's retry policy and backoff, a
/// dead-letter queue, per-key ordering when a partition key is declared, and injected faults.
/// Backoff runs on a virtual clock (no real waiting) unless `timeScale` > 0.
public struct Broker: Sendable {
    public var policy: RetryPolicy
    public var partitionKey: PartitionKey?
    /// How many deliveries may be in flight (pipelined) at once; 1 for step-by-step checks.
    public var window: Int
    /// Real seconds slept per virtual second of backoff (0: virtual time only).
    public var timeScale: Double
    /// Deliver the whole stream as one partition: an event waits until the one before it is
    /// resolved (acked or dead-lettered), backoff included.
    public var sequential: Bool

    public init(policy: RetryPolicy, partitionKey: PartitionKey? = nil, window: Int = 1, timeScale: Double = 0,
                sequential: Bool = false) {
        self.policy = policy
        self.partitionKey = partitionKey
        self.window = max(1, window)
        self.timeScale = timeScale
        self.sequential = sequential
    }

    struct Head { var key: Int; var element: Int; var attempt: Int; var due: Duration; var waited: Duration }

    /// Delivers `stream` to `session`. `afterResolve` runs after each element resolves (with
    /// `window` 1, the handler's state at that point is the state after that element).
    public func run(
        _ stream: [CloudEvent], session: any HandlerSession, faults: FaultPlan = .none, stub: DownstreamStub? = nil,
        afterResolve: (ElementRecord) async -> Void = { _ in }
    ) async -> BrokerRun {
        var elements = stream.enumerated().map { ElementRecord(index: $0.offset, event: $0.element) }
        var deadLetters: [DeadLetter] = []
        // Per-key FIFO queues; without a partition key every element is its own key.
        var queues: [[Int]] = []
        var queueStart: [Int] = []
        var keyIDs: [String: Int] = [:]
        for (i, event) in stream.enumerated() {
            let name: String? = sequential ? "" : partitionKey.flatMap { $0.value(of: event) }
            let key: Int
            if let name, let known = keyIDs[name] {
                key = known
            } else {
                key = queues.count
                if let name { keyIDs[name] = key }
                queues.append([])
                queueStart.append(0)
            }
            queues[key].append(i)
        }
        // Heads ready now, in order; heads waiting for a retry, by due time.
        var ready: [Head] = queues.indices.map { Head(key: $0, element: queues[$0][0], attempt: 1, due: .zero, waited: .zero) }
        var readyStart = 0
        var delayed: [Head] = []
        var now: Duration = .zero
        var deliveryNumber = 0
        var resolvedCount = 0
        var abortedBy: DeliveryFailure?

        func resolve(_ head: Head, _ resolution: Resolution) async {
            elements[head.element].resolution = resolution
            elements[head.element].resolvedOrder = resolvedCount
            resolvedCount += 1
            queueStart[head.key] += 1
            if queueStart[head.key] < queues[head.key].count {
                ready.append(Head(key: head.key, element: queues[head.key][queueStart[head.key]], attempt: 1, due: now, waited: .zero))
            }
            await afterResolve(elements[head.element])
        }

        while true {
            var batch: [Head] = []
            var dueCount = 0
            while dueCount < delayed.count && batch.count < window && delayed[dueCount].due <= now {
                batch.append(delayed[dueCount])
                dueCount += 1
            }
            delayed.removeFirst(dueCount)
            while batch.count < window && readyStart < ready.count {
                batch.append(ready[readyStart])
                readyStart += 1
            }
            if readyStart > 4096 && readyStart * 2 > ready.count {
                ready.removeFirst(readyStart)
                readyStart = 0
            }
            if batch.isEmpty {
                guard let next = delayed.first?.due else { break }
                if timeScale > 0 {
                    let ms = Double((next - now).wholeMilliseconds) * timeScale
                    try? await Task.sleep(for: .milliseconds(Int64(ms)))
                }
                now = next
                continue
            }
            for head in batch {
                let armed = faults.downstreamFailures(head.element, head.attempt)
                if armed > 0 { stub?.arm(failures: armed) }
            }
            deliveryNumber += 1
            let callsBefore = stub?.calls.count ?? 0
            if batch.count == 1 { stub?.beginDelivery(deliveryNumber) }
            let results = await session.deliver(batch.map { Delivery(event: stream[$0.element], attempt: $0.attempt) })
            let newCalls = stub.map { Array($0.calls.dropFirst(callsBefore)) } ?? []
            for (head, result) in zip(batch, results) {
                var lost = false
                if case .success(.ack) = result { lost = faults.loseAck(head.element, head.attempt) }
                let record = AttemptRecord(
                    attempt: head.attempt, at: now, waited: head.waited, result: result, ackLost: lost,
                    downstreamFailed: batch.count == 1 ? newCalls.filter { $0.status != 200 }.count : 0,
                    downstreamSucceeded: batch.count == 1 ? newCalls.filter { $0.status == 200 }.count : 0)
                elements[head.element].attempts.append(record)
                let transientReason: String?
                switch result {
                case .success(.ack(let emitted)):
                    if lost { transientReason = "acknowledgement lost (injected fault)" } else {
                        await resolve(head, .acked(emitted: emitted)); continue
                    }
                case .success(.reject(let reason)):
                    deadLetters.append(DeadLetter(event: stream[head.element], attempts: head.attempt, reason: "rejected: \(reason)"))
                    await resolve(head, .deadLettered(reason: "rejected: \(reason)")); continue
                case .success(.retry(let reason)): transientReason = reason
                case .failure(let failure):
                    if session.isBroken { abortedBy = abortedBy ?? failure; transientReason = nil } else { transientReason = failure.description }
                }
                guard let reason = transientReason else { continue }
                if head.attempt >= policy.maxAttempts {
                    let why = "gave up after \(head.attempt) attempts; last: \(reason)"
                    deadLetters.append(DeadLetter(event: stream[head.element], attempts: head.attempt, reason: why))
                    await resolve(head, .deadLettered(reason: why))
                } else {
                    let wait = policy.delay(beforeAttempt: head.attempt + 1)
                    let retry = Head(key: head.key, element: head.element, attempt: head.attempt + 1, due: now + wait, waited: wait)
                    let at = delayed.firstIndex { ($0.due, $0.element) > (retry.due, retry.element) } ?? delayed.count
                    delayed.insert(retry, at: at)
                }
            }
            if let abortedBy {
                for i in elements.indices where elements[i].resolution == nil { elements[i].resolution = .aborted(abortedBy) }
                break
            }
        }
        return BrokerRun(elements: elements, deadLetters: deadLetters, abortedBy: abortedBy)
    }
}
