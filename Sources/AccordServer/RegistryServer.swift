import AccordRegistry
import Hummingbird
import NIOCore
import Logging
import Prometheus

/// Builds the registry's HTTP application.
public enum RegistryServer {
    /// The Hummingbird application serving `registry` on `host`:`port`.
    ///
    /// - Parameters:
    ///   - maxBodyBytes: Largest accepted request body (413 above it).
    ///   - metrics: When given, requests are measured into this registry (``RequestMetricsMiddleware``,
    ///     Hummingbird's metric names) and `GET /metrics` serves it in Prometheus text format.
    public static func makeApplication(
        registry: SchemaRegistry, host: String = "0.0.0.0", port: Int = 8081, maxBodyBytes: Int = 4 << 20,
        metrics: PrometheusCollectorRegistry? = nil, logger: Logger = Logger(label: "accord.server"),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(registry: registry, maxBodyBytes: maxBodyBytes, metrics: metrics),
            configuration: .init(address: .hostname(host, port: port), serverName: "Accord"),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    /// The router alone (for in-process tests).
    public static func makeRouter(registry: SchemaRegistry, maxBodyBytes: Int = 4 << 20, metrics: PrometheusCollectorRegistry? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        if let metrics {
            var factory = PrometheusMetricsFactory(registry: metrics)
            factory.durationHistogramBuckets[RequestMetrics.durationLabel] = RequestMetrics.durationBuckets
            router.add(middleware: RequestMetricsMiddleware(factory: factory))
            router.get("/metrics") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
            }
        }
        RegistryAPI(registry: registry, maxBodyBytes: maxBodyBytes).addRoutes(to: router)
        return router
    }

    /// A bare route answering a constant body: the benchmark's floor.
    public static func makeBenchFloorApplication(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        let body = ByteBuffer(string: "{\"schemaType\":\"JSON\",\"schema\":\"{\\\"type\\\":\\\"object\\\"}\"}")
        router.get("/**") { _, _ in
            Response(status: .ok, headers: [.contentType: MediaTypes.v1], body: ResponseBody(byteBuffer: body))
        }
        // The register baseline: reads the request body, as a registration must, and answers the constant.
        router.post("/**") { request, _ in
            _ = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .ok, headers: [.contentType: MediaTypes.v1], body: ResponseBody(byteBuffer: body))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Accord"), logger: logger)
    }
}
