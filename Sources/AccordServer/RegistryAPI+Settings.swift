import AccordCompatibility
import AccordJSON
import AccordRegistry
import Hummingbird

extension RegistryAPI {
    func addConfigRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/config") { _, _ in Reply.json(Reply.config(try await registry.config(subject: nil))) }
        router.put("/config") { request, _ in
            let update = try await configUpdate(request)
            return Reply.json(Reply.config(try await registry.updateConfig(update, subject: nil), levelKey: "compatibility"))
        }
        router.delete("/config") { _, _ in Reply.json(Reply.config(try await registry.deleteConfig(subject: nil))) }
        router.get("/config/:subject") { request, context in
            Reply.json(Reply.config(try await registry.config(subject: try context.subject(), defaultToGlobal: request.flag("defaultToGlobal"))))
        }
        router.put("/config/:subject") { request, context in
            let subject = try context.subject()
            let update = try await configUpdate(request)
            return Reply.json(Reply.config(try await registry.updateConfig(update, subject: subject), levelKey: "compatibility"))
        }
        router.delete("/config/:subject") { _, context in
            Reply.json(Reply.config(try await registry.deleteConfig(subject: try context.subject())))
        }
    }

    /// A ConfigUpdateRequest: `compatibility` (or `compatibilityLevel`), `compatibilityPolicy`, `normalize`.
    func configUpdate(_ request: Request) async throws -> RegistryConfig {
        let body = try await reader.object(request)
        var update = RegistryConfig()
        switch body["compatibility"] ?? body["compatibilityLevel"] {
        case nil, .null: break
        case .string(let text):
            guard let level = CompatibilityLevel(parsing: text) else { throw RegistryError.invalidCompatibilityLevel }
            update.compatibilityLevel = level
        default: throw RegistryError.invalidCompatibilityLevel
        }
        switch body["compatibilityPolicy"] {
        case nil, .null: break
        case .string(let text):
            guard let policy = CompatibilityPolicy(parsing: text) else {
                throw ConfluentError(status: .unprocessableContent, errorCode: 42203, message: "Invalid compatibility policy. Valid values are STRICT and LENIENT")
            }
            update.compatibilityPolicy = policy
        default: throw ConfluentError(status: .badRequest, errorCode: 400, message: "Unrecognized field type: 'compatibilityPolicy' must be a string")
        }
        switch body["normalize"] {
        case nil, .null: break
        case .bool(let flag): update.normalize = flag
        default: throw ConfluentError(status: .badRequest, errorCode: 400, message: "Unrecognized field type: 'normalize' must be a boolean")
        }
        return update
    }

    func addModeRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/mode") { _, _ in Reply.json(["mode": .string(try await registry.mode(subject: nil).rawValue)]) }
        router.put("/mode") { request, _ in
            let (mode, body) = try await modeUpdate(request)
            try await registry.setMode(mode, subject: nil, force: request.flag("force"))
            return Reply.json(body)
        }
        router.delete("/mode") { _, _ in Reply.json(["mode": .string(try await registry.deleteMode(subject: nil).rawValue)]) }
        router.get("/mode/:subject") { request, context in
            let mode = try await registry.mode(subject: try context.subject(), defaultToGlobal: request.flag("defaultToGlobal"))
            return Reply.json(["mode": .string(mode.rawValue)])
        }
        router.put("/mode/:subject") { request, context in
            let subject = try context.subject()
            let (mode, body) = try await modeUpdate(request)
            try await registry.setMode(mode, subject: subject, force: request.flag("force"))
            return Reply.json(body)
        }
        router.delete("/mode/:subject") { _, context in
            Reply.json(["mode": .string(try await registry.deleteMode(subject: try context.subject()).rawValue)])
        }
    }

    func modeUpdate(_ request: Request) async throws -> (RegistryMode, JSONValue) {
        let body = try await reader.object(request)
        guard let text = body["mode"]?.stringValue, let mode = RegistryMode(parsing: text) else { throw RegistryError.invalidMode }
        return (mode, .object(body))
    }

    func addCompatibilityRoutes<Context: RequestContext>(to router: Router<Context>) {
        let check: @Sendable (Request, Context, Bool) async throws -> Response = { request, context, withVersion in
            let subject = try context.subject()
            let selector = withVersion ? try context.version() : nil
            let verbose = request.flag("verbose")
            let registration = try await reader.registration(request, normalize: request.flag("normalize"))
            let verdict: CompatibilityVerdict
            do {
                verdict = try await registry.checkCompatibility(subject: subject, version: selector, registration)
            } catch RegistryError.invalidSchema(let message) where verbose {
                verdict = CompatibilityVerdict(isCompatible: false, messages: [message])
            }
            var members: [(String, JSONValue)] = [("is_compatible", .bool(verdict.isCompatible))]
            if verbose { members.append(("messages", .array(verdict.messages.map(JSONValue.string)))) }
            return Reply.json(.object(JSONObject(members)))
        }
        router.post("/compatibility/subjects/:subject/versions") { request, context in try await check(request, context, false) }
        router.post("/compatibility/subjects/:subject/versions/:version") { request, context in try await check(request, context, true) }
    }

    func addExtraRoutes<Context: RequestContext>(to router: Router<Context>) {
        // Accord extra: validate an event against a version; answers the `basic` output.
        router.post("/subjects/:subject/versions/:version/validate") { request, context in
            let subject = try context.subject()
            let selector = try context.version()
            let event = try await reader.json(request)
            return Reply.json(try await registry.validate(event: event, subject: subject, selector).basicOutput)
        }
        // Accord extra: the located change list between two versions.
        router.get("/subjects/:subject/versions/:version/diff/:other") { _, context in
            let report = try await registry.diff(subject: try context.subject(), from: try context.version(), to: try context.version("other"))
            return Reply.json([
                "backwardCompatible": .bool(!report.changes.contains(where: \.breaksBackward)),
                "forwardCompatible": .bool(!report.changes.contains(where: \.breaksForward)),
                "changes": .array(report.changes.map(Reply.change)),
            ])
        }
    }
}
