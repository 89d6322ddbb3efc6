import AccordJSON

extension ScenarioRunner {
    /// Scenario 6 (with a partition key): faults delay the first event of each key (failing
    /// downstream) and lose the ack of the second; other keys go on meanwhile, but events of one
    /// key must be processed in order: each event's emitted events and the final state must match
    /// a clean in-order run.
    func ordering(_ baseline: Baseline) async -> [CheckResult] {
        guard let spec = test.contract.partitionKey else {
            return [CheckResult(scenario: .ordering, subject: "(all fixtures)", note: "no partition key declared", skipped: true)]
        }
        let good = baseline.good
        guard !good.isEmpty else { return [skippedNoEvents(.ordering, baseline)] }
        let key = PartitionKey(spec)
        var positionInKey: [Int] = []
        var seen: [String: Int] = [:]
        for f in good {
            let k = key.value(of: f.event) ?? "\u{0}" + f.event.id
            positionInKey.append(seen[k, default: 0])
            seen[k, default: 0] += 1
        }
        let positions = positionInKey
        let failing = min(max(1, test.contract.downstream.failures), max(0, policy.maxAttempts - 1))
        var faults = FaultPlan()
        faults.downstreamFailures = { element, attempt in attempt == 1 && positions[element] == 0 ? failing : 0 }
        faults.loseAck = { element, attempt in attempt == 1 && positions[element] == 1 }
        let run = await deliver(good.map(\.event), faults: faults, partitioned: true)
        var results: [CheckResult] = []
        for (i, fixture) in good.enumerated() {
            if let problem = baseline.problems[i] {
                results.append(CheckResult(scenario: .ordering, subject: fixture.label, failures: [problem]))
                continue
            }
            var failures: [CheckFailure] = []
            if let p = unprocessed(run, i, fixture.event, context: "with retries across partitions") {
                failures.append(p)
            } else {
                let want = baseline.emitted[i].map(\.identity)
                let got = run.emitted(i).map(\.identity)
                var unique: [EventIdentity] = []
                for id in got where !unique.contains(id) { unique.append(id) }
                if unique != want {
                    failures.append(CheckFailure(
                        "per-key order broken: the events emitted for this event differ from an in-order clean run (key \(key.value(of: fixture.event) ?? "none"))",
                        event: fixture.event, attempt: run.broker?.elements[i].attempts.last?.attempt,
                        diff: ["expected: " + want.map(\.description).joined(separator: ", "),
                               "actual:   " + unique.map(\.description).joined(separator: ", ")]))
                }
            }
            let k = key.value(of: fixture.event) ?? "(none)"
            results.append(CheckResult(scenario: .ordering, subject: fixture.label, failures: failures, note: "key \(k)"))
        }
        // Final state after all keys were processed, each in order.
        if let last = run.broker?.elements.last, case .acked? = last.resolution {
            let lastResolved = run.broker!.elements.max { ($0.resolvedOrder ?? -1) < ($1.resolvedOrder ?? -1) }!
            let failure = stateDifference(expected: baseline.finalState, actual: run.states[lastResolved.index],
                                          event: lastResolved.event, what: "at the end of a run with retries across partitions")
            results.append(CheckResult(scenario: .ordering, subject: "(final state)", failures: failure.map { [$0] } ?? []))
        }
        return results
    }
}
