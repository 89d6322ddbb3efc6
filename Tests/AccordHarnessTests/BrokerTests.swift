import AccordHarness
import AccordJSON
import Testing

/// A handler that asks for retry a fixed number of times per event, records what it saw.
actor ScriptedHandler: EventHandler {
    let retriesPerEvent: [String: Int]
    var seen: [String] = []
    init(retries: [String: Int]) { retriesPerEvent = retries }
    func handle(_ event: CloudEvent, attempt: Int) async -> HandlerOutcome {
        if attempt <= retriesPerEvent[event.id, default: 0] { return .retry(reason: "busy \(attempt)") }
        seen.append(event.id)
        return .ack(emitted: [])
    }
    func observableState() async -> JSONValue { .array(seen.map { .string($0) }) }
}

func makeEvent(_ id: String, key: String) -> CloudEvent {
    CloudEvent(json: (["specversion": "1.0", "id": .string(id), "source": "urn:test", "type": "t", "subject": .string(key)] as JSONValue).objectValue!)
}

@Suite("Broker")
struct BrokerTests {
    var policy: RetryPolicy {
        var p = RetryPolicy()
        p.maxAttempts = 4
        p.initial = .milliseconds(100)
        p.multiplier = 3
        p.max = .milliseconds(500)
        return p
    }

    @Test func backoffFollowsThePolicy() {
        #expect(policy.delay(beforeAttempt: 2) == .milliseconds(100))
        #expect(policy.delay(beforeAttempt: 3) == .milliseconds(300))
        #expect(policy.delay(beforeAttempt: 4) == .milliseconds(500))
    }

    @Test func retriesWaitTheBackoffAndDeadLetterAfterMaxAttempts() async throws {
        let handler = ScriptedHandler(retries: ["a": 2, "b": 10])
        let session = try await InProcessLauncher { _ in handler }.launch(HandlerEnvironment(downstreamURL: ""))
        let run = await Broker(policy: policy, sequential: true).run([makeEvent("a", key: "k"), makeEvent("b", key: "k")], session: session)
        let a = run.elements[0]
        #expect(a.attempts.map(\.attempt) == [1, 2, 3])
        #expect(a.attempts.map(\.waited) == [.zero, .milliseconds(100), .milliseconds(300)])
        guard case .acked? = a.resolution else { Issue.record("a not acked"); return }
        #expect(run.elements[1].attempts.count == 4)
        #expect(run.deadLetters.map(\.event.id) == ["b"])
        #expect(run.deadLetters.first?.reason == "gave up after 4 attempts; last: busy 4")
    }

    @Test func perKeyOrderHoldsWhileOtherKeysProceed() async throws {
        let handler = ScriptedHandler(retries: ["a1": 2])
        let session = try await InProcessLauncher { _ in handler }.launch(HandlerEnvironment(downstreamURL: ""))
        let stream = [makeEvent("a1", key: "A"), makeEvent("b1", key: "B"), makeEvent("a2", key: "A"), makeEvent("b2", key: "B")]
        _ = await Broker(policy: policy, partitionKey: PartitionKey("subject")).run(stream, session: session)
        let seen = await handler.seen
        // B's events go on while a1 waits; a2 never overtakes a1.
        #expect(seen == ["b1", "b2", "a1", "a2"])
    }

    @Test func partitionKeyReadsAttributesAndPointers() {
        let e = CloudEvent(json: (["id": "1", "subject": "s", "data": ["customer": ["id": 7]]] as JSONValue).objectValue!)
        #expect(PartitionKey("subject").value(of: e) == "s")
        #expect(PartitionKey("/data/customer/id").value(of: e) == "7")
        #expect(PartitionKey("partitionkey").value(of: e) == nil)
    }
}
