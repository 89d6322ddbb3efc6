/// What a client sends to register, look up or check a schema.
public struct RegistrationRequest: Sendable {
    /// The schema text.
    public var schema: String
    /// `JSON` is the only type Accord stores; `nil` means AVRO, as in Confluent.
    public var schemaType: String?
    public var references: [SchemaReference]
    /// An explicit version (must be the next one outside IMPORT mode).
    public var version: Int?
    /// An explicit id (IMPORT mode only).
    public var id: Int64?
    /// Sort keys and references before storing and comparing (`?normalize=true`).
    public var normalize: Bool

    public init(schema: String, schemaType: String? = "JSON", references: [SchemaReference] = [], version: Int? = nil, id: Int64? = nil, normalize: Bool = false) {
        self.schema = schema
        self.schemaType = schemaType
        self.references = references
        self.version = version
        self.id = id
        self.normalize = normalize
    }
}

/// A subject version with its schema, as the version endpoints return it.
public struct RegisteredSchema: Sendable, Hashable {
    public var subject: String
    public var version: Int
    public var id: Int64
    public var schema: String
    public var references: [SchemaReference]
    public var deleted: Bool
    public var createdAt: Int64
    public var fingerprint: String

    public init(subject: String, version: Int, id: Int64, schema: String, references: [SchemaReference], deleted: Bool, createdAt: Int64, fingerprint: String) {
        self.subject = subject
        self.version = version
        self.id = id
        self.schema = schema
        self.references = references
        self.deleted = deleted
        self.createdAt = createdAt
        self.fingerprint = fingerprint
    }

    init(_ version: SubjectVersion, _ schema: StoredSchema) {
        self.init(
            subject: version.subject, version: version.version, id: schema.id, schema: schema.text,
            references: schema.references, deleted: version.deleted, createdAt: version.createdAt,
            fingerprint: schema.fingerprint)
    }
}

/// The answer of a compatibility check.
public struct CompatibilityVerdict: Sendable {
    public var isCompatible: Bool
    /// Confluent-style detail items (the verbose `messages`).
    public var messages: [String]

    public init(isCompatible: Bool, messages: [String]) {
        self.isCompatible = isCompatible
        self.messages = messages
    }
}
