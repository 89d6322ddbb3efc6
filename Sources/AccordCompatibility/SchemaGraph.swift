import AccordJSON
import AccordSchema

/// A schema position inside one side's documents, with the base URI and draft that apply to it.
struct Node: Hashable, Sendable {
    /// `document#/pointer`, unique per side; used as identity (hashing the value would be costly).
    let id: String
    let document: String
    let pointer: [String]
    /// The base URI inherited from the enclosing resource (before this node's own `$id`).
    let inheritedBase: String
    let draft: Draft
    let value: JSONValue

    static func == (a: Node, b: Node) -> Bool { a.id == b.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }

    var object: JSONObject? { value.objectValue }
    subscript(key: String) -> JSONValue? { value[key] }

    /// The JSON Pointer of this node inside its document (RFC 6901, no leading `#`).
    var pointerText: String { JSONPointer(tokens: pointer).description }

    /// A synthetic node (not in any document), e.g. `{"type": "integer"}` for a type restriction.
    static func synthetic(_ value: JSONValue, draft: Draft = .draft2020_12) -> Node {
        Node(id: "synthetic:" + JSONWriter.canonical(value), document: "synthetic:", pointer: [],
             inheritedBase: "synthetic:", draft: draft, value: value)
    }

    static let trueNode = Node.synthetic(.bool(true))
    static let falseNode = Node.synthetic(.bool(false))

    var isSynthetic: Bool { document == "synthetic:" }
}

/// The documents reachable from one side's root schema, indexed for `$ref` resolution.
///
/// Resolution mirrors AccordSchema's: `$id` (or draft-4 `id`) changes the base URI, `$anchor` and
/// fragment ids name positions, and other documents come from ``SchemaResources`` (never the network).
final class SchemaGraph {
    private struct Place {
        var document: String
        var pointer: [String]
        var base: String
        var draft: Draft
    }

    private var documents: [String: JSONValue] = [:]
    private var documentDrafts: [String: Draft] = [:]
    private var resources: [String: Place] = [:]
    private var anchors: [String: Place] = [:]
    private var bases: [String: (base: String, draft: Draft)] = [:]
    private let external: SchemaResources
    private let defaultDraft: Draft
    private(set) var root: Node

    init(root value: JSONValue, uri: String, options: SchemaOptions) throws(SchemaError) {
        external = options.resources
        defaultDraft = options.defaultDraft
        let base = URIs.withoutFragment(uri)
        let draft = Self.draft(of: value, default: options.defaultDraft)
        // Placeholder until the document is loaded (and rewritten); `load` needs `self` whole.
        root = Node(id: base + "#", document: base, pointer: [], inheritedBase: base, draft: draft, value: value)
        load(value, uri: base)
        root = Node(id: base + "#", document: base, pointer: [], inheritedBase: base, draft: draft, value: documents[base] ?? value)
    }

    private static func draft(of value: JSONValue, default fallback: Draft) -> Draft {
        if let uri = value["$schema"]?.stringValue, let d = Draft(metaSchemaURI: uri) { return d }
        return fallback
    }

    private func load(_ original: JSONValue, uri: String) {
        let draft = Self.draft(of: original, default: defaultDraft)
        // `unevaluated*` become the keywords the reasoning models wherever the meaning allows.
        let value = UnevaluatedRewrite.isNeeded(original) ? UnevaluatedRewrite.apply(original, draft: draft) : original
        documents[uri] = value
        documentDrafts[uri] = draft
        if resources[uri] == nil { resources[uri] = Place(document: uri, pointer: [], base: uri, draft: draft) }
        index(value, document: uri, pointer: [], base: uri, draft: draft, depth: 0)
    }

    /// Keywords whose values are data, not schemas: never scanned for `$id` or anchors.
    static let dataKeywords: Set<String> = ["enum", "const", "examples", "default", "required",
                                            "dependentRequired", "$comment", "title", "description"]
    /// Keywords whose values map names to subschemas (the names are not keywords).
    static let schemaMaps: Set<String> = ["properties", "patternProperties", "$defs", "definitions",
                                          "dependentSchemas", "dependencies"]

    private func index(_ value: JSONValue, document: String, pointer: [String], base inherited: String, draft inheritedDraft: Draft, depth: Int) {
        guard depth < 200 else { return }
        switch value {
        case .object(let object):
            var draft = inheritedDraft
            if let s = object["$schema"]?.stringValue, let d = Draft(metaSchemaURI: s) { draft = d }
            let key = document + "#" + JSONPointer(tokens: pointer).description
            bases[key] = (inherited, draft)
            var base = inherited
            let idKeyword = draft == .draft4 ? "id" : "$id"
            let refHides = draft <= .draft7 && object["$ref"] != nil
            if let id = object[idKeyword]?.stringValue, !refHides {
                let resolved = URIs.resolve(id, against: inherited)
                let (noFragment, fragment) = URIs.split(resolved)
                if !(draft <= .draft7 && id.hasPrefix("#")) {
                    base = noFragment
                    if resources[base] == nil { resources[base] = Place(document: document, pointer: pointer, base: inherited, draft: draft) }
                }
                if let fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                    anchors[noFragment + "#" + fragment] = Place(document: document, pointer: pointer, base: inherited, draft: draft)
                }
            }
            for anchorKey in ["$anchor", "$dynamicAnchor"] {
                if let anchor = object[anchorKey]?.stringValue, draft >= .draft2019_09 {
                    anchors[base + "#" + anchor] = Place(document: document, pointer: pointer, base: inherited, draft: draft)
                }
            }
            for (k, v) in object where !Self.dataKeywords.contains(k) {
                if Self.schemaMaps.contains(k) {
                    if case .object(let members) = v {
                        for (name, sub) in members {
                            index(sub, document: document, pointer: pointer + [k, name], base: base, draft: draft, depth: depth + 1)
                        }
                    }
                } else {
                    index(v, document: document, pointer: pointer + [k], base: base, draft: draft, depth: depth + 1)
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                index(item, document: document, pointer: pointer + [String(i)], base: inherited, draft: inheritedDraft, depth: depth + 1)
            }
        default:
            break
        }
    }

    /// The node at `pointer` in `document`.
    func node(document: String, pointer: [String]) -> Node? {
        guard let doc = documents[document], let value = JSONPointer(tokens: pointer).resolve(in: doc) else { return nil }
        let key = document + "#" + JSONPointer(tokens: pointer).description
        let (base, draft) = bases[key] ?? (document, documentDrafts[document] ?? defaultDraft)
        return Node(id: key, document: document, pointer: pointer, inheritedBase: base, draft: draft, value: value)
    }

    /// The child schema of `node` at `path` (e.g. `["properties", "a"]`).
    func child(_ node: Node, _ path: String...) -> Node? { child(node, path) }

    func child(_ node: Node, _ path: [String]) -> Node? {
        if node.isSynthetic {
            guard let value = JSONPointer(tokens: path).resolve(in: node.value) else { return nil }
            return Node.synthetic(value, draft: node.draft)
        }
        return self.node(document: node.document, pointer: node.pointer + path)
    }

    /// The base URI that applies inside `node` (its own `$id` included).
    func effectiveBase(of node: Node) -> String {
        guard let object = node.object else { return node.inheritedBase }
        let idKeyword = node.draft == .draft4 ? "id" : "$id"
        if let id = object[idKeyword]?.stringValue, !(node.draft <= .draft7 && (id.hasPrefix("#") || object["$ref"] != nil)) {
            return URIs.withoutFragment(URIs.resolve(id, against: node.inheritedBase))
        }
        return node.inheritedBase
    }

    /// The target of a `$ref` written in `node`.
    func resolve(_ reference: String, from node: Node) throws(SchemaError) -> Node {
        let absolute = URIs.resolve(reference, against: effectiveBase(of: node))
        let (uri, rawFragment) = URIs.split(absolute)
        let fragment = rawFragment ?? ""
        var place = resources[uri]
        if place == nil, documents[uri] == nil, let doc = try external.document(for: uri) {
            load(doc, uri: uri)
            place = resources[uri]
        }
        guard let start = place else {
            throw SchemaError(kind: .unresolvableReference(absolute), location: node.id, message: "cannot resolve $ref \"\(reference)\"")
        }
        if fragment.isEmpty || fragment.hasPrefix("/") || fragment.hasPrefix("%2F") {
            let pointer: JSONPointer
            do { pointer = try JSONPointer(uriFragment: "#" + fragment) } catch {
                throw SchemaError(kind: .unresolvableReference(absolute), location: node.id, message: "bad JSON Pointer in $ref \"\(reference)\"")
            }
            if let target = self.node(document: start.document, pointer: start.pointer + pointer.tokens) { return target }
        } else if let anchored = anchors[uri + "#" + fragment], let target = self.node(document: anchored.document, pointer: anchored.pointer) {
            return target
        }
        throw SchemaError(kind: .unresolvableReference(absolute), location: node.id, message: "cannot resolve $ref \"\(reference)\"")
    }

    /// The absolute location of `node` usable as a `$ref` target from a wrapper schema.
    func absoluteReference(to node: Node) -> String {
        node.document + JSONPointer(tokens: node.pointer).uriFragment
    }

    /// Every document loaded so far (the root first), for compiling wrapper validators.
    var loadedDocuments: [(uri: String, value: JSONValue)] { documents.map { ($0.key, $0.value) } }
}
