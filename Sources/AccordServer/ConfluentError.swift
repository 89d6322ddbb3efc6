import AccordJSON
import AccordRegistry
import Hummingbird

/// An error answered in Confluent's shape, `{"error_code": N, "message": "…"}`, with extra
/// members (Accord adds `messages` and `witness` to compatibility refusals).
struct ConfluentError: Error, Sendable {
    var status: HTTPResponse.Status
    var errorCode: Int
    var message: String
    var extra: [(String, JSONValue)] = []

    init(status: HTTPResponse.Status, errorCode: Int, message: String, extra: [(String, JSONValue)] = []) {
        self.status = status
        self.errorCode = errorCode
        self.message = message
        self.extra = extra
    }

    /// A framework-level error: the HTTP status doubles as the error code.
    init(http status: HTTPResponse.Status, message: String? = nil) {
        self.init(status: status, errorCode: status.code, message: message ?? "HTTP \(status.code) \(status.reasonPhrase)")
    }

    init(_ error: RegistryError) {
        var extra: [(String, JSONValue)] = []
        if case .incompatible(_, let details, let witness) = error {
            extra.append(("messages", .array(details.map(JSONValue.string))))
            if let witness {
                extra.append(("witness", ["instance": witness.instance, "validUnder": .string(witness.validUnder.rawValue)]))
            }
        }
        self.init(status: HTTPResponse.Status(code: error.httpStatus), errorCode: error.errorCode, message: error.message, extra: extra)
    }

    var body: JSONValue {
        .object(JSONObject([("error_code", .integer(Int64(errorCode))), ("message", .string(message))] + extra))
    }

    static let notFound = ConfluentError(http: .notFound)
}
