import AccordJSON
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A reference from one registered schema to another: `name` is the URI the referring schema's
/// `$ref` resolves to, `subject`/`version` the registered schema it designates.
struct SchemaReference: Sendable, Hashable {
    var name: String
    var subject: String
    var version: Int

    var json: JSONValue { ["name": .string(name), "subject": .string(subject), "version": .integer(Int64(version))] }
}

/// One version of a subject as the registry returns it.
struct RegisteredSchema: Sendable {
    var subject: String
    var version: Int
    var id: Int
    var schema: String
    var references: [SchemaReference]
}

/// A Confluent-compatible schema registry client (Accord's own server or Confluent's) for the
/// few endpoints `accord check` and `accord register` need.
///
/// Credentials come from the environment: `ACCORD_REGISTRY_TOKEN` (bearer), or
/// `ACCORD_REGISTRY_USER` and `ACCORD_REGISTRY_PASSWORD` (basic), or user info in the URL.
struct RegistryClient: Sendable {
    /// `http://host:port/path` without trailing slash or user info.
    var baseURL: String
    var authorization: String?

    init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(CheckError) {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false else {
            throw CheckError("\"\(url)\" is not a registry URL", fix: "use http://host:port or https://host/path")
        }
        var authorization: String?
        if let token = environment["ACCORD_REGISTRY_TOKEN"], !token.isEmpty {
            authorization = "Bearer " + token
        } else if let user = environment["ACCORD_REGISTRY_USER"], !user.isEmpty {
            authorization = Self.basic(user, environment["ACCORD_REGISTRY_PASSWORD"] ?? "")
        } else if let user = components.user {
            authorization = Self.basic(user.removingPercentEncoding ?? user, (components.password ?? "").removingPercentEncoding ?? "")
        }
        components.user = nil
        components.password = nil
        var text = components.string ?? url
        while text.hasSuffix("/") { text.removeLast() }
        self.baseURL = text
        self.authorization = authorization
    }

    private static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    static func encode(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    // MARK: Endpoints

    /// `GET /subjects/{subject}/versions/{version}`; nil when the subject or version does not exist.
    func schema(subject: String, version: String) async throws(CheckError) -> RegisteredSchema? {
        let response = try await send(.GET, "/subjects/\(Self.encode(subject))/versions/\(version)")
        if response.status == 404 { return nil }
        try response.expectSuccess("fetching \(subject) version \(version)")
        return try Self.registeredSchema(response.body, subject: subject)
    }

    /// `GET /subjects/{subject}/versions`; empty when the subject does not exist.
    func versions(subject: String) async throws(CheckError) -> [Int] {
        let response = try await send(.GET, "/subjects/\(Self.encode(subject))/versions")
        if response.status == 404 { return [] }
        try response.expectSuccess("listing the versions of \(subject)")
        guard case .array(let items)? = response.body else { throw CheckError("\(baseURL): unexpected versions list for \(subject)") }
        return items.compactMap { $0.integerValue.map(Int.init) }.sorted()
    }

    /// `GET /config/{subject}?defaultToGlobal=true`: the effective level and policy, as spelled.
    func config(subject: String) async throws(CheckError) -> (level: String?, policy: String?) {
        let response = try await send(.GET, "/config/\(Self.encode(subject))?defaultToGlobal=true")
        if response.status == 404 {
            let global = try await send(.GET, "/config")
            try global.expectSuccess("reading the global configuration")
            return Self.levelAndPolicy(global.body)
        }
        try response.expectSuccess("reading the configuration of \(subject)")
        return Self.levelAndPolicy(response.body)
    }

    /// `PUT /config/{subject}`.
    func setConfig(subject: String, level: String, policy: String?) async throws(CheckError) {
        var body: JSONObject = JSONObject([("compatibility", .string(level))])
        if let policy { body["compatibilityPolicy"] = .string(policy) }
        let response = try await send(.PUT, "/config/\(Self.encode(subject))", body: .object(body))
        try response.expectSuccess("setting the compatibility of \(subject)")
    }

    /// `POST /subjects/{subject}`: the version holding exactly this schema, or nil.
    func lookup(subject: String, schema: String, references: [SchemaReference]) async throws(CheckError) -> RegisteredSchema? {
        let response = try await send(.POST, "/subjects/\(Self.encode(subject))", body: Self.registration(schema, references))
        if response.status == 404 { return nil }
        try response.expectSuccess("looking up \(subject)")
        return try Self.registeredSchema(response.body, subject: subject)
    }

    /// `POST /subjects/{subject}/versions`: registers and returns the schema id; a 409 refusal
    /// becomes ``RegistryRefusal``.
    func register(subject: String, schema: String, references: [SchemaReference]) async throws(CheckError) -> Int {
        let response = try await send(.POST, "/subjects/\(Self.encode(subject))/versions", body: Self.registration(schema, references))
        if response.status == 409 {
            throw CheckError("the registry refused \(subject) as incompatible: \(response.errorMessage)",
                             fix: "run accord check --against registry:\(baseURL) to see the located changes",
                             isIncompatibilityRefusal: true)
        }
        try response.expectSuccess("registering \(subject)")
        guard let id = response.body?["id"]?.integerValue else { throw CheckError("\(baseURL): register returned no id for \(subject)") }
        return Int(id)
    }

    // MARK: Transport

    struct Response {
        var url: String
        var status: Int
        var body: JSONValue?

        var errorMessage: String {
            let code = body?["error_code"]?.integerValue.map { " (error \($0))" } ?? ""
            let message = body?["message"]?.stringValue ?? body.map(JSONWriter.compact) ?? "no body"
            return "HTTP \(status)\(code): \(message)"
        }

        func expectSuccess(_ action: String) throws(CheckError) {
            guard (200..<300).contains(status) else {
                let fix: String? = status == 401 || status == 403
                    ? "set ACCORD_REGISTRY_TOKEN, or ACCORD_REGISTRY_USER and ACCORD_REGISTRY_PASSWORD" : nil
                throw CheckError("registry error while \(action) (\(url)): \(errorMessage)", fix: fix)
            }
        }
    }

    /// One client for the process. A refused connection fails at once instead of being retried
    /// until the request's deadline, so an unreachable registry is reported promptly.
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws(CheckError) -> Response {
        let url = baseURL + path
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/vnd.schemaregistry.v1+json, application/json")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/vnd.schemaregistry.v1+json")
            request.body = .bytes(ByteBuffer(string: JSONWriter.compact(body)))
        }
        do {
            let response = try await Self.http.execute(request, timeout: .seconds(30))
            let buffer = try await response.body.collect(upTo: 64 << 20)
            let bytes = Array(buffer.readableBytesView)
            let json = bytes.isEmpty ? nil : try? JSONParser().parse(bytes)
            return Response(url: url, status: Int(response.status.code), body: json)
        } catch {
            throw CheckError("registry \(baseURL) is unreachable (\(method.rawValue) \(path)): \(error)",
                             fix: "check the URL and that the registry is running")
        }
    }

    private static func registration(_ schema: String, _ references: [SchemaReference]) -> JSONValue {
        var body = JSONObject([("schemaType", .string("JSON")), ("schema", .string(schema))])
        if !references.isEmpty { body["references"] = .array(references.map(\.json)) }
        return .object(body)
    }

    private static func registeredSchema(_ body: JSONValue?, subject: String) throws(CheckError) -> RegisteredSchema {
        guard let body, let schema = body["schema"]?.stringValue else {
            throw CheckError("the registry returned no schema for \(subject)")
        }
        var references: [SchemaReference] = []
        for item in body["references"]?.arrayValue ?? [] {
            guard let name = item["name"]?.stringValue, let referenced = item["subject"]?.stringValue,
                  let version = item["version"]?.integerValue else { continue }
            references.append(SchemaReference(name: name, subject: referenced, version: Int(version)))
        }
        return RegisteredSchema(
            subject: body["subject"]?.stringValue ?? subject,
            version: Int(body["version"]?.integerValue ?? 0),
            id: Int(body["id"]?.integerValue ?? 0),
            schema: schema, references: references)
    }

    private static func levelAndPolicy(_ body: JSONValue?) -> (level: String?, policy: String?) {
        let level = body?["compatibilityLevel"]?.stringValue ?? body?["compatibility"]?.stringValue
        let policy = body?["compatibilityPolicy"]?.stringValue
        return (level, policy)
    }
}
