import Hummingbird
import Metrics
import Synchronization

/// Measures every request under the names and dimensions of Hummingbird's `MetricsMiddleware`
/// (`hb.requests`, `http.server.request.duration`, `hb.request.errors` by route, method and status;
/// `http.server.active_requests` by method), so dashboards built for Hummingbird work unchanged.
///
/// It differs in one respect, on purpose: it leaves the response body as the handler made it.
/// Hummingbird's middleware wraps the body in a post-write closure, which takes a single-buffer
/// response off the server's batched path, so head and body then leave in two writes (two syscalls,
/// two TCP segments) on every request; on `GET /schemas/ids/{id}` that was most of the gap to a bare
/// route. Here a request's duration ends when the handler returns its response, before the body is
/// written; every registry response is one buffer already in memory, so little is left out.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: RequestMetrics

    init(factory: any MetricsFactory) { self.metrics = RequestMetrics(factory: factory) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let active = metrics.activeRequests(method: request.method)
        active.increment()
        defer { active.decrement() }
        do {
            let response = try await next(request, context)
            let endpoint = metrics.endpoint(route: context.endpointPath ?? "Unknown", method: request.method, status: response.status.code)
            endpoint.requests.increment()
            endpoint.duration.recordNanoseconds(Self.nanoseconds(since: start))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            let endpoint = metrics.endpoint(route: context.endpointPath ?? "NotFound", method: request.method, status: status)
            endpoint.requests.increment()
            endpoint.errors.increment()
            throw error
        }
    }

    private static func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds &* 1_000_000_000 &+ elapsed.components.attoseconds / 1_000_000_000
    }
}

/// The metric handles, made once per (route, method, status) and per method, then looked up.
final class RequestMetrics: Sendable {
    struct EndpointKey: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: Int
    }

    struct Endpoint: Sendable {
        let requests: Counter
        let duration: Timer
        let errors: Counter
    }

    private let factory: any MetricsFactory
    private let endpoints = Mutex<[EndpointKey: Endpoint]>([:])
    private let active = Mutex<[HTTPRequest.Method: Meter]>([:])

    init(factory: any MetricsFactory) { self.factory = factory }

    /// The request-duration histogram's name (Hummingbird's and OpenTelemetry's).
    static let durationLabel = "http.server.request.duration"
    /// Its buckets. A registry answers most requests well under a millisecond, so the Prometheus
    /// defaults (5 ms and up) would put nearly everything in the first bucket.
    static let durationBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(3), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    func endpoint(route: String, method: HTTPRequest.Method, status: Int) -> Endpoint {
        let key = EndpointKey(route: route, method: method, status: status)
        return endpoints.withLock { table in
            if let known = table[key] { return known }
            let dimensions = [("http.route", route), ("http.request.method", method.rawValue), ("http.response.status_code", String(status))]
            let made = Endpoint(
                requests: Counter(label: "hb.requests", dimensions: dimensions, factory: factory),
                duration: Timer(label: Self.durationLabel, dimensions: dimensions, factory: factory),
                errors: Counter(
                    label: "hb.request.errors",
                    dimensions: [("http.route", route), ("http.request.method", method.rawValue), ("error.type", String(status))],
                    factory: factory))
            table[key] = made
            return made
        }
    }

    func activeRequests(method: HTTPRequest.Method) -> Meter {
        active.withLock { table in
            if let known = table[method] { return known }
            let made = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)], factory: factory)
            table[method] = made
            return made
        }
    }
}
