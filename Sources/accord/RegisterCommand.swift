import AccordCompatibility
import AccordJSON
import ArgumentParser
import Foundation

/// `accord register`: the deploy step after `accord check` passes.
struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register every subject of Schemas/ with a schema registry, references first.",
        discussion: """
            Subjects are registered in dependency order: a subject whose $ref reaches another \
            subject's schema.json is registered with a reference {name: the $ref's absolute URI, \
            subject, version}. A subject whose schema is already registered (same schema, same \
            references) is left alone, so re-running registers nothing new. The level and policy in a \
            subject's accord.json (or the repo default) are set on the registry first, when they differ.

            Credentials: ACCORD_REGISTRY_TOKEN (bearer) or ACCORD_REGISTRY_USER and \
            ACCORD_REGISTRY_PASSWORD (basic), or user info in the URL.

            Exit status: 0 done (or nothing to do), 1 the registry refused a schema as incompatible, \
            2 an error (invalid schema, unreachable registry, cyclic references).

            Example:
              accord register --registry http://localhost:8081 --dry-run
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json
    }

    @Option(name: .long, help: ArgumentHelp("The registry (also accepted as registry:URL).", valueName: "URL"))
    var registry: String

    @Option(name: .long, help: "The folder with one sub-folder per subject.")
    var schemas: String = "Schemas"

    @Option(name: .customLong("subject"), help: "Register only this subject (and what it references); repeatable.")
    var subjects: [String] = []

    @Flag(name: .customLong("dry-run"), help: "Show what would change without changing anything.")
    var dryRun = false

    @Flag(name: .customLong("no-config"), help: "Do not set subjects' compatibility level and policy on the registry.")
    var noConfig = false

    @Option(name: .long, help: "Report format: text or json.")
    var output: OutputFormat = .text

    /// What happened (or would happen) to one subject.
    struct Action: Sendable {
        enum Kind: String, Sendable { case unchanged, registered, wouldRegister = "would-register", refused }
        var subject: String
        var kind: Kind
        var version: Int?
        var id: Int?
        var references: [SchemaReference]
        var configChange: String?
        var message: String?
    }

    func run() async throws {
        var actions: [Action] = []
        var status: Int32 = 0
        do {
            status = try await perform { actions.append($0) }
        } catch {
            report(actions)
            FileHandleOutput.standardError("accord: \(error)")
            throw ExitCode(2)
        }
        report(actions)
        if status != 0 { throw ExitCode(status) }
    }

    private func perform(_ record: (Action) -> Void) async throws(CheckError) -> Int32 {
        let url = registry.hasPrefix("registry:") ? String(registry.dropFirst("registry:".count)) : registry
        let client = try RegistryClient(url: url)
        let directory = schemas.hasSuffix("/") && schemas.count > 1 ? String(schemas.dropLast()) : schemas
        let catalog = try SchemaCatalog(SchemaSnapshot.workingTree(at: directory))
        let plan = try RegistrationPlan(catalog: catalog, only: Set(subjects))
        // Versions of subjects this run registered or found; nil for "would be registered".
        var versions: [String: Int?] = [:]
        for step in plan.steps {
            let name = step.subject.name
            var references: [SchemaReference] = []
            var pendingDependency: String?
            for reference in step.references {
                guard let known = versions[reference.subject] else { continue }
                guard let version = known else {
                    pendingDependency = reference.subject
                    continue
                }
                references.append(SchemaReference(name: reference.name, subject: reference.subject, version: version))
            }
            let configChange = noConfig ? nil : try await configChange(for: step.subject, client: client)
            if pendingDependency != nil {
                versions[name] = .some(nil)
                record(Action(subject: name, kind: .wouldRegister, references: references, configChange: configChange,
                              message: "references \(pendingDependency!), which would be registered first"))
                continue
            }
            if let existing = try await client.lookup(subject: name, schema: step.schema, references: references) {
                versions[name] = existing.version
                if configChange != nil, !dryRun { try await applyConfig(step.subject, client: client) }
                record(Action(subject: name, kind: .unchanged, version: existing.version, id: existing.id,
                              references: references, configChange: configChange))
                continue
            }
            if dryRun {
                versions[name] = .some(nil)
                record(Action(subject: name, kind: .wouldRegister, references: references, configChange: configChange))
                continue
            }
            if configChange != nil { try await applyConfig(step.subject, client: client) }
            do {
                let id = try await client.register(subject: name, schema: step.schema, references: references)
                let registered = try await client.lookup(subject: name, schema: step.schema, references: references)
                versions[name] = registered?.version
                record(Action(subject: name, kind: .registered, version: registered?.version, id: id,
                              references: references, configChange: configChange))
            } catch {
                guard error.isIncompatibilityRefusal else { throw error }
                record(Action(subject: name, kind: .refused, references: references, configChange: configChange, message: error.description))
                return 1
            }
        }
        return 0
    }

    /// "BACKWARD → FULL" when the local configuration differs from the registry's.
    private func configChange(for subject: SchemaCatalog.Subject, client: RegistryClient) async throws(CheckError) -> String? {
        guard let level = subject.config.level else { return nil }
        let current = try await client.config(subject: subject.name)
        let currentLevel = current.level.flatMap(CompatibilityLevel.init(parsing:))
        let currentPolicy = current.policy.flatMap(CompatibilityPolicy.init(parsing:))
        var changes: [String] = []
        if currentLevel != level { changes.append("level \(current.level ?? "unset") → \(level.rawValue)") }
        if let policy = subject.config.policy, currentPolicy ?? .strict != policy {
            changes.append("policy \(current.policy ?? "STRICT") → \(policy.rawValue)")
        }
        return changes.isEmpty ? nil : changes.joined(separator: ", ")
    }

    private func applyConfig(_ subject: SchemaCatalog.Subject, client: RegistryClient) async throws(CheckError) {
        guard let level = subject.config.level else { return }
        try await client.setConfig(subject: subject.name, level: level.rawValue, policy: subject.config.policy?.rawValue)
    }

    private func report(_ actions: [Action]) {
        switch output {
        case .json:
            let items: [JSONValue] = actions.map { action in
                var object = JSONObject([("subject", .string(action.subject)), ("action", .string(action.kind.rawValue))])
                object["version"] = action.version.map { .integer(Int64($0)) } ?? .null
                object["id"] = action.id.map { .integer(Int64($0)) } ?? .null
                object["references"] = .array(action.references.map(\.json))
                object["configChange"] = action.configChange.map { .string($0) } ?? .null
                if let message = action.message { object["message"] = .string(message) }
                return .object(object)
            }
            StandardOutput.write(JSONWriter.pretty(["dryRun": .bool(dryRun), "subjects": .array(items)]) + "\n")
        case .text:
            var out = ""
            for action in actions {
                var line = "\(action.subject): "
                switch action.kind {
                case .unchanged: line += "unchanged"
                case .registered: line += "registered"
                case .wouldRegister: line += "would register"
                case .refused: line += "refused"
                }
                var details: [String] = []
                if let version = action.version { details.append("version \(version)") }
                if let id = action.id { details.append("id \(id)") }
                if !action.references.isEmpty {
                    details.append("references " + action.references.map { "\($0.subject) v\($0.version)" }.joined(separator: ", "))
                }
                if !details.isEmpty { line += " (" + details.joined(separator: ", ") + ")" }
                if let change = action.configChange { line += "; \(dryRun ? "would set" : "set") \(change)" }
                if let message = action.message { line += ": \(message)" }
                out += line + "\n"
            }
            let count = { (kind: Action.Kind) in actions.filter { $0.kind == kind }.count }
            out += dryRun
                ? "dry run: \(count(.wouldRegister)) would be registered, \(count(.unchanged)) unchanged\n"
                : "\(count(.registered)) registered, \(count(.unchanged)) unchanged\(count(.refused) > 0 ? ", 1 refused" : "")\n"
            StandardOutput.write(out)
        }
    }
}
