import AccordJSON
import AccordRegistry
import HTTPTypes
import Hummingbird

extension RegistryAPI {
    static func extended(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("Confluent-Accept-Unknown-Properties")!]?.lowercased() == "true"
    }

    func addSubjectRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/subjects") { request, _ in
            let names = try await registry.subjects(
                prefix: request.query("subjectPrefix"), deleted: request.flag("deleted"), deletedOnly: request.flag("deletedOnly"))
            return Reply.json(.array(names.map(JSONValue.string)))
        }
        router.get("/subjects/:subject/versions") { request, context in
            let versions = try await registry.versions(
                subject: try context.subject(), deleted: request.flag("deleted"), deletedOnly: request.flag("deletedOnly"))
            let paged = Reply.page(versions, offset: try request.integerQuery("offset"), limit: try request.integerQuery("limit"))
            return Reply.json(.array(paged.map { .integer(Int64($0)) }))
        }
        router.post("/subjects/:subject/versions") { request, context in
            let subject = try context.subject()
            let registration = try await reader.registration(request, normalize: request.flag("normalize"))
            return Reply.json(Reply.registered(try await registry.register(subject: subject, registration)))
        }
        router.post("/subjects/:subject") { request, context in
            let subject = try context.subject()
            let registration = try await reader.registration(request, normalize: request.flag("normalize"))
            let found = try await registry.lookup(subject: subject, registration, deleted: request.flag("deleted"))
            return Reply.json(Reply.schema(found, extended: Self.extended(request)))
        }
        router.get("/subjects/:subject/versions/:version") { request, context in
            let found = try await registry.version(subject: try context.subject(), try context.version(), deleted: request.flag("deleted"))
            return Reply.json(Reply.schema(found, extended: Self.extended(request)))
        }
        router.get("/subjects/:subject/versions/:version/schema") { request, context in
            Reply.text(try await registry.version(subject: try context.subject(), try context.version(), deleted: request.flag("deleted")).schema)
        }
        router.get("/subjects/:subject/versions/:version/referencedby") { request, context in
            let ids = try await registry.referencedBy(subject: try context.subject(), try context.version(), deleted: request.flag("deleted"))
            let paged = Reply.page(ids, offset: try request.integerQuery("offset"), limit: try request.integerQuery("limit"), defaultLimit: 1000)
            return Reply.json(.array(paged.map(JSONValue.integer)))
        }
        router.delete("/subjects/:subject/versions/:version") { request, context in
            let number = try await registry.deleteVersion(subject: try context.subject(), try context.version(), permanent: request.flag("permanent"))
            return Reply.json(.integer(Int64(number)))
        }
        router.delete("/subjects/:subject") { request, context in
            let numbers = try await registry.deleteSubject(try context.subject(), permanent: request.flag("permanent"))
            return Reply.json(.array(numbers.map { .integer(Int64($0)) }))
        }
    }
}
