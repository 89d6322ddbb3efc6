import AccordHarness
import Testing

/// The Node.js example handler over the HTTP adapter (CloudEvents HTTP binding), started by the
/// harness from the contract's command on a port it picks.
@Suite("HTTP adapter: Node.js example handler", .serialized)
struct NodeHandlerTests {
    @Test(arguments: [Contract.HTTPSettings.Mode.structured, .binary])
    func correctHandlerPassesEveryScenario(mode: Contract.HTTPSettings.Mode) async throws {
        let report = try await Examples.run(Examples.contract(Examples.node) { $0.http.mode = mode })
        for scenario in Scenario.allCases {
            #expect(report.passedAll(scenario), "\(mode) \(scenario): \(report.messages(scenario))")
        }
        #expect(report.deadLetters.map(\.event.id) == ["evt-bad-1"])
        #expect(report.deadLetters.first?.reason.contains("HTTP 422") == true)
    }

    @Test func counterBugFailsDuplicateAndReplay() async throws {
        let report = try await Examples.run(Examples.contract(Examples.node, bug: "counter", scenarios: [.duplicate, .replay]))
        #expect(report.failed(.duplicate))
        #expect(report.messages(.duplicate).contains("/processed: expected 1, actual 2"))
        #expect(report.failed(.replay))
    }

    @Test func doubleChargeFailsTransient() async throws {
        let report = try await Examples.run(Examples.contract(Examples.node, bug: "double-charge", scenarios: [.transient]))
        #expect(report.failed(.transient))
        #expect(report.messages(.transient).contains("/charged: expected 25.5, actual 76.5"))
    }

    @Test func crashOnPoisonFailsPoison() async throws {
        let report = try await Examples.run(Examples.contract(Examples.node, bug: "crash", scenarios: [.poison]))
        #expect(report.failed(.poison))
        #expect(report.messages(.poison).contains("did not survive a poison event"))
        #expect(report.messages(.poison).contains("crash: amount must be a number"))
    }

    @Test func idOnlyDeduplicationFailsDuplicate() async throws {
        let report = try await Examples.run(Examples.contract(Examples.node, bug: "id-only", scenarios: [.duplicate]))
        #expect(report.messages(.duplicate).contains("deduplicates on id alone"))
    }

    @Test func handlerThatNeverListensIsAClearFailure() async throws {
        let report = try await Examples.run(Examples.contract(Examples.node, scenarios: [.replay]) {
            $0.command = "sleep 30"
            $0.http.startupTimeout = .milliseconds(500)
        })
        #expect(report.failed(.replay))
        #expect(report.messages(.replay).contains("did not listen on port"))
    }
}
