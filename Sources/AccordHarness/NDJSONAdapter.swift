import AccordJSON

/// Starts a handler subprocess that speaks the NDJSON protocol on stdin/stdout:
/// `{"type":"deliver","attempt":N,"event":{…}}` → `{"outcome":"ack","emitted":[…]}` |
/// `{"outcome":"retry","reason":"…"}` | `{"outcome":"reject","reason":"…"}`, and
/// `{"type":"state"}` → `{"state":…}`. One message per line each way, answers in request order.
public struct NDJSONLauncher: HandlerLauncher {
    public var command: String
    public var directory: String
    public var timeout: Duration

    public init(command: String, directory: String, timeout: Duration) {
        self.command = command
        self.directory = directory
        self.timeout = timeout
    }

    public func launch(_ environment: HandlerEnvironment) async throws(DeliveryFailure) -> any HandlerSession {
        let process = try HandlerProcess(command: command, directory: directory, environment: environment.processVariables)
        return NDJSONSession(process: process, timeout: timeout)
    }
}

final class NDJSONSession: HandlerSession {
    let process: HandlerProcess
    let timeout: Duration
    private let failure = LockedBox<DeliveryFailure?>(nil)

    init(process: HandlerProcess, timeout: Duration) {
        self.process = process
        self.timeout = timeout
    }

    var isBroken: Bool { failure.value != nil }

    func deliver(_ deliveries: [Delivery]) async -> [Result<HandlerOutcome, DeliveryFailure>] {
        if let broken = failure.value { return deliveries.map { _ in .failure(broken) } }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(deliveries.count * 256)
        for d in deliveries {
            buffer.append(contentsOf: #"{"type":"deliver","attempt":"#.utf8)
            buffer.append(contentsOf: String(d.attempt).utf8)
            buffer.append(contentsOf: #","event":"#.utf8)
            buffer.append(contentsOf: JSONWriter.compact(d.event.value).utf8)
            buffer.append(contentsOf: "}\n".utf8)
        }
        process.send(buffer)
        var results: [Result<HandlerOutcome, DeliveryFailure>] = []
        results.reserveCapacity(deliveries.count)
        for _ in deliveries {
            if let broken = failure.value { results.append(.failure(broken)); continue }
            switch await answer() {
            case .success(let message): results.append(Self.outcome(message).mapError { fail($0) })
            case .failure(let f): results.append(.failure(f))
            }
        }
        return results
    }

    func state() async -> Result<JSONValue, DeliveryFailure> {
        if let broken = failure.value { return .failure(broken) }
        process.send(Array(#"{"type":"state"}"#.utf8) + [0x0A])
        switch await answer() {
        case .failure(let f): return .failure(f)
        case .success(let message):
            guard let state = message["state"] else {
                return .failure(fail(.protocolViolation("expected {\"state\":…} in answer to a state request, got \(Self.excerpt(message))")))
            }
            return .success(state)
        }
    }

    func close() async { await process.stop() }

    /// The next answer line, parsed; failures mark the session broken.
    private func answer() async -> Result<JSONValue, DeliveryFailure> {
        switch await process.output.next(timeout: timeout) {
        case .timedOut:
            return .failure(fail(.timeout(timeout)))
        case .end:
            let status = await process.exitStatus() ?? -1
            return .failure(fail(.exited(status: status, output: await process.errors.finalText())))
        case .line(let bytes):
            if bytes.elementsEqual(Self.plainAck) { return .success(Self.plainAckMessage) }
            do {
                let value = try JSONParser().parse(bytes)
                guard case .object = value else { throw DeliveryFailure.protocolViolation("") }
                return .success(value)
            } catch {
                let text = String(decoding: bytes.prefix(120), as: UTF8.self)
                return .failure(fail(.protocolViolation(
                    "the handler wrote a line that is not a JSON protocol message on stdout: \"\(text)\" (write logs to stderr)")))
            }
        }
    }

    /// The most common answer, recognised without parsing.
    static let plainAck = Array(#"{"outcome":"ack"}"#.utf8)
    static let plainAckMessage: JSONValue = ["outcome": "ack"]

    private func fail(_ f: DeliveryFailure) -> DeliveryFailure {
        failure.withValue { if $0 == nil { $0 = f } }
        return f
    }

    static func excerpt(_ value: JSONValue) -> String {
        let text = JSONWriter.compact(value)
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }

    /// Decodes an answer message into an outcome.
    static func outcome(_ message: JSONValue) -> Result<HandlerOutcome, DeliveryFailure> {
        switch message["outcome"]?.stringValue {
        case "ack":
            switch emitted(message["emitted"]) {
            case .success(let events): return .success(.ack(emitted: events))
            case .failure(let f): return .failure(f)
            }
        case "retry": return .success(.retry(reason: message["reason"]?.stringValue ?? "(no reason given)"))
        case "reject": return .success(.reject(reason: message["reason"]?.stringValue ?? "(no reason given)"))
        default:
            return .failure(.protocolViolation("expected an answer with \"outcome\": \"ack\", \"retry\" or \"reject\", got \(excerpt(message))"))
        }
    }

    /// Emitted events: absent, null, one event object or an array of event objects.
    static func emitted(_ value: JSONValue?) -> Result<[CloudEvent], DeliveryFailure> {
        switch value {
        case nil, .null?: return .success([])
        case .object(let o)?: return .success([CloudEvent(json: o)])
        case .array(let items)?:
            var events: [CloudEvent] = []
            for item in items {
                guard case .object(let o) = item else {
                    return .failure(.protocolViolation("emitted events must be JSON objects, got \(item.typeName)"))
                }
                events.append(CloudEvent(json: o))
            }
            return .success(events)
        case let other?: return .failure(.protocolViolation("'emitted' must be an array of events, got \(other.typeName)"))
        }
    }
}
