/// How to compile a schema.
public struct SchemaOptions: Sendable {
    /// The draft for schemas without `$schema`.
    public var defaultDraft: Draft = .draft2020_12
    /// Treat `format` as an assertion (it is an annotation by default since draft 2019-09).
    public var assertFormat = false
    /// Documents that `$ref` may reach. Nothing is fetched over the network.
    public var resources = SchemaResources()
    /// The URI the root schema was retrieved from, for resolving relative references.
    public var baseURI = "json-schema:///"
    /// Check the schema against its draft's meta-schema before compiling it.
    public var validateAgainstMetaSchema = true

    public init(defaultDraft: Draft = .draft2020_12, assertFormat: Bool = false, resources: SchemaResources = SchemaResources()) {
        self.defaultDraft = defaultDraft
        self.assertFormat = assertFormat
        self.resources = resources
    }
}
