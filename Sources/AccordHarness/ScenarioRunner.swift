import AccordJSON
import AccordSchema

/// What a clean run (each fixture once, no faults) produced: the reference for every scenario.
struct Baseline: Sendable {
    /// The fixtures that should succeed (not poison, data valid), in stream order.
    var good: [Fixture]
    /// The fixtures that can never succeed (marked poison, or data invalid for their schema).
    var poison: [Fixture]
    var initialState: JSONValue?
    /// The state after each good fixture.
    var states: [JSONValue?]
    /// The events each good fixture emitted.
    var emitted: [[CloudEvent]]
    /// Per good fixture: why the clean run did not process it.
    var problems: [Int: CheckFailure]

    var finalState: JSONValue? { states.last ?? initialState }
}

/// The result of delivering one stream to a fresh handler.
struct StreamRun: Sendable {
    var broker: BrokerRun?
    /// Handler state after each element (when snapshots were asked for).
    var states: [Int: JSONValue] = [:]
    var initialState: JSONValue?
    /// The handler could not be started, or its state could not be read.
    var failure: DeliveryFailure?

    func resolution(_ i: Int) -> Resolution? { broker?.elements[i].resolution }
    func emitted(_ i: Int) -> [CloudEvent] {
        guard let record = broker?.elements[i] else { return [] }
        return record.attempts.flatMap { attempt -> [CloudEvent] in
            if case .success(.ack(let events)) = attempt.result { return events }
            return []
        }
    }
}

/// Runs the scenarios of one contract test.
struct ScenarioRunner: Sendable {
    let test: ContractTest
    let stub: DownstreamStub

    var policy: RetryPolicy { test.contract.retry }

    func environment() -> HandlerEnvironment {
        HandlerEnvironment(downstreamURL: stub.url, variables: test.contract.environment)
    }

    /// Delivers `stream` to a fresh handler, reading its state after each element when `snapshots`.
    func deliver(_ stream: [CloudEvent], faults: FaultPlan = .none, partitioned: Bool = false,
                 snapshots: Bool = true) async -> StreamRun {
        stub.reset()
        var run = StreamRun()
        let session: any HandlerSession
        do { session = try await test.launcher.launch(environment()) } catch {
            run.failure = error
            return run
        }
        switch await session.state() {
        case .success(let s): run.initialState = s
        case .failure(let f): run.failure = f; await session.close(); return run
        }
        let broker = Broker(policy: policy, partitionKey: partitioned ? test.contract.partitionKey.map(PartitionKey.init) : nil,
                            window: 1, timeScale: test.timeScale, sequential: !partitioned)
        let states = LockedBox<[Int: JSONValue]>([:])
        let stateFailure = LockedBox<DeliveryFailure?>(nil)
        run.broker = await broker.run(stream, session: session, faults: faults, stub: stub) { record in
            guard snapshots, stateFailure.value == nil, !session.isBroken else { return }
            switch await session.state() {
            case .success(let s): states.withValue { $0[record.index] = s }
            case .failure(let f): stateFailure.withValue { $0 = f }
            }
        }
        run.states = states.value
        run.failure = run.failure ?? stateFailure.value
        await session.close()
        return run
    }

    /// Splits fixtures into good and poison and runs the good ones once, cleanly.
    func baseline() async -> Baseline {
        var good: [Fixture] = []
        var poison: [Fixture] = []
        for fixture in test.fixtures {
            if fixture.poison || !schemaProblems(fixture.event, declared: test.contract.consumes, role: "consumes").isEmpty {
                poison.append(fixture)
            } else {
                good.append(fixture)
            }
        }
        var baseline = Baseline(good: good, poison: poison, initialState: nil,
                                states: Array(repeating: nil, count: good.count),
                                emitted: Array(repeating: [], count: good.count), problems: [:])
        let run = await deliver(good.map(\.event))
        baseline.initialState = run.initialState
        for i in good.indices {
            baseline.states[i] = run.states[i]
            baseline.emitted[i] = run.emitted(i)
            if let problem = unprocessed(run, i, good[i].event, context: "in a clean run (each event once, no faults)") {
                baseline.problems[i] = problem
            } else if run.states[i] == nil, let f = run.failure {
                baseline.problems[i] = CheckFailure("could not read the handler's state in a clean run: \(f)", event: good[i].event)
            }
        }
        if good.isEmpty, let f = run.failure {
            baseline.problems[-1] = CheckFailure("the handler could not be started: \(f)")
        }
        return baseline
    }

    /// Why element `i` of a run was not acked, or nil when it was.
    func unprocessed(_ run: StreamRun, _ i: Int, _ event: CloudEvent, context: String) -> CheckFailure? {
        if let f = run.failure, run.broker == nil { return CheckFailure("the handler could not be started: \(f)", event: event) }
        switch run.resolution(i) {
        case .acked?: return nil
        case .deadLettered(let reason)?:
            return CheckFailure("not processed \(context): dead-lettered (\(reason))", event: event,
                                attempt: run.broker?.elements[i].attempts.count)
        case .aborted(let f)?:
            return CheckFailure("not processed \(context): \(f)", event: event, attempt: run.broker?.elements[i].attempts.last?.attempt)
        case nil:
            return CheckFailure("not processed \(context)", event: event)
        }
    }

    /// Schema problems of an event: type declared, schema known, data valid.
    func schemaProblems(_ event: CloudEvent, declared: [String], role: String) -> [String] {
        var problems: [String] = []
        let envelope = CloudEventEnvelope.violations(in: event.value)
        if !envelope.isEmpty { return envelope.map { "not a valid CloudEvent: \($0)" } }
        if !declared.isEmpty && !declared.contains(event.type) {
            problems.append("type '\(event.type)' is not among the contract's '\(role)' (\(declared.joined(separator: ", ")))")
        }
        switch test.catalog.entry(for: event.type) {
        case .missing(let why): problems.append(why)
        case .schema(let schema):
            if event.json["data_base64"] != nil { break }
            if let type = event.json["datacontenttype"]?.stringValue, !CloudEventHTTPBinding.isJSON(type) { break }
            let result = schema.validate(event.data ?? .null)
            for error in result.errors {
                let location = error.instanceLocation.tokens.isEmpty ? "/data" : "/data" + error.instanceLocation.description
                problems.append("\(location): \(error.message) (schema \(error.keywordLocation))")
            }
        }
        return problems
    }

    /// The identities of emitted events, in order.
    static func identities(_ events: [CloudEvent]) -> [EventIdentity] { events.map(\.identity) }

    /// Differences between the events a fixture emitted in a scenario and in the clean run.
    func emittedDifference(expected: [CloudEvent], actual: [CloudEvent], event: CloudEvent, what: String) -> CheckFailure? {
        let want = Set(expected.map(\.identity))
        let got = Set(actual.map(\.identity))
        guard want != got else { return nil }
        var diff: [String] = []
        for id in got.subtracting(want).sorted() { diff.append("+ emitted \(id) (not emitted in a clean run)") }
        for id in want.subtracting(got).sorted() { diff.append("- missing \(id) (emitted in a clean run)") }
        return CheckFailure("emitted events differ from a clean run \(what)", event: event, diff: diff)
    }

    /// A state mismatch failure, or nil when equal.
    func stateDifference(expected: JSONValue?, actual: JSONValue?, event: CloudEvent, attempt: Int? = nil, what: String) -> CheckFailure? {
        guard let expected else { return nil }
        guard let actual else { return CheckFailure("the handler's state could not be read \(what)", event: event, attempt: attempt) }
        if expected == actual { return nil }
        return CheckFailure("state differs from a clean run \(what)", event: event, attempt: attempt,
                            diff: JSONDiff.lines(expected: expected, actual: actual))
    }
}
