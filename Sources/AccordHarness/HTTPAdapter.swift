import AccordJSON
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Delivers events over HTTP in the CloudEvents HTTP binding (structured or binary mode).
/// 2xx is an ack (the body may carry emitted events), 429 and 5xx and timeouts are transient,
/// other 4xx are rejections. Starts the contract's command itself (with `PORT` set) and waits
/// for its port, or talks to a handler already running at `http.url`.
public struct HTTPLauncher: HandlerLauncher {
    public var settings: Contract.HTTPSettings
    public var command: String?
    public var directory: String
    public var timeout: Duration

    public init(settings: Contract.HTTPSettings, command: String?, directory: String, timeout: Duration) {
        self.settings = settings
        self.command = command
        self.directory = directory
        self.timeout = timeout
    }

    public func launch(_ environment: HandlerEnvironment) async throws(DeliveryFailure) -> any HandlerSession {
        guard let command else {
            return HTTPSession(base: settings.url ?? "", settings: settings, process: nil, timeout: timeout)
        }
        guard let port = settings.port ?? LoopbackPort.free() else {
            throw DeliveryFailure.connectionDropped("no free loopback port for the handler")
        }
        var variables = environment.processVariables
        variables["PORT"] = String(port)
        let process = try HandlerProcess(command: command, directory: directory, environment: variables)
        let deadline = ContinuousClock.now + settings.startupTimeout
        while !LoopbackPort.isListening(port) {
            if !process.isRunning {
                let status = await process.exitStatus() ?? -1
                throw DeliveryFailure.exited(status: status, output: await process.errors.finalText())
            }
            if ContinuousClock.now > deadline {
                await process.stop()
                throw DeliveryFailure.connectionDropped(
                    "the handler did not listen on port \(port) within \(settings.startupTimeout.shortDescription) (it must listen on $PORT)")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return HTTPSession(base: "http://127.0.0.1:\(port)", settings: settings, process: process, timeout: timeout)
    }
}

final class HTTPSession: HandlerSession {
    let base: String
    let settings: Contract.HTTPSettings
    let process: HandlerProcess?
    let timeout: Duration
    private let failure = LockedBox<DeliveryFailure?>(nil)

    init(base: String, settings: Contract.HTTPSettings, process: HandlerProcess?, timeout: Duration) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.settings = settings
        self.process = process
        self.timeout = timeout
    }

    var isBroken: Bool {
        if failure.value != nil { return true }
        return process.map { !$0.isRunning } ?? false
    }

    func deliver(_ deliveries: [Delivery]) async -> [Result<HandlerOutcome, DeliveryFailure>] {
        var results: [Result<HandlerOutcome, DeliveryFailure>] = []
        for d in deliveries {
            if let broken = failure.value { results.append(.failure(broken)); continue }
            results.append(await post(d))
        }
        return results
    }

    func post(_ delivery: Delivery) async -> Result<HandlerOutcome, DeliveryFailure> {
        var request = HTTPClientRequest(url: base + settings.path)
        request.method = .POST
        request.headers.add(name: "X-Accord-Attempt", value: String(delivery.attempt))
        switch settings.mode {
        case .structured:
            request.headers.add(name: "Content-Type", value: "application/cloudevents+json; charset=utf-8")
            request.body = .bytes(ByteBuffer(string: JSONWriter.compact(delivery.event.value)))
        case .binary:
            let (headers, body) = CloudEventHTTPBinding.binary(delivery.event)
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(Int64(timeout.wholeMilliseconds) * 1_000_000))
            body = try await response.body.collect(upTo: 16 << 20)
        } catch {
            return .failure(await transportFailure(error))
        }
        let code = response.status.code
        let text = String(buffer: body)
        let excerpt = text.count > 200 ? String(text.prefix(200)) + "…" : text
        switch code {
        case 200..<300:
            return CloudEventHTTPBinding.emitted(headers: response.headers, body: Array(body.readableBytesView))
                .map { HandlerOutcome.ack(emitted: $0) }
        case 429, 500..<600: return .success(.retry(reason: "HTTP \(code)" + (excerpt.isEmpty ? "" : ": \(excerpt)")))
        case 400..<500: return .success(.reject(reason: "HTTP \(code)" + (excerpt.isEmpty ? "" : ": \(excerpt)")))
        default: return .failure(.protocolViolation("unexpected HTTP \(code) from \(base + settings.path)"))
        }
    }

    func state() async -> Result<JSONValue, DeliveryFailure> {
        if let broken = failure.value { return .failure(broken) }
        do {
            let request = HTTPClientRequest(url: base + settings.statePath)
            let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(Int64(timeout.wholeMilliseconds) * 1_000_000))
            let body = try await response.body.collect(upTo: 64 << 20)
            guard response.status.code == 200 else {
                return .failure(.protocolViolation("GET \(settings.statePath) answered HTTP \(response.status.code); it must return the observable state as JSON"))
            }
            return .success(try JSONParser().parse(Array(body.readableBytesView)))
        } catch let error as JSONParseError {
            return .failure(.protocolViolation("GET \(settings.statePath) did not return JSON: \(error.reason)"))
        } catch {
            return .failure(await transportFailure(error))
        }
    }

    func close() async { await process?.stop() }

    private func transportFailure(_ error: any Error) async -> DeliveryFailure {
        if let process, await process.exitStatus(within: .milliseconds(200)) != nil {
            let f = DeliveryFailure.exited(status: process.process.terminationStatus, output: await process.errors.finalText())
            failure.withValue { $0 = f }
            return f
        }
        if let e = error as? HTTPClientError, e == .deadlineExceeded || e == .readTimeout {
            return .timeout(timeout)
        }
        return .connectionDropped(String(describing: error))
    }
}
