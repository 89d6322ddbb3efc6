import AccordJSON
import AccordRegistry
import Hummingbird
import Logging

/// Content negotiation and Confluent-shaped errors for every route (also unknown paths).
///
/// Requests with a body must be `application/vnd.schemaregistry.v1+json`,
/// `application/vnd.schemaregistry+json`, `application/json`, `application/octet-stream` or
/// untyped (else 415); the response type follows `Accept` (else 406). Every thrown error
/// becomes `{"error_code", "message"}` with its HTTP status; nothing escapes as a bare 500.
struct ConfluentMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let responseType = Self.negotiate(accept: request.headers[.accept]) else {
            return Self.errorResponse(ConfluentError(http: .notAcceptable), contentType: MediaTypes.v1)
        }
        if request.method == .post || request.method == .put, let type = request.headers[.contentType],
           !MediaTypes.acceptedRequestTypes.contains(type) {
            // Parameters or another case: compare the bare type.
            let bare = type.split(separator: ";").first.map { $0.trimmingCharacters(in: " ").lowercased() } ?? ""
            if !MediaTypes.acceptedRequestTypes.contains(bare) {
                return Self.errorResponse(ConfluentError(http: .unsupportedMediaType), contentType: responseType)
            }
        }
        do {
            var response = try await next(request, context)
            if response.headers[.contentType] == MediaTypes.v1 { response.headers[.contentType] = responseType }
            return response
        } catch let error as ConfluentError {
            return Self.errorResponse(error, contentType: responseType)
        } catch let error as RegistryError {
            if case .store = error { context.logger.error("store error: \(error)") }
            return Self.errorResponse(ConfluentError(error), contentType: responseType)
        } catch let error as any HTTPResponseError {
            return Self.errorResponse(ConfluentError(http: error.status), contentType: responseType)
        } catch {
            context.logger.error("unexpected error: \(error)")
            return Self.errorResponse(ConfluentError(status: .internalServerError, errorCode: 50001, message: "Error in the backend data store - \(error)"), contentType: responseType)
        }
    }

    static func errorResponse(_ error: ConfluentError, contentType: String) -> Response {
        Response(
            status: error.status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.compact(error.body))))
    }

    /// The response media type for `accept`, by Confluent's weights (v1 > vnd > json), or nil.
    static func negotiate(accept: String?) -> String? {
        guard let accept, !accept.isEmpty else { return MediaTypes.v1 }
        var best: (String, Double)?
        for part in accept.split(separator: ",") {
            let pieces = part.split(separator: ";")
            let type = pieces.first.map { $0.trimmingCharacters(in: " ").lowercased() } ?? ""
            var quality = 1.0
            for parameter in pieces.dropFirst() {
                let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " ") }
                if kv.count == 2, kv[0] == "q", let q = Double(kv[1]) { quality = q }
            }
            guard quality > 0 else { continue }
            let candidate: (String, Double)?
            switch type {
            case "*/*", "application/*", MediaTypes.v1: candidate = (MediaTypes.v1, 1.0 * quality)
            case MediaTypes.vnd: candidate = (MediaTypes.vnd, 0.9 * quality)
            case MediaTypes.json: candidate = (MediaTypes.json, 0.5 * quality)
            default: candidate = nil
            }
            if let candidate, candidate.1 > (best?.1 ?? -1) { best = candidate }
        }
        return best?.0
    }
}

enum MediaTypes {
    static let v1 = "application/vnd.schemaregistry.v1+json"
    static let vnd = "application/vnd.schemaregistry+json"
    static let json = "application/json"
    /// What a request body may be sent as.
    static let acceptedRequestTypes: Set<String> = [v1, vnd, json, "application/octet-stream"]
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
