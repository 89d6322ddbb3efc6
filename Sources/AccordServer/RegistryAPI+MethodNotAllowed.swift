import HTTPTypes
import Hummingbird

extension RegistryAPI {
    /// The methods a Confluent client may send; a known path called with one it does not serve
    /// answers 405, not 404.
    static let routedMethods: [HTTPRequest.Method] = [.get, .post, .put, .delete]

    /// Answers 405 Method Not Allowed, Confluent-shaped and with an `Allow` header, for every
    /// known path called with a method it does not serve (Confluent's server does the same; a
    /// 404 would tell a client the subject or id does not exist).
    func addMethodNotAllowedRoutes<Context: RequestContext>(to router: Router<Context>) {
        var allowed: [String: (path: RouterPath, methods: [HTTPRequest.Method])] = [:]
        for route in router.routes {
            allowed[route.path.description, default: (route.path, [])].methods.append(route.method)
        }
        for (path, methods) in allowed.values {
            let allow = methods.map(\.rawValue).sorted().joined(separator: ", ")
            for method in Self.routedMethods where !methods.contains(method) {
                router.on(path, method: method) { _, _ -> Response in
                    var response = ConfluentMiddleware<Context>.errorResponse(ConfluentError(http: .methodNotAllowed), contentType: MediaTypes.v1)
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
    }
}
