import AccordHarness
import Testing

/// The Python example handler over the NDJSON adapter: the correct version passes every
/// scenario, each buggy version fails the scenario that catches its bug, for the right reason.
@Suite("NDJSON adapter: Python example handler", .serialized)
struct PythonHandlerTests {
    @Test func correctHandlerPassesEveryScenario() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python))
        for scenario in Scenario.allCases {
            #expect(report.passedAll(scenario), "\(scenario): \(report.messages(scenario))")
        }
        #expect(report.passed)
        // The poison fixture ended in the dead-letter queue with the handler's reason.
        #expect(report.deadLetters.count == 1)
        #expect(report.deadLetters.first?.event.id == "evt-bad-1")
        #expect(report.deadLetters.first?.reason.contains("amount must be a number") == true)
    }

    @Test func counterBugFailsDuplicateAndReplay() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "counter", scenarios: [.duplicate, .replay, .schema]))
        #expect(report.passedAll(.schema))
        #expect(report.failed(.duplicate))
        #expect(report.messages(.duplicate).contains("state differs from a clean run after a back-to-back duplicate delivery"))
        #expect(report.messages(.duplicate).contains("/processed: expected 1, actual 2"))
        #expect(report.failed(.replay))
        #expect(report.messages(.replay).contains("/processed"))
    }

    @Test func idOnlyDeduplicationFailsTheOtherSourceCheck() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "id-only", scenarios: [.duplicate, .replay]))
        #expect(report.passedAll(.replay))
        #expect(report.failed(.duplicate))
        #expect(report.messages(.duplicate).contains("deduplicates on id alone"))
    }

    @Test func doubleChargeFailsTransient() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "double-charge", scenarios: [.duplicate, .transient]))
        #expect(report.passedAll(.duplicate))
        #expect(report.failed(.transient))
        #expect(report.messages(.transient).contains("after retries caused by 2 failing downstream call(s)"))
        #expect(report.messages(.transient).contains("/charged: expected 25.5, actual 76.5"))
    }

    @Test func crashOnPoisonFailsPoison() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "crash", scenarios: [.poison]))
        #expect(report.failed(.poison))
        #expect(report.messages(.poison).contains("did not survive a poison event"))
        #expect(report.messages(.poison).contains("exited with status"))
        #expect(report.messages(.poison).contains("ValueError: amount must be a number"))
        #expect(report.messages(.poison).contains("not processed: the handler stopped after poison event"))
    }

    @Test func reorderingFailsOrdering() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "reorder", scenarios: [.ordering, .transient]))
        #expect(report.failed(.ordering))
        #expect(report.messages(.ordering).contains("per-key order broken"))
        #expect(report.messages(.transient).contains("acked although its downstream call failed"))
    }

    @Test func invalidEmittedEventFailsSchema() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "bad-emit", scenarios: [.schema]))
        #expect(report.failed(.schema))
        #expect(report.messages(.schema).contains("emitted event order.confirmed id=confirmed-evt-1"))
        #expect(report.messages(.schema).contains("/data/amount"))
    }

    @Test func orderingIsSkippedWithoutAPartitionKey() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, scenarios: [.ordering]) { $0.partitionKey = nil })
        #expect(report.results(.ordering).count == 1)
        #expect(report.results(.ordering).first?.status == .skipped)
    }
}
