import AccordJSON
import AccordRegistry
import HTTPTypes
import Hummingbird

/// The Confluent-compatible HTTP API over a ``SchemaRegistry``.
public struct RegistryAPI: Sendable {
    public let registry: SchemaRegistry
    let reader: RequestReader

    /// - Parameter maxBodyBytes: The largest request body accepted (default 4 MiB); larger ones get 413.
    public init(registry: SchemaRegistry, maxBodyBytes: Int = 4 << 20) {
        self.registry = registry
        self.reader = RequestReader(maxBodyBytes: maxBodyBytes)
    }

    /// Adds every route to `router`, behind Confluent content negotiation and error shaping.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.add(middleware: ConfluentMiddleware<Context>())
        addRootRoutes(to: router)
        addSchemaRoutes(to: router)
        addSubjectRoutes(to: router)
        addConfigRoutes(to: router)
        addModeRoutes(to: router)
        addCompatibilityRoutes(to: router)
        addExtraRoutes(to: router)
        addMethodNotAllowedRoutes(to: router)
    }

    func addRootRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/") { _, _ in Reply.json(.object(JSONObject())) }
        router.post("/") { _, _ in Reply.json(.object(JSONObject())) }
        router.get("/health") { _, _ in
            _ = try await registry.mode(subject: nil)
            return Reply.json(["status": "UP"])
        }
        router.get("/contexts") { _, _ in Reply.json(["."]) }
        router.get("/v1/metadata/id") { _, _ in
            Reply.json(["scope": ["path": [], "clusters": ["kafka-cluster": "accord", "schema-registry-cluster": "accord"]]])
        }
        router.get("/v1/metadata/version") { _, _ in Reply.json(["version": "accord-0.1", "commitId": "unknown"]) }
    }

    func addSchemaRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/schemas/types") { _, _ in Reply.json(["JSON"]) }
        router.get("/schemas/ids/:id") { request, context in
            let schema = try await registry.schema(id: try context.integer("id"))
            var members: [(String, JSONValue)] = [("schemaType", "JSON")]
            if !schema.references.isEmpty { members.append(("references", Reply.references(schema.references))) }
            members.append(("schema", .string(schema.text)))
            if request.flag("fetchMaxId") { members.append(("maxId", .integer(try await registry.maxSchemaID()))) }
            return Reply.json(.object(JSONObject(members)))
        }
        router.get("/schemas/ids/:id/schema") { _, context in
            Reply.text(try await registry.schema(id: try context.integer("id")).text)
        }
        router.get("/schemas/ids/:id/subjects") { request, context in
            let versions = try await registry.subjectVersions(schemaID: try context.integer("id"), deleted: request.flag("deleted"))
            var seen = Set<String>()
            let names = versions.map(\.subject).filter { seen.insert($0).inserted }
            return Reply.json(.array(Reply.page(names, offset: try request.integerQuery("offset"), limit: try request.integerQuery("limit")).map(JSONValue.string)))
        }
        router.get("/schemas/ids/:id/versions") { request, context in
            let versions = try await registry.subjectVersions(schemaID: try context.integer("id"), deleted: request.flag("deleted"))
            let paged = Reply.page(versions, offset: try request.integerQuery("offset"), limit: try request.integerQuery("limit"))
            return Reply.json(.array(paged.map { ["subject": .string($0.subject), "version": .integer(Int64($0.version))] }))
        }
        router.get("/schemas") { request, _ in
            let all = try await registry.allSchemas(
                subjectPrefix: request.query("subjectPrefix"), deleted: request.flag("deleted"), latestOnly: request.flag("latestOnly"))
            let paged = Reply.page(all, offset: try request.integerQuery("offset"), limit: try request.integerQuery("limit"), defaultLimit: 1000)
            let extended = request.headers[HTTPField.Name("Confluent-Accept-Unknown-Properties")!]?.lowercased() == "true"
            return Reply.json(.array(paged.map { Reply.schema($0, extended: extended) }))
        }
    }
}
