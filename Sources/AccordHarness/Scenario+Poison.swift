import AccordJSON

extension ScenarioRunner {
    /// A schema-invalid copy of an event (new id), for contracts without poison fixtures.
    func synthesizedPoison(from event: CloudEvent) -> CloudEvent? {
        guard case .schema(let schema) = test.catalog.entry(for: event.type) else { return nil }
        let candidates: [JSONValue] = [.string("accord-poison"), .object(JSONObject()), .null, .array([]), .integer(-1)]
        for data in candidates where !schema.isValid(data) {
            return event.setting("data", to: data).setting("id", to: .string(event.id + "-accord-poison"))
        }
        return nil
    }

    /// Scenario 5: poison events (marked in the contract, or schema-invalid) end in the harness's
    /// dead-letter queue after at most max attempts with the reason; the handler does not crash
    /// and the events after them are still processed.
    func poison(_ baseline: Baseline) async -> ([CheckResult], [DeadLetter]) {
        var poison = baseline.poison.map(\.event)
        var labels = baseline.poison.map(\.label)
        if poison.isEmpty, let first = baseline.good.first, let made = synthesizedPoison(from: first.event) {
            poison = [made]
            labels = ["(generated) \(made.type) \(made.id)"]
        }
        guard !poison.isEmpty else {
            return ([CheckResult(scenario: .poison, subject: "(all fixtures)", note: "no poison fixture and none could be generated", skipped: true)], [])
        }
        let good = baseline.good
        // One good event first (when there is one), then the poison, then the rest.
        let head = good.isEmpty ? [] : [good[0].event]
        let stream = head + poison + good.dropFirst().map(\.event)
        let run = await deliver(stream)
        var results: [CheckResult] = []
        var crashedOn: (CloudEvent, DeliveryFailure)?
        for (p, event) in poison.enumerated() {
            let element = head.count + p
            let attempts = run.broker?.elements[element].attempts ?? []
            var failures: [CheckFailure] = []
            var note: String?
            switch run.resolution(element) {
            case .deadLettered(let reason)?:
                if attempts.count > policy.maxAttempts {
                    failures.append(CheckFailure("dead-lettered after \(attempts.count) attempts, more than maxAttempts \(policy.maxAttempts)", event: event))
                }
                note = "dead-lettered after \(attempts.count) attempt(s): \(reason)"
            case .acked?:
                failures.append(CheckFailure(
                    "the handler acked a poison event — one that can never succeed (schema-invalid or marked poison); it must reject it (or retry until it is dead-lettered)",
                    event: event, attempt: attempts.last?.attempt))
            case .aborted(let f)?:
                crashedOn = crashedOn ?? (event, f)
                failures.append(CheckFailure("the handler did not survive a poison event: \(f)", event: event, attempt: attempts.last?.attempt))
            case nil:
                failures.append(unprocessed(run, element, event, context: "") ?? CheckFailure("not delivered", event: event))
            }
            results.append(CheckResult(scenario: .poison, subject: labels[p], failures: failures, note: note))
        }
        for (i, fixture) in good.enumerated() {
            let element = i == 0 ? 0 : poison.count + i
            var failures: [CheckFailure] = []
            if let problem = baseline.problems[i] {
                failures.append(problem)
            } else if case .aborted(let f)? = run.resolution(element), let crashed = crashedOn, i > 0 {
                failures.append(CheckFailure("not processed: the handler stopped after poison event \(crashed.0) (\(f))", event: fixture.event))
            } else if let p = unprocessed(run, element, fixture.event, context: "after poison events") {
                failures.append(p)
            } else if let d = emittedDifference(expected: baseline.emitted[i], actual: run.emitted(element), event: fixture.event,
                                                 what: "when processed after poison events") {
                failures.append(d)
            }
            results.append(CheckResult(scenario: .poison, subject: fixture.label, failures: failures,
                                       note: i == 0 ? "processed before the poison" : "processed after the poison"))
        }
        return (results, run.broker?.deadLetters ?? [])
    }
}
