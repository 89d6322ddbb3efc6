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

    /// The compiled schema for `node`, or nil when it cannot be compiled.
    func schema(for node: Node) -> JSONSchema? {
        if let cached = cache[node.id] { return cached }
        var opts = options
        let compiled: JSONSchema?
        if node.isSynthetic {
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
