import AccordHarness
import AccordJSON
import Foundation

// Replay throughput of the harness's broker through the NDJSON adapter (a trivial Python handler
// that acks everything) and through the in-process adapter.
// Usage: accord-harness-bench [events] [window]

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200_000 : 200_000
let window = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 256 : 256
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

func makeEvents(_ n: Int) -> [CloudEvent] {
    (0..<n).map { i in
        let json: JSONValue = [
            "specversion": "1.0", "id": .string("evt-\(i)"), "source": "urn:bench:checkout", "type": "order.placed",
            "subject": .string("o-\(i)"), "time": "2026-05-01T10:00:00Z", "datacontenttype": "application/json",
            "data": ["orderId": .string("o-\(i)"), "customerId": .string("c-\(i % 100)"), "amount": .number(Double(i % 500) + 0.5),
                     "currency": "EUR", "items": [["sku": "tea", "quantity": 2]]],
        ]
        return CloudEvent(json: json.objectValue!)
    }
}

actor AckingHandler: EventHandler {
    var handled = 0
    func handle(_ event: CloudEvent, attempt: Int) async -> HandlerOutcome {
        handled += 1
        return .ack(emitted: [])
    }
    func observableState() async -> JSONValue { ["handled": .integer(Int64(handled))] }
}

func measure(_ name: String, _ launcher: any HandlerLauncher, events: [CloudEvent], window: Int) async {
    var policy = RetryPolicy()
    policy.maxAttempts = 3
    do {
        let session = try await launcher.launch(HandlerEnvironment(downstreamURL: "http://127.0.0.1:9"))
        let start = ContinuousClock.now
        let run = await Broker(policy: policy, window: window).run(events, session: session)
        let elapsed = ContinuousClock.now - start
        await session.close()
        let acked = run.elements.filter { if case .acked? = $0.resolution { return true } else { return false } }.count
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(acked) / seconds
        print("\(name): \(acked)/\(events.count) events acked in \(String(format: "%.3f", seconds)) s = \(Int(rate)) events/s (window \(window))")
        if acked != events.count, let failure = run.abortedBy { print("  aborted: \(failure)") }
    } catch {
        print("\(name): could not start: \(error)")
    }
}

let events = makeEvents(count)
print("accord-harness-bench: replaying \(count) order.placed events")
await measure("ndjson (python3 trivial handler)", NDJSONLauncher(command: "python3 \(here)/trivial_handler.py", directory: here, timeout: .seconds(10)),
              events: events, window: window)
await measure("ndjson (python3 trivial handler, no pipelining)", NDJSONLauncher(command: "python3 \(here)/trivial_handler.py", directory: here, timeout: .seconds(10)),
              events: Array(events.prefix(max(1, count / 10))), window: 1)
await measure("inprocess (Swift actor handler)", InProcessLauncher { _ in AckingHandler() }, events: events, window: window)
