import AccordCompatibility
import AccordJSON

/// Builds the baseline of `--against registry:URL`: each subject's latest registered version
/// (every version for `_TRANSITIVE` levels), the documents they reference, and the subject's
/// configured level and policy.
struct RegistryBaseline {
    var client: RegistryClient
    /// `--level`, when given, replaces the registry's configured level.
    var levelOverride: CompatibilityLevel?

    func load(current: SchemaCatalog) async throws(CheckError) -> Baseline {
        var subjects: [String: SubjectBaseline] = [:]
        for name in current.subjectNames {
            subjects[name] = try await load(subject: name, current: current)
        }
        return Baseline(description: "registry:\(client.baseURL)", subjects: subjects.compactMapValues { $0 })
    }

    private func load(subject name: String, current: SchemaCatalog) async throws(CheckError) -> SubjectBaseline? {
        var baseline = SubjectBaseline()
        let configured = try await client.config(subject: name)
        if let text = configured.level {
            guard let level = CompatibilityLevel(parsing: text) else {
                throw CheckError("the registry's level for \(name) is \"\(text)\", which Accord does not know")
            }
            baseline.level = level
        }
        baseline.policy = configured.policy.flatMap(CompatibilityPolicy.init(parsing:))
        let level = levelOverride ?? baseline.level ?? .backward
        var registered: [RegisteredSchema] = []
        if level.isTransitive {
            for version in try await client.versions(subject: name) {
                if let schema = try await client.schema(subject: name, version: String(version)) { registered.append(schema) }
            }
        } else if let latest = try await client.schema(subject: name, version: "latest") {
            registered.append(latest)
        }
        guard !registered.isEmpty else { return nil }
        let subjectPath = current.subjects[name]?.path ?? "\(name)/\(SchemaCatalog.schemaFileName)"
        for version in registered {
            // Each version (with what it references) lives in a namespace of its own.
            let namespace = GitBaseline.namespace.replacingOccurrences(of: "previous", with: "registry")
                + "\(RegistryClient.encode(name))/\(version.version)/"
            let relocator = Relocator(baseURI: current.baseURI, pathsByURI: current.pathsByURI, namespace: namespace)
            let document = try parse(version.schema, what: "\(name) version \(version.version)")
            let rootURI = SchemaCatalog.topLevelID(of: document).flatMap { URIs.resolve($0, against: current.uri(ofPath: subjectPath)) }
                ?? current.uri(ofPath: subjectPath)
            let moved = relocator.relocate(document, originalURI: URIs.withoutFragment(rootURI))
            baseline.versions.append(EarlierVersion(label: "version \(version.version) (id \(version.id))", document: moved.document))
            try await addReferences(of: version, rootURI: rootURI, relocator: relocator, into: &baseline.resources, seen: [])
        }
        return baseline
    }

    private func addReferences(
        of schema: RegisteredSchema, rootURI: String, relocator: Relocator,
        into resources: inout [String: JSONValue], seen: Set<String>
    ) async throws(CheckError) {
        for reference in schema.references {
            let key = "\(reference.subject)@\(reference.version)"
            guard !seen.contains(key) else { continue }
            guard let referenced = try await client.schema(subject: reference.subject, version: String(reference.version)) else {
                throw CheckError("\(schema.subject) version \(schema.version) references \(reference.subject) version \(reference.version), which the registry does not have")
            }
            let uri = URIs.withoutFragment(URIs.resolve(reference.name, against: rootURI) ?? reference.name)
            let document = try parse(referenced.schema, what: "\(reference.subject) version \(reference.version)")
            let moved = relocator.relocate(document, originalURI: uri)
            resources[moved.uri] = moved.document
            try await addReferences(of: referenced, rootURI: uri, relocator: relocator, into: &resources, seen: seen.union([key]))
        }
    }

    private func parse(_ text: String, what: String) throws(CheckError) -> JSONValue {
        do {
            return try JSONParser().parse(text)
        } catch {
            throw CheckError("the registry's \(what) is not JSON: \(error)")
        }
    }
}
