import AccordJSON
import AccordRegistry
import Hummingbird

/// Reading path parameters, query parameters and JSON bodies the way Confluent does.
struct RequestReader: Sendable {
    /// Largest accepted body; larger ones get 413.
    let maxBodyBytes: Int

    static let bodyParser = JSONParser(options: JSONParseOptions(maxDepth: 256))

    /// The body as JSON: missing → 422, too large → 413, malformed → 400.
    func json(_ request: Request) async throws -> JSONValue {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw tooLarge
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        }
        if buffer.readableBytes == 0 {
            throw ConfluentError(status: .unprocessableContent, errorCode: 422, message: "Request body is missing: send a JSON object")
        }
        do {
            return try buffer.withUnsafeReadableBytes { bytes throws(JSONParseError) in try Self.bodyParser.parse(bytes) }
        } catch {
            throw ConfluentError(status: .badRequest, errorCode: 400, message: "Unrecognized request body: not JSON: \(error)")
        }
    }

    var tooLarge: ConfluentError {
        ConfluentError(status: .contentTooLarge, errorCode: 413, message: "Request body is larger than the limit of \(maxBodyBytes) bytes (accord serve --max-body-bytes)")
    }

    /// The body as a JSON object.
    func object(_ request: Request) async throws -> JSONObject {
        let value = try await json(request)
        guard case .object(let object) = value else {
            throw ConfluentError(status: .badRequest, errorCode: 400, message: "Unrecognized request body: expected a JSON object, got \(value.typeName)")
        }
        return object
    }

    /// A register/lookup/compatibility body.
    func registration(_ request: Request, normalize: Bool) async throws -> RegistrationRequest {
        let body = try await object(request)
        func wrongType(_ field: String, _ expected: String) -> ConfluentError {
            ConfluentError(status: .badRequest, errorCode: 400, message: "Unrecognized field type: '\(field)' must be \(expected)")
        }
        let schema: String
        switch body["schema"] {
        case .string(let text): schema = text
        case nil, .null: throw ConfluentError(status: .unprocessableContent, errorCode: 42201, message: "Empty schema")
        default: throw wrongType("schema", "a string holding the schema document")
        }
        var schemaType: String?
        switch body["schemaType"] {
        case .string(let type): schemaType = type
        case nil, .null: schemaType = nil
        default: throw wrongType("schemaType", "a string")
        }
        var references: [SchemaReference] = []
        switch body["references"] {
        case nil, .null: break
        case .array(let items):
            for item in items {
                guard case .object(let ref) = item, let name = ref["name"]?.stringValue, let subject = ref["subject"]?.stringValue,
                      let version = ref["version"]?.integerValue, let intVersion = Int(exactly: version)
                else { throw wrongType("references", "an array of {\"name\": string, \"subject\": string, \"version\": integer}") }
                references.append(SchemaReference(name: name, subject: subject, version: intVersion))
            }
        default: throw wrongType("references", "an array")
        }
        var version: Int?
        switch body["version"] {
        case nil, .null: break
        case .integer(let v): version = Int(exactly: v)
        default: throw wrongType("version", "an integer")
        }
        var id: Int64?
        switch body["id"] {
        case nil, .null: break
        case .integer(let v): id = v
        default: throw wrongType("id", "an integer")
        }
        if version == 0 || version == -1 { version = nil }
        if id == 0 || id == -1 { id = nil }
        return RegistrationRequest(schema: schema, schemaType: schemaType, references: references, version: version, id: id, normalize: normalize)
    }
}

extension Request {
    /// A boolean query parameter: case-insensitive `true`, anything else false.
    func flag(_ name: String) -> Bool {
        uri.queryParameters.get(name)?.lowercased() == "true"
    }

    func query(_ name: String) -> String? { uri.queryParameters.get(name) }

    /// An integer query parameter; a non-integer is 404 (JAX-RS).
    func integerQuery(_ name: String) throws -> Int? {
        guard let text = query(name), !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw ConfluentError.notFound }
        return value
    }
}

extension RequestContext {
    /// A path segment, percent-decoded after routing (clients send `/` as `%2F`).
    func segment(_ name: String) throws -> String {
        guard let raw = parameters.get(name) else { throw ConfluentError.notFound }
        return Self.percentDecode(raw)
    }

    func subject(_ name: String = "subject") throws -> String { try segment(name) }

    func version(_ name: String = "version") throws -> VersionSelector {
        try VersionSelector(parsing: try segment(name))
    }

    /// An integer path segment; a non-integer is 404 (JAX-RS).
    func integer(_ name: String) throws -> Int64 {
        guard let value = Int64(try segment(name)) else { throw ConfluentError.notFound }
        return value
    }

    /// A malformed escape (or bytes that are not UTF-8) leaves the segment as sent.
    static func percentDecode(_ text: String) -> String { PercentDecoding.decode(text) ?? text }
}
