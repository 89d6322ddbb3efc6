import AccordJSON

/// A compiled node's position: its document's index and the JSON Pointer inside it.
struct NodeKey: Hashable {
    let document: Int
    let pointer: String
}

/// Compiles schema documents into a graph of ``SchemaNode``s.
///
/// Two steps per document: index it (find every `$id`, `$anchor` and `$dynamicAnchor`), then compile
/// nodes on demand from the root, following `$ref`s through the index. Nodes are cached by
/// document and pointer, so a node is compiled once and recursive references become graph edges.
final class SchemaCompiler {
    var index = SchemaIndex()
    let options: SchemaOptions
    /// Compiled nodes by document index and JSON Pointer.
    private(set) var nodes: [NodeKey: SchemaNode] = [:]
    /// The URI each document was added under, by document index.
    private(set) var documentURIs: [String] = []
    private var loadedURIs: Set<String> = []
    /// Whether any reference (`$ref`, `$dynamicRef`, `$recursiveRef`) was resolved. Without one the
    /// compiled graph is a tree below its root: no reference cycle, nothing dynamic to bind.
    private(set) var resolvedReferences = false
    /// The resource root node found last, by base URI: most nodes share their parent's resource.
    private var lastResourceRoot: (base: String, node: SchemaNode)?

    init(options: SchemaOptions) {
        self.options = options
        nodes.reserveCapacity(16)
    }

    // MARK: Documents and indexing

    /// Adds a document retrieved from `uri` and indexes it. Returns its root location.
    @discardableResult
    func addDocument(_ value: JSONValue, uri: String, dialect: Dialect) throws(SchemaError) -> SchemaLocation {
        let document = index.documents.count
        index.documents.append(value)
        let base = URIs.withoutFragment(uri)
        documentURIs.append(base)
        loadedURIs.insert(base)
        let root = SchemaLocation(document: document, pointer: "", value: value, base: base, relativeFragment: "",
                                  dialect: dialect, isDocumentRoot: true)
        if index.resources[base] == nil { index.resources[base] = root }
        try indexSchema(root, recursing: Self.declaresIdentifiersBelowRoot(value))
        return root
    }

    /// Whether any object below the root has a member named like an identifier keyword (`$id`,
    /// `id`, `$anchor`, `$dynamicAnchor`). Without one, indexing below the root finds nothing
    /// (only those keywords make resources and anchors), and this scan is far cheaper than the
    /// walk that builds every subschema's location. A property *named* `id` only costs the walk.
    private static func declaresIdentifiersBelowRoot(_ value: JSONValue) -> Bool {
        func scan(_ value: JSONValue) -> Bool {
            switch value {
            case .object(let object):
                for (key, member) in object {
                    switch key.utf8.count {
                    case 2, 3, 7, 14:
                        if key == "id" || key == "$id" || key == "$anchor" || key == "$dynamicAnchor" { return true }
                    default: break
                    }
                    if scan(member) { return true }
                }
                return false
            case .array(let items):
                return items.contains(where: scan)
            default:
                return false
            }
        }
        switch value {
        case .object(let object): return object.contains { scan($0.value) }
        default: return false
        }
    }

    /// The dialect and base that apply inside `location`'s own value.
    struct Entered {
        var base: String
        var relativeFragment: String
        var dialect: Dialect
        var isResourceRoot: Bool
        var object: JSONObject?
        /// The keywords `object` has (empty when the schema is not an object).
        var keywords = KeywordSet()
    }

    func enter(_ location: SchemaLocation) throws(SchemaError) -> Entered {
        guard case .object(let object) = location.value else {
            return Entered(base: location.base, relativeFragment: location.relativeFragment, dialect: location.dialect,
                           isResourceRoot: location.isDocumentRoot, object: nil)
        }
        var dialect = location.dialect
        var base = location.base
        var relative = location.relativeFragment
        var isResourceRoot = location.isDocumentRoot
        let keywords = KeywordSet(presentIn: object)
        // $schema applies at resource roots; read it before $id so the right id keyword is used.
        if keywords.contains(.schema), let schemaURI = object["$schema"]?.stringValue,
           location.isDocumentRoot || keywords.contains(.id) || keywords.contains(.legacyID) {
            dialect = try self.dialect(forMetaSchema: schemaURI, at: location)
        }
        let idKeyword = dialect.draft.idKeyword
        let declaredID = keywords.contains(idKeyword) ? object[idKeyword.name]?.stringValue : nil
        let refHidesSiblings = dialect.draft.refOverridesSiblings && keywords.contains(.ref)
        if let id = declaredID, !refHidesSiblings, !(dialect.draft <= .draft7 && id.hasPrefix("#")) {
            base = URIs.withoutFragment(URIs.resolve(id, against: base))
            relative = ""
            isResourceRoot = true
        }
        return Entered(base: base, relativeFragment: relative, dialect: dialect, isResourceRoot: isResourceRoot, object: object,
                       keywords: keywords)
    }

    /// The dialect a `$schema` URI names: a known draft, or a custom meta-schema's draft and `$vocabulary`.
    func dialect(forMetaSchema uri: String, at location: SchemaLocation) throws(SchemaError) -> Dialect {
        if let draft = Draft(metaSchemaURI: uri) { return Dialect(draft: draft) }
        let metaURI = URIs.withoutFragment(uri)
        guard let meta = try loadDocument(metaURI, dialect: location.dialect) else {
            throw SchemaError(kind: .unresolvableReference(uri), location: pointerLocation(location),
                              message: "$schema names \(uri), which is not a known draft nor a document in the resource registry")
        }
        var draft = location.dialect.draft
        if let metaSchema = meta.value["$schema"]?.stringValue, metaSchema != uri {
            draft = try dialect(forMetaSchema: metaSchema, at: meta).draft
        }
        guard draft >= .draft2019_09, let vocabulary = meta.value["$vocabulary"]?.objectValue else {
            return Dialect(draft: draft)
        }
        var vocabularies: Vocabularies = []
        for (name, required) in vocabulary {
            if let known = Vocabularies.named(name) {
                vocabularies.insert(known)
            } else if required == .bool(true) {
                throw SchemaError(kind: .unsupportedVocabulary(name), location: pointerLocation(location),
                                  message: "the meta-schema \(uri) requires vocabulary \(name), which Accord does not implement")
            }
        }
        return Dialect(draft: draft, vocabularies: vocabularies)
    }

    /// Records `location`'s resource and anchors, and with `recursing`, those of its subschemas.
    private func indexSchema(_ location: SchemaLocation, recursing: Bool = true) throws(SchemaError) {
        let entered = try enter(location)
        guard let object = entered.object else { return }
        let draft = entered.dialect.draft
        if entered.isResourceRoot {
            var outside = location
            outside.isDocumentRoot = location.isDocumentRoot
            if index.resources[entered.base] == nil { index.resources[entered.base] = outside }
        }
        let keywords = entered.keywords
        if draft.refOverridesSiblings && keywords.contains(.ref) { return }
        func addAnchor(_ name: String, dynamic: Bool) {
            let key = entered.base + "#" + name
            if index.anchors[key] == nil || dynamic { index.anchors[key] = (location, dynamic) }
            if dynamic { index.dynamicAnchorsByResource[entered.base, default: [:]][name] = location }
        }
        if draft <= .draft7, keywords.contains(draft.idKeyword), let id = object[draft.idKeyword.name]?.stringValue {
            let (_, fragment) = URIs.split(URIs.resolve(id, against: location.base))
            if let fragment, !fragment.isEmpty, !fragment.hasPrefix("/") { addAnchor(fragment, dynamic: false) }
        }
        if draft >= .draft2019_09, keywords.contains(.anchor), let anchor = object["$anchor"]?.stringValue {
            addAnchor(anchor, dynamic: false)
        }
        if draft >= .draft2020_12, keywords.contains(.dynamicAnchor), let anchor = object["$dynamicAnchor"]?.stringValue {
            addAnchor(anchor, dynamic: true)
        }

        guard recursing else { return }
        let inside = SchemaLocation(document: location.document, pointer: location.pointer, value: location.value,
                                    base: entered.base, relativeFragment: entered.relativeFragment, dialect: entered.dialect,
                                    isDocumentRoot: false)
        for (keyword, value) in object {
            switch value {
            case .object where SubschemaKeywords.single.contains(keyword), .bool where SubschemaKeywords.single.contains(keyword):
                try indexSchema(inside.child([keyword], value))
            case .array(let items) where SubschemaKeywords.arrays.contains(keyword):
                for (i, item) in items.enumerated() { try indexSchema(inside.child([keyword, String(i)], item)) }
            case .object(let members) where SubschemaKeywords.maps.contains(keyword):
                for (name, member) in members {
                    if case .array = member { continue }
                    try indexSchema(inside.child([keyword, name], member))
                }
            default:
                break
            }
        }
    }

    /// Loads an external document (caller resources, then bundled meta-schemas) once and indexes it.
    func loadDocument(_ uri: String, dialect: Dialect) throws(SchemaError) -> SchemaLocation? {
        if let known = index.resources[uri] { return known }
        if loadedURIs.contains(uri) { return nil }
        loadedURIs.insert(uri)
        var document = try options.resources.document(for: uri)
        if document == nil, let text = BundledMetaSchemas.documents[uri] {
            document = try? JSONParser().parse(text)
        }
        guard let document else { return nil }
        return try addDocument(document, uri: uri, dialect: dialect)
    }

    // MARK: References

    /// The location a reference designates, resolved against `base`.
    func resolve(_ reference: String, base: String, dialect: Dialect, from location: SchemaLocation) throws(SchemaError) -> (SchemaLocation, isDynamicAnchor: Bool) {
        resolvedReferences = true
        let absolute = URIs.resolve(reference, against: base)
        let (uri, fragment) = URIs.split(absolute)
        var resource = index.resources[uri]
        if resource == nil { resource = try loadDocument(uri, dialect: dialect) }
        guard let resource else {
            throw SchemaError(kind: .unresolvableReference(absolute), location: pointerLocation(location),
                              message: "cannot resolve $ref \"\(reference)\" (\(absolute)): no such document in the resource registry; remote references are never fetched — add it with --resource or --resource-dir")
        }
        guard let fragment, !fragment.isEmpty else { return (resource, false) }
        if fragment.hasPrefix("/") || fragment.hasPrefix("%2F") || fragment.hasPrefix("%2f") {
            guard let pointer = try? JSONPointer(uriFragment: fragment) else {
                throw SchemaError(kind: .unresolvableReference(absolute), location: pointerLocation(location),
                                  message: "cannot resolve $ref \"\(reference)\": \"#\(fragment)\" is not a valid JSON Pointer")
            }
            return (try walk(from: resource, tokens: pointer.tokens, reference: absolute, referrer: location), false)
        }
        let key = uri + "#" + (PercentDecoding.decode(fragment) ?? fragment)
        guard let anchor = index.anchors[key] else {
            throw SchemaError(kind: .unresolvableReference(absolute), location: pointerLocation(location),
                              message: "cannot resolve $ref \"\(reference)\": no anchor \"\(fragment)\" in \(uri)")
        }
        return (anchor.location, anchor.dynamic)
    }

    /// Follows a JSON Pointer from a resource root, tracking base URI and dialect along the way.
    private func walk(from resource: SchemaLocation, tokens: [String], reference: String, referrer: SchemaLocation) throws(SchemaError) -> SchemaLocation {
        var current = resource
        for token in tokens {
            let entered = try enter(current)
            let next: JSONValue?
            switch current.value {
            case .object(let o): next = o[token]
            case .array(let a): next = JSONPointer.arrayIndex(token).flatMap { $0 < a.count ? a[$0] : nil }
            default: next = nil
            }
            guard let next else {
                throw SchemaError(kind: .unresolvableReference(reference), location: pointerLocation(referrer),
                                  message: "cannot resolve $ref \(reference): nothing at that JSON Pointer")
            }
            current = SchemaLocation(document: current.document, pointer: current.pointer, value: current.value,
                                     base: entered.base, relativeFragment: entered.relativeFragment,
                                     dialect: entered.dialect, isDocumentRoot: false).child([token], next)
        }
        return current
    }

    func pointerLocation(_ location: SchemaLocation) -> String {
        location.absoluteURI
    }

    // MARK: Nodes

    func node(_ location: SchemaLocation) throws(SchemaError) -> SchemaNode {
        let key = NodeKey(document: location.document, pointer: location.pointer)
        if let existing = nodes[key] { return existing }
        let entered = try enter(location)
        let node = SchemaNode(base: entered.base, fragment: entered.relativeFragment, draft: entered.dialect.draft)
        nodes[key] = node
        if entered.isResourceRoot {
            node.resourceRoot = node
        } else if let last = lastResourceRoot, last.base == entered.base {
            node.resourceRoot = last.node
        } else if let resource = index.resources[entered.base] {
            let root = try self.node(resource)
            node.resourceRoot = root
            lastResourceRoot = (entered.base, root)
        }
        switch location.value {
        case .bool(let b):
            node.boolean = b
        case .object:
            let inside = SchemaLocation(document: location.document, pointer: location.pointer, value: location.value,
                                        base: entered.base, relativeFragment: entered.relativeFragment,
                                        dialect: entered.dialect, isDocumentRoot: false)
            try KeywordCompiler(compiler: self, node: node, location: inside, entered: entered).compile()
        default:
            throw SchemaError(kind: .invalidKeyword, location: pointerLocation(location),
                              message: "a schema must be an object or a boolean, not \(location.value.typeName)")
        }
        return node
    }
}
