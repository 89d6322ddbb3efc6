import Hummingbird
import Logging
import NIOCore

/// A fault-injecting downstream dependency the harness serves to the handler on loopback
/// (its URL in `ACCORD_DOWNSTREAM_URL`). Once armed with N failures, the next N calls fail
/// with the configured status; later calls succeed with `{"ok":true}`.
public final class DownstreamStub: Sendable {
    /// One call the handler made.
    public struct Call: Sendable, Hashable {
        public var method: String
        public var path: String
        public var status: Int
        /// The delivery in progress when the call came (set by the broker).
        public var delivery: Int
    }

    struct State {
        var failuresLeft = 0
        var status = 503
        var calls: [Call] = []
        var delivery = 0
    }

    private let box: LockedBox<State>
    private let server = LockedBox<Task<Void, Never>?>(nil)
    /// The stub's base URL, `http://127.0.0.1:PORT`.
    public let url: String

    private init(url: String, box: LockedBox<State>) {
        self.url = url
        self.box = box
    }

    /// Starts a stub on a free loopback port.
    public static func start() async throws -> DownstreamStub {
        let portBox = LockedBox<Int?>(nil)
        let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
        let stubState = LockedBox(State())
        let router = Router()
        let respond: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let status = stubState.withValue { s -> Int in
                let status = s.failuresLeft > 0 ? s.status : 200
                if s.failuresLeft > 0 { s.failuresLeft -= 1 }
                s.calls.append(Call(method: request.method.rawValue, path: request.uri.path, status: status, delivery: s.delivery))
                return status
            }
            let body = status == 200 ? #"{"ok":true}"# : #"{"error":"injected failure"}"#
            return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("/", method: method, use: respond)
            router.on("**", method: method, use: respond)
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portBox.withValue { $0 = channel.localAddress?.port }
                readyContinuation.yield()
            },
            logger: Logger(label: "accord.downstream", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task {
            try? await app.run()
            readyContinuation.finish()
        }
        for await _ in ready { break }
        guard let port = portBox.value else {
            task.cancel()
            throw DeliveryFailure.connectionDropped("the downstream stub could not start")
        }
        let stub = DownstreamStub(url: "http://127.0.0.1:\(port)", box: stubState)
        stub.server.withValue { $0 = task }
        return stub
    }

    /// The next `failures` calls fail with `status`.
    public func arm(failures: Int, status: Int = 503) {
        box.withValue { $0.failuresLeft = failures; $0.status = status }
    }

    /// Tags calls with the delivery in progress.
    func beginDelivery(_ number: Int) { box.withValue { $0.delivery = number } }

    /// Every call so far.
    public var calls: [Call] { box.value.calls }

    /// Forgets recorded calls and pending failures.
    public func reset() { box.withValue { $0 = State() } }

    /// Stops the server.
    public func stop() async {
        let task = server.withValue { t -> Task<Void, Never>? in defer { t = nil }; return t }
        task?.cancel()
        await task?.value
    }
}
