/// A reference from one registered schema to a version of another subject.
///
/// `name` is the URI the referenced schema is published under for `$ref`
/// (for example `address.json`), as in Confluent Schema Registry.
public struct SchemaReference: Sendable, Hashable, Codable {
    /// The `$ref` URI the referenced schema resolves under.
    public var name: String
    /// The referenced subject.
    public var subject: String
    /// The referenced version (always concrete once stored; `-1` is resolved on registration).
    public var version: Int

    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }
}
