import AccordJSON

extension ScenarioRunner {
    /// The suffix given to `source` to make "the same id from another source".
    static let otherSourceSuffix = "/accord-other-source"

    /// Scenario 2: each event delivered twice back to back and once more at the end changes
    /// nothing compared with one delivery; an event with the same id but another source is new.
    func duplicate(_ baseline: Baseline) async -> [CheckResult] {
        let good = baseline.good
        guard !good.isEmpty else { return [skippedNoEvents(.duplicate, baseline)] }
        var stream: [CloudEvent] = []
        for f in good { stream += [f.event, f.event] }
        stream += good.map(\.event)
        let run = await deliver(stream)
        let variants = good.map { $0.event.setting("source", to: .string($0.event.source + Self.otherSourceSuffix)) }
        let mixed = await deliver(good.map(\.event) + variants)
        var results: [CheckResult] = []
        let n = good.count
        for (i, fixture) in good.enumerated() {
            let event = fixture.event
            if let problem = baseline.problems[i] {
                results.append(CheckResult(scenario: .duplicate, subject: fixture.label, failures: [problem]))
                continue
            }
            var failures: [CheckFailure] = []
            for (element, what) in [(2 * i, "first delivery"), (2 * i + 1, "back-to-back duplicate"), (2 * n + i, "late duplicate")] {
                if let p = unprocessed(run, element, event, context: "(\(what))") { failures.append(p) }
            }
            if failures.isEmpty {
                if let d = stateDifference(expected: baseline.states[i], actual: run.states[2 * i + 1], event: event, attempt: 2,
                                           what: "after a back-to-back duplicate delivery") { failures.append(d) }
                if let d = stateDifference(expected: baseline.finalState, actual: run.states[2 * n + i], event: event, attempt: 3,
                                           what: "after a late duplicate delivery (end of stream)") { failures.append(d) }
                let emitted = run.emitted(2 * i) + run.emitted(2 * i + 1) + run.emitted(2 * n + i)
                if let d = emittedDifference(expected: baseline.emitted[i], actual: emitted, event: event, what: "over three deliveries of the same event") {
                    failures.append(d)
                }
            }
            // Same id, another source: a different event, to be processed again.
            let variant = variants[i]
            if let p = unprocessed(mixed, n + i, variant, context: "(same id, another source)") {
                failures.append(p)
            } else {
                let before = i == 0 ? mixed.states[n - 1] : mixed.states[n + i - 1]
                let after = mixed.states[n + i]
                let cleanChanged = baseline.states[i] != (i == 0 ? baseline.initialState : baseline.states[i - 1])
                let emittedNow = mixed.emitted(n + i).count
                if (cleanChanged && before != nil && before == after) || emittedNow < baseline.emitted[i].count {
                    failures.append(CheckFailure(
                        "an event with the same id but another source (\(variant.source)) was treated as a duplicate: the handler deduplicates on id alone; CloudEvents identify an event by source + id",
                        event: variant, attempt: 1,
                        diff: ["expected: processed as new (state changes, \(baseline.emitted[i].count) event(s) emitted)",
                               "actual: state unchanged, \(emittedNow) event(s) emitted"]))
                }
            }
            results.append(CheckResult(scenario: .duplicate, subject: fixture.label, failures: failures))
        }
        return results
    }

    func skippedNoEvents(_ scenario: Scenario, _ baseline: Baseline) -> CheckResult {
        if let problem = baseline.problems[-1] { return CheckResult(scenario: scenario, subject: "(all fixtures)", failures: [problem]) }
        return CheckResult(scenario: scenario, subject: "(all fixtures)", note: "no fixture that should succeed", skipped: true)
    }
}
