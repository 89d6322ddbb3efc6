import AccordJSON

extension ScenarioRunner {
    /// Scenario 1: every fixture's data matches its type's schema (poison fixtures excepted), and
    /// every event the handler emitted in the clean run is a valid CloudEvent of a declared type
    /// whose data matches its schema.
    func schema(_ baseline: Baseline) -> [CheckResult] {
        var results: [CheckResult] = []
        var goodIndex: [Fixture: Int] = [:]
        for (i, f) in baseline.good.enumerated() { goodIndex[f] = i }
        for fixture in test.fixtures {
            let problems = schemaProblems(fixture.event, declared: test.contract.consumes, role: "consumes")
            if fixture.poison {
                let note = problems.isEmpty ? "poison fixture" : "poison fixture (invalid as expected: \(problems[0]))"
                results.append(CheckResult(scenario: .schema, subject: fixture.label, note: note))
                continue
            }
            var failures = problems.map { CheckFailure("fixture: \($0)", event: fixture.event) }
            if let i = goodIndex[fixture] {
                for emitted in baseline.emitted[i] {
                    for problem in schemaProblems(emitted, declared: test.contract.emits, role: "emits") {
                        failures.append(CheckFailure("emitted event \(emitted): \(problem)", event: fixture.event, attempt: 1))
                    }
                }
            }
            let emittedCount = goodIndex[fixture].map { baseline.emitted[$0].count } ?? 0
            results.append(CheckResult(scenario: .schema, subject: fixture.label, failures: failures,
                                       note: emittedCount > 0 ? "\(emittedCount) emitted event(s) checked" : nil))
        }
        return results
    }
}
