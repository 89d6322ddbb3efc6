import AccordJSON
import AccordSchema

/// Exact membership tests (`is this value valid under that schema position?`) done by AccordSchema.
///
/// A position inside a document is compiled as the wrapper `{"$ref": "<document>#<pointer>"}` so its
/// references keep resolving against its own document. Formats are asserted: the checker treats
/// `format` as a constraint, the safe reading for producers that validate formats.
final class NodeValidators {
    private var cache: [String: JSONSchema?] = [:]
    private let options: SchemaOptions
    let graph: SchemaGraph

    init(graph: SchemaGraph, options: SchemaOptions) {
        self.graph = graph
        var options = options
        options.assertFormat = true
        options.validateAgainstMetaSchema = false
        self.options = options
    }

    /// The whole document compiled once per check; positions inside it are read from its nodes.
    private var whole: JSONSchema?

    /// Uses an already compiled schema for `node` (the root, compiled once per check, with the same
    /// options); the subschemas it compiled serve every other position of its documents.
    func seed(_ node: Node, with schema: JSONSchema) {
        cache[node.id] = schema
        whole = schema
    }

    /// The compiled schema for `node`, or nil when it cannot be compiled.
    func schema(for node: Node) -> JSONSchema? {
        if let cached = cache[node.id] { return cached }
        if !node.isSynthetic, let view = whole?.subschema(document: node.document, pointer: node.pointerText) {
            cache[node.id] = view
            return view
        }
        var opts = options
        let compiled: JSONSchema?
        if node.isSynthetic || !SubschemaProver.containsReference(node.value, depth: 0) {
            // A reference-free subschema means the same compiled on its own: far cheaper than the whole document.
            opts.defaultDraft = node.draft
            compiled = try? JSONSchema(compiling: node.value, options: opts)
        } else {
            for (uri, doc) in graph.loadedDocuments { opts.resources.add(doc, uri: uri) }
            opts.baseURI = "urn:accord:wrapper"
            opts.defaultDraft = node.draft
            let wrapper = JSONValue.object(JSONObject([("$ref", .string(graph.absoluteReference(to: node)))]))
            compiled = try? JSONSchema(compiling: wrapper, options: opts)
        }
        cache[node.id] = compiled
        return compiled
    }

    /// Whether `value` is valid under `node`; nil when that cannot be decided.
    func accepts(_ node: Node, _ value: JSONValue) -> Bool? {
        if case .bool(let b) = node.value { return b }
        return schema(for: node)?.isValid(value)
    }
}
