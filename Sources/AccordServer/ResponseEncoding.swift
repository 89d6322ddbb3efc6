import AccordCompatibility
import AccordJSON
import AccordRegistry
import Hummingbird

/// JSON responses and Confluent's entities.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        text(JSONWriter.compact(value), status: status)
    }

    /// A JSON text already serialized (the stored schema document).
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: MediaTypes.v1], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func references(_ references: [SchemaReference]) -> JSONValue {
        .array(references.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .integer(Int64($0.version))] })
    }

    /// Confluent's `Schema` entity; `extended` adds the 8.x `ts` and `deleted`.
    static func schema(_ s: RegisteredSchema, extended: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("subject", .string(s.subject)), ("version", .integer(Int64(s.version))), ("id", .integer(s.id)),
            ("schemaType", "JSON"),
        ]
        if !s.references.isEmpty { members.append(("references", references(s.references))) }
        members.append(("schema", .string(s.schema)))
        if extended {
            members.append(("ts", .integer(s.createdAt)))
            members.append(("deleted", .bool(s.deleted)))
        }
        return .object(JSONObject(members))
    }

    /// The register response: `id`, `version`, `schemaType`, `references`, `schema` (never `subject`).
    static func registered(_ s: RegisteredSchema) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .integer(s.id)), ("version", .integer(Int64(s.version))), ("schemaType", "JSON")]
        if !s.references.isEmpty { members.append(("references", references(s.references))) }
        members.append(("schema", .string(s.schema)))
        return .object(JSONObject(members))
    }

    /// Config as GET returns it (`compatibilityLevel`) or PUT echoes it (`compatibility`).
    static func config(_ c: RegistryConfig, levelKey: String = "compatibilityLevel") -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let level = c.compatibilityLevel { members.append((levelKey, .string(level.rawValue))) }
        if let policy = c.compatibilityPolicy { members.append(("compatibilityPolicy", .string(policy.rawValue))) }
        if let normalize = c.normalize { members.append(("normalize", .bool(normalize))) }
        return .object(JSONObject(members))
    }

    static func change(_ c: SchemaChange) -> JSONValue {
        [
            "kind": .string(c.kind), "oldLocation": .string(c.oldLocation), "newLocation": .string(c.newLocation),
            "breaksBackward": .bool(c.breaksBackward), "breaksForward": .bool(c.breaksForward), "message": .string(c.message),
        ]
    }

    /// `offset`/`limit` paging; `limit` -1 or absent means `defaultLimit`.
    static func page<T>(_ items: [T], offset: Int?, limit: Int?, defaultLimit: Int? = nil) -> [T] {
        let start = min(max(offset ?? 0, 0), items.count)
        var rest = Array(items[start...])
        let effective = (limit == nil || limit == -1) ? defaultLimit : limit
        if let effective, effective >= 0, rest.count > effective { rest = Array(rest.prefix(effective)) }
        return rest
    }
}
