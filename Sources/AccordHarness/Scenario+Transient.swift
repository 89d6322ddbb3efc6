import AccordJSON

extension ScenarioRunner {
    /// Scenario 4: transient faults. (a) The ack of each event's first delivery is lost after the
    /// handler did its work, so it is redelivered: the redelivery must be idempotent. (b) The
    /// downstream stub fails the first N calls made for each event: the handler must ask for a
    /// retry (not ack, not reject), leave redelivery to the broker's backoff, and end in the state
    /// of a clean run.
    func transient(_ baseline: Baseline) async -> [CheckResult] {
        let good = baseline.good
        guard !good.isEmpty else { return [skippedNoEvents(.transient, baseline)] }
        let stream = good.map(\.event)
        var lostAck = FaultPlan()
        lostAck.loseAck = { _, attempt in attempt == 1 }
        let lostRun = await deliver(stream, faults: lostAck)
        let failing = min(test.contract.downstream.failures, max(0, policy.maxAttempts - 1))
        var downstream = FaultPlan()
        downstream.downstreamFailures = { _, attempt in attempt == 1 ? failing : 0 }
        let downRun = await deliver(stream, faults: downstream)
        let status = test.contract.downstream.status

        return good.enumerated().map { i, fixture in
            let event = fixture.event
            if let problem = baseline.problems[i] { return CheckResult(scenario: .transient, subject: fixture.label, failures: [problem]) }
            var failures: [CheckFailure] = []
            var notes: [String] = []
            // (a) lost acknowledgement
            if let p = unprocessed(lostRun, i, event, context: "after a lost acknowledgement") {
                failures.append(p)
            } else {
                if let d = stateDifference(expected: baseline.states[i], actual: lostRun.states[i], event: event, attempt: 2,
                                           what: "after a redelivery caused by a lost acknowledgement (the redelivery was not idempotent)") {
                    failures.append(d)
                }
                if let d = emittedDifference(expected: baseline.emitted[i], actual: lostRun.emitted(i), event: event,
                                             what: "after a redelivery caused by a lost acknowledgement") { failures.append(d) }
            }
            // (b) failing downstream
            let attempts = downRun.broker?.elements[i].attempts ?? []
            let calledDownstream = attempts.contains { $0.downstreamFailed + $0.downstreamSucceeded > 0 }
            for a in attempts where a.downstreamFailed > 0 {
                switch a.result {
                case .success(.ack):
                    failures.append(CheckFailure(
                        "acked although its downstream call failed (HTTP \(status)): the work was lost; a handler must answer retry when a dependency fails",
                        event: event, attempt: a.attempt))
                case .success(.reject(let reason)):
                    failures.append(CheckFailure(
                        "rejected the event because its downstream call failed (HTTP \(status)) — a transient fault; answer retry instead (reason given: \(reason))",
                        event: event, attempt: a.attempt))
                default: break
                }
                if a.downstreamFailed > 1 {
                    failures.append(CheckFailure(
                        "called the failing downstream \(a.downstreamFailed) times within one delivery: redelivery must follow the contract's backoff (initial \(policy.initial.shortDescription), ×\(policy.multiplier), max \(policy.max.shortDescription)), not a tight retry loop",
                        event: event, attempt: a.attempt))
                }
            }
            if failures.isEmpty {
                if let p = unprocessed(downRun, i, event, context: "after \(failing) failing downstream call(s)") {
                    failures.append(p)
                } else {
                    if let d = stateDifference(expected: baseline.states[i], actual: downRun.states[i], event: event, attempt: attempts.last?.attempt,
                                               what: "after retries caused by \(failing) failing downstream call(s)") { failures.append(d) }
                    if let d = emittedDifference(expected: baseline.emitted[i], actual: downRun.emitted(i), event: event,
                                                 what: "after retries caused by a failing downstream") { failures.append(d) }
                }
            }
            // The broker's own schedule, for the record: waits must follow the contract's backoff.
            for a in attempts.dropFirst() where a.waited != policy.delay(beforeAttempt: a.attempt) {
                failures.append(CheckFailure("attempt \(a.attempt) waited \(a.waited.shortDescription), contract says \(policy.delay(beforeAttempt: a.attempt).shortDescription)",
                                             event: event, attempt: a.attempt))
            }
            if calledDownstream && attempts.count > 1 {
                notes.append("redelivered at " + attempts.map { $0.at.shortDescription }.joined(separator: ", "))
            } else if !calledDownstream {
                notes.append("no downstream call; lost-ack redelivery checked")
            }
            return CheckResult(scenario: .transient, subject: fixture.label, failures: failures, note: notes.joined(separator: "; "))
        }
    }
}
