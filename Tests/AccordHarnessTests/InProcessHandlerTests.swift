import AccordHarness
import AccordJSON
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A Swift order handler run in process; `dedupe: false` is the classic counter bug.
actor SwiftOrderHandler: EventHandler {
    let dedupe: Bool
    let downstream: String
    var seen: Set<EventIdentity> = []
    var processed = 0
    var charged = 0.0

    init(dedupe: Bool, downstream: String) {
        self.dedupe = dedupe
        self.downstream = downstream
    }

    func handle(_ event: CloudEvent, attempt: Int) async -> HandlerOutcome {
        if dedupe && seen.contains(event.identity) { return .ack(emitted: []) }
        guard let amount = event.data?["amount"]?.doubleValue, amount >= 0 else { return .reject(reason: "invalid amount") }
        var request = URLRequest(url: URL(string: downstream + "/payments")!)
        request.httpMethod = "POST"
        let paid = (try? await URLSession.shared.data(for: request)).map { ($0.1 as? HTTPURLResponse)?.statusCode == 200 } ?? false
        guard paid else { return .retry(reason: "payments unavailable") }
        seen.insert(event.identity)
        processed += 1
        charged += amount
        let confirmed: JSONValue = [
            "specversion": "1.0", "id": .string("confirmed-" + event.id), "source": "urn:shop:orders", "type": "order.confirmed",
            "data": ["orderId": event.data?["orderId"] ?? .null, "customerId": event.data?["customerId"] ?? .null,
                     "amount": .number(amount), "sequence": .integer(1)],
        ]
        return .ack(emitted: [CloudEvent(json: confirmed.objectValue!)])
    }

    func observableState() async -> JSONValue { ["processed": .integer(Int64(processed)), "charged": .number(charged)] }
}

@Suite("In-process adapter", .serialized)
struct InProcessHandlerTests {
    func contract() throws -> Contract {
        try Examples.contract(Examples.python, scenarios: [.schema, .duplicate, .replay, .transient, .poison]) { $0.adapter = .inprocess }
    }

    @Test func correctSwiftHandlerPasses() async throws {
        let launcher = InProcessLauncher { env in SwiftOrderHandler(dedupe: true, downstream: env.downstreamURL) }
        let report = try await Examples.run(contract(), launcher: launcher)
        for scenario in [Scenario.duplicate, .replay, .transient, .poison] {
            #expect(report.passedAll(scenario), "\(scenario): \(report.messages(scenario))")
        }
    }

    @Test func countingSwiftHandlerFailsDuplicate() async throws {
        let launcher = InProcessLauncher { env in SwiftOrderHandler(dedupe: false, downstream: env.downstreamURL) }
        let report = try await Examples.run(contract(), launcher: launcher)
        #expect(report.failed(.duplicate))
        #expect(report.messages(.duplicate).contains("/processed: expected 1, actual 2"))
        #expect(report.failed(.transient))
        #expect(report.messages(.transient).contains("lost acknowledgement"))
    }

    @Test func inprocessAdapterNeedsALauncher() async throws {
        await #expect(throws: HarnessInputError.self) { try await ContractTest.prepare(try contract()) }
    }
}
