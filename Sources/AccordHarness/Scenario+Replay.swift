import AccordJSON

extension ScenarioRunner {
    /// Scenario 3: the whole stream replayed after completion leaves the state unchanged and
    /// emits nothing new.
    func replay(_ baseline: Baseline) async -> [CheckResult] {
        let good = baseline.good
        guard !good.isEmpty else { return [skippedNoEvents(.replay, baseline)] }
        let run = await deliver(good.map(\.event) + good.map(\.event))
        let n = good.count
        return good.enumerated().map { i, fixture in
            if let problem = baseline.problems[i] { return CheckResult(scenario: .replay, subject: fixture.label, failures: [problem]) }
            var failures: [CheckFailure] = []
            if let p = unprocessed(run, n + i, fixture.event, context: "on replay") {
                failures.append(p)
            } else {
                if let d = stateDifference(expected: baseline.finalState, actual: run.states[n + i], event: fixture.event,
                                           what: "after replaying this event once the stream had completed") { failures.append(d) }
                if let d = emittedDifference(expected: baseline.emitted[i], actual: run.emitted(i) + run.emitted(n + i),
                                             event: fixture.event, what: "after the replay") { failures.append(d) }
            }
            return CheckResult(scenario: .replay, subject: fixture.label, failures: failures)
        }
    }
}
