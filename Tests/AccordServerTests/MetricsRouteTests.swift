import AccordJSON
import Hummingbird
import Prometheus
import Testing

@Suite("Request metrics")
struct MetricsRouteTests {
    @Test func requestsAreCountedByRouteMethodAndStatus() async throws {
        let metrics = PrometheusCollectorRegistry()
        try await withRegistry(metrics: metrics) { r in
            #expect(try await r.register("orders", personV1).status == 200)
            let found = try await r.call(.get, "/schemas/ids/1")
            #expect(found.status == 200 && found.json?["schema"]?.stringValue == personV1, "the body is the handler's, untouched")
            #expect(try await r.call(.get, "/schemas/ids/1").status == 200)
            #expect(try await r.call(.get, "/schemas/ids/99").errorCode == 40403)
            let text = try await r.call(.get, "/metrics").text
            #expect(text.contains(#"hb_requests{http_route="/schemas/ids/{id}",http_request_method="GET",http_response_status_code="200"} 2"#), "\(text)")
            #expect(text.contains(#"hb_requests{http_route="/schemas/ids/{id}",http_request_method="GET",http_response_status_code="404"} 1"#))
            #expect(text.contains(#"hb_requests{http_route="/subjects/{subject}/versions",http_request_method="POST",http_response_status_code="200"} 1"#))
            #expect(text.contains(#"http_server_request_duration_count{http_route="/schemas/ids/{id}",http_request_method="GET",http_response_status_code="200"} 2"#))
            #expect(text.contains(#"http_server_active_requests{http_request_method="GET"} 1"#), "the /metrics request itself is in flight")
            // Sub-millisecond buckets: the Prometheus defaults start at 5 ms, above nearly every request.
            for bound in ["0.00025", "0.0005", "0.001", "0.002", "0.003", "0.005"] {
                #expect(text.contains(#"http_server_request_duration_bucket{http_route="/schemas/ids/{id}",http_request_method="GET",http_response_status_code="200",le="\#(bound)"}"#), "bucket \(bound)")
            }
        }
    }
}
