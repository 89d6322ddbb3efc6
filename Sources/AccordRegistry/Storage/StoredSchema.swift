/// A schema as the store keeps it: immutable once written, identified by its global id.
public struct StoredSchema: Sendable, Hashable {
    /// The global id, shared by every subject version with the same content and references.
    public var id: Int64
    /// The stored (canonical) schema text.
    public var text: String
    /// The references the text's `$ref`s resolve through.
    public var references: [SchemaReference]
    /// Identity of text + references (see ``SchemaFingerprint``); unique per store.
    public var fingerprint: String

    public init(id: Int64, text: String, references: [SchemaReference], fingerprint: String) {
        self.id = id
        self.text = text
        self.references = references
        self.fingerprint = fingerprint
    }
}

/// One version of a subject: which schema it holds and whether it is soft-deleted.
public struct SubjectVersion: Sendable, Hashable {
    public var subject: String
    /// 1-based, contiguous as assigned (hard deletes may leave gaps).
    public var version: Int
    public var schemaID: Int64
    /// Soft-deleted versions stay stored until deleted permanently.
    public var deleted: Bool
    /// Creation time in milliseconds since 1970.
    public var createdAt: Int64

    public init(subject: String, version: Int, schemaID: Int64, deleted: Bool = false, createdAt: Int64 = 0) {
        self.subject = subject
        self.version = version
        self.schemaID = schemaID
        self.deleted = deleted
        self.createdAt = createdAt
    }
}
