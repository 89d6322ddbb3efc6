import AccordCompatibility
import AccordJSON
import AccordSchema

extension SchemaRegistry {
    /// Registers `request` under `subject` in one transaction: validates the schema (meta-schema,
    /// references from the registry), checks compatibility at the subject's effective level and
    /// policy, then assigns the version and the id. A schema the subject already holds (live)
    /// returns its existing version and id.
    public func register(subject: String, _ request: RegistrationRequest) async throws(RegistryError) -> RegisteredSchema {
        try Self.checkSubjectName(subject)
        try Self.checkSchemaType(request.schemaType)
        let defaultLevel = self.defaultLevel
        let prepared = PreparedSchema(request)
        let registered = try await transaction(.write) { tx in
            try await tx.lockSubject(subject)
            let settings = try await tx.settings(subject: subject)
            let config = Self.effectiveConfig(settings, defaultLevel: defaultLevel)
            let normalize = request.normalize || config.normalize == true
            let document: SchemaDocument
            if let prepared {
                document = try prepared.document(normalize: normalize)
            } else {
                let references = try await Self.resolveReferences(request.references, tx)
                document = try SchemaDocument(text: request.schema, references: references, normalize: normalize)
            }
            // Re-registering a schema the subject holds returns it (before the mode check, as Confluent).
            let existingID = try await tx.schemaID(fingerprint: document.fingerprint)
            if let existingID,
               request.id == nil || request.id == existingID,
               let existing = try await tx.versions(schemaID: existingID).last(where: { $0.subject == subject && !$0.deleted }),
               let schema = try await tx.schema(id: existingID) {
                return RegisteredSchema(existing, schema)
            }

            let mode = Self.effectiveMode(settings)
            if mode.isReadOnly { throw RegistryError.operationNotPermitted("Subject \(subject) in context . is in read-only mode") }
            let importing = request.id != nil
            if importing, mode != .import, mode != .forward {
                throw RegistryError.operationNotPermitted("Subject \(subject) in context . is not in import mode")
            }
            if !importing, mode != .readWrite {
                throw RegistryError.operationNotPermitted("Subject \(subject) in context . is not in read-write mode")
            }

            if let prepared {
                try prepared.compiled.get()
            } else {
                let options = try await ReferenceResolver.options(for: [(document.value, document.references)], in: tx)
                try PreparedSchema.compile(document.value, options: options).get()
            }

            let nextVersion = (try await tx.latestVersion(subject: subject, includeDeleted: true)?.version ?? 0) + 1
            var version = nextVersion
            if let requested = request.version {
                if importing {
                    if try await tx.version(subject: subject, version: requested) != nil {
                        throw RegistryError.operationNotPermitted("Version \(requested) of subject \(subject) already exists")
                    }
                    version = requested
                } else if requested != nextVersion {
                    throw RegistryError.invalidSchema("Invalid schema: version \(requested) is not the next version \(nextVersion) of subject \(subject)")
                }
            }

            if !importing {
                let level = config.compatibilityLevel ?? defaultLevel
                let live: [SubjectVersion]
                if level == .none {
                    live = []
                } else if level.isTransitive {
                    live = try await tx.versions(subject: subject).filter { !$0.deleted }
                } else {
                    live = try await tx.latestVersion(subject: subject, includeDeleted: false).map { [$0] } ?? []
                }
                try await Self.checkCompatibility(
                    document: document, subject: subject, against: live,
                    level: config.compatibilityLevel ?? defaultLevel, policy: config.compatibilityPolicy ?? .strict, tx)
            }

            let id: Int64
            if let requestedID = request.id {
                if let taken = try await tx.schema(id: requestedID) {
                    guard taken.fingerprint == document.fingerprint else {
                        throw RegistryError.operationNotPermitted("Overwrite new schema with id \(requestedID) in context . is not permitted.")
                    }
                } else if existingID != nil {
                    throw RegistryError.operationNotPermitted("Schema with id \(requestedID) is registered under another id in context .")
                } else {
                    try await tx.insertSchema(id: requestedID, fingerprint: document.fingerprint, text: document.text, references: document.references)
                }
                id = requestedID
            } else {
                id = try await tx.insertSchema(fingerprint: document.fingerprint, text: document.text, references: document.references)
            }
            let row = SubjectVersion(subject: subject, version: version, schemaID: id, deleted: false, createdAt: Clock.millisecondsNow())
            try await tx.insertVersion(row)
            // The stored text is the first registration's; it differs from this one only when the
            // schema already existed (under another subject, or soft-deleted here).
            if existingID == nil {
                return RegisteredSchema(row, StoredSchema(id: id, text: document.text, references: document.references, fingerprint: document.fingerprint))
            }
            guard let schema = try await tx.schema(id: id) else { throw RegistryError.store("schema \(id) vanished inside its transaction") }
            return RegisteredSchema(row, schema)
        }
        return registered
    }

    /// Finds the version of `subject` holding `request`'s schema.
    public func lookup(subject: String, _ request: RegistrationRequest, deleted: Bool = false) async throws(RegistryError) -> RegisteredSchema {
        try Self.checkSchemaType(request.schemaType)
        let defaultLevel = self.defaultLevel
        return try await transaction(.read) { tx in
            if try await tx.latestVersion(subject: subject, includeDeleted: deleted) == nil { throw RegistryError.subjectNotFound(subject) }
            let config = try await Self.effectiveConfig(subject: subject, tx, defaultLevel: defaultLevel)
            let references = try await Self.resolveReferences(request.references, tx)
            let document = try SchemaDocument(text: request.schema, references: references, normalize: request.normalize || config.normalize == true)
            guard let id = try await tx.schemaID(fingerprint: document.fingerprint),
                  let found = try await tx.versions(schemaID: id).last(where: { $0.subject == subject && (deleted || !$0.deleted) }),
                  let schema = try await tx.schema(id: id)
            else { throw RegistryError.schemaNotFound(id: nil) }
            return RegisteredSchema(found, schema)
        }
    }

    /// Checks `request` against `subject`: one version (`selector`), or, without one, as
    /// registration would (all live versions for transitive levels).
    public func checkCompatibility(subject: String, version selector: VersionSelector?, _ request: RegistrationRequest) async throws(RegistryError) -> CompatibilityVerdict {
        try Self.checkSchemaType(request.schemaType)
        let defaultLevel = self.defaultLevel
        return try await transaction(.read) { tx in
            let all = try await tx.versions(subject: subject)
            let live = all.filter { !$0.deleted }
            var against = live
            if let selector {
                switch selector {
                case .latest:
                    against = live.last.map { [$0] } ?? []
                case .number(let n):
                    guard let found = live.first(where: { $0.version == n }) else { throw RegistryError.versionNotFound(String(n)) }
                    against = [found]
                }
            }
            let config = try await Self.effectiveConfig(subject: subject, tx, defaultLevel: defaultLevel)
            let references = try await Self.resolveReferences(request.references, tx)
            let document = try SchemaDocument(text: request.schema, references: references, normalize: request.normalize || config.normalize == true)
            let options = try await ReferenceResolver.options(for: [(document.value, document.references)], in: tx)
            try PreparedSchema.compile(document.value, options: options).get()
            var level = config.compatibilityLevel ?? defaultLevel
            if selector != nil { level = level.nonTransitive }
            do {
                try await Self.checkCompatibility(
                    document: document, subject: subject, against: against,
                    level: level, policy: config.compatibilityPolicy ?? .strict, tx)
                return CompatibilityVerdict(isCompatible: true, messages: [])
            } catch RegistryError.incompatible(_, let details, _) {
                return CompatibilityVerdict(isCompatible: false, messages: details)
            }
        }
    }

    // MARK: Helpers

    static func checkSchemaType(_ type: String?) throws(RegistryError) {
        guard let type else {
            throw .invalidSchema("Invalid schema of type AVRO: Accord stores JSON Schema only; send \"schemaType\": \"JSON\"")
        }
        switch type {
        case "JSON": return
        case "AVRO", "PROTOBUF":
            throw .invalidSchema("Invalid schema of type \(type): Accord stores JSON Schema only; send \"schemaType\": \"JSON\"")
        default:
            throw .invalidSchema("Invalid schema type \(type)")
        }
    }

    /// References with `-1` (latest) replaced by the concrete version; missing ones are 42201.
    static func resolveReferences(_ references: [SchemaReference], _ tx: any SchemaStoreTransaction) async throws -> [SchemaReference] {
        var resolved: [SchemaReference] = []
        for reference in references {
            var concrete = reference
            if reference.version == -1 {
                guard let latest = try await tx.latestVersion(subject: reference.subject, includeDeleted: false) else {
                    throw RegistryError.invalidSchema("No schema reference found for subject \"\(reference.subject)\" and version \(reference.version)")
                }
                concrete.version = latest.version
            } else if try await tx.version(subject: reference.subject, version: reference.version) == nil {
                throw RegistryError.invalidSchema("No schema reference found for subject \"\(reference.subject)\" and version \(reference.version)")
            }
            resolved.append(concrete)
        }
        return resolved
    }

    /// Checks `document` against `earlier` (oldest first); throws ``RegistryError/incompatible(message:details:witness:)``.
    static func checkCompatibility(
        document: SchemaDocument, subject: String, against earlier: [SubjectVersion],
        level: CompatibilityLevel, policy: CompatibilityPolicy, _ tx: any SchemaStoreTransaction
    ) async throws {
        guard level != .none, !earlier.isEmpty else { return }
        let compared = level.isTransitive ? earlier : [earlier[earlier.count - 1]]
        var values: [JSONValue] = []
        var texts: [String] = []
        var roots: [(value: JSONValue, references: [SchemaReference])] = [(document.value, document.references)]
        for version in compared {
            guard let stored = try await tx.schema(id: version.schemaID) else { throw RegistryError.store("schema \(version.schemaID) is missing") }
            let value = try SchemaDocument.parseStored(stored.text)
            values.append(value)
            texts.append(stored.text)
            roots.append((value, stored.references))
        }
        let combined = try await ReferenceResolver.options(for: roots, in: tx)
        let report: CompatibilityReport
        do {
            report = try CompatibilityChecker(options: combined).check(new: document.value, against: values, level: level, policy: policy)
        } catch {
            throw RegistryError.invalidSchema("Invalid schema of type JSON, details: \(error)")
        }
        guard !report.isCompatible else { return }
        let broken = report.brokenIndex ?? (compared.count - 1)
        var details: [String] = []
        let breaking = report.breakingChanges.isEmpty ? report.changes : report.breakingChanges
        for change in breaking {
            details.append("{errorType:\"\(change.kind)\", description:\"\(change.message)\"}")
        }
        if breaking.isEmpty {
            details.append("{errorType:\"UNPROVEN\", description:\"Accord could not prove the new schema \(level.rawValue) compatible with the old schema\"}")
        }
        if let witness = report.witness {
            details.append("{witness: '\(JSONWriter.compact(witness.instance))', validUnder: '\(witness.validUnder.rawValue)'}")
        }
        details.append("{oldSchemaVersion: \(compared[broken].version)}")
        details.append("{oldSchema: '\(String(texts[broken].utf8.prefix(10_240)) ?? texts[broken])'}")
        details.append("{validateFields: 'false', compatibility: '\(level.rawValue)', compatibilityPolicy: '\(policy.rawValue)'}")
        let message = "Schema being registered is incompatible with an earlier schema for subject \"\(subject)\", details: [\(details.joined(separator: ", "))]"
        throw RegistryError.incompatible(message: message, details: details, witness: report.witness)
    }
}

extension CompatibilityLevel {
    /// The level without `_TRANSITIVE`.
    var nonTransitive: CompatibilityLevel {
        switch self {
        case .backwardTransitive: .backward
        case .forwardTransitive: .forward
        case .fullTransitive: .full
        default: self
        }
    }
}
