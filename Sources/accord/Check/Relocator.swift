import AccordJSON

/// Moves earlier versions of documents into a namespace of their own, so that a new schema's
/// `$ref`s reach the new documents while an old schema's reach the old ones (both are compiled
/// with one set of resources).
///
/// Every absolute URI naming a document of the catalog (`baseURI + path` or a top-level `$id`)
/// becomes `namespace + path`; other URIs under `baseURI` keep their relative part. Relative
/// references need no rewriting: they resolve against the relocated `$id`.
struct Relocator: Sendable {
    var baseURI: String
    var pathsByURI: [String: String]
    var namespace: String

    /// The relocated form of an absolute URI (no fragment), or nil when it is foreign.
    func map(_ uri: String) -> String? {
        if let path = pathsByURI[uri] { return namespace + path }
        if uri.hasPrefix(baseURI) { return namespace + uri.dropFirst(baseURI.count) }
        return nil
    }

    /// `document`, known by `originalURI`, with its root `$id` set to the relocated URI and its
    /// absolute references rewritten.
    func relocate(_ document: JSONValue, originalURI: String) -> (uri: String, document: JSONValue) {
        let target = map(originalURI) ?? namespace + "external/" + String(originalURI.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        guard case .object(var root) = document else { return (target, document) }
        let draft4 = ReferenceScanner.isDraft4(root)
        root = rewrite(root, isRoot: true, draft4: draft4)
        root[draft4 ? "id" : "$id"] = .string(target)
        return (target, .object(root))
    }

    private static let dataKeywords: Set<String> = ["enum", "const", "examples", "default"]

    private func rewrite(_ object: JSONObject, isRoot: Bool, draft4: Bool) -> JSONObject {
        var copy = object
        for (key, value) in object {
            switch (key, value) {
            case ("$ref", .string(let reference)), ("$dynamicRef", .string(let reference)):
                copy[key] = .string(rewriteAbsolute(reference))
            case ("$id", .string(let id)) where !isRoot && !draft4, ("id", .string(let id)) where !isRoot && draft4:
                copy[key] = .string(rewriteAbsolute(id))
            case (_, .object(let member)) where !Self.dataKeywords.contains(key):
                copy[key] = .object(rewrite(member, isRoot: false, draft4: draft4))
            case (_, .array(let items)) where !Self.dataKeywords.contains(key):
                copy[key] = .array(items.map { item in
                    if case .object(let member) = item { return .object(rewrite(member, isRoot: false, draft4: draft4)) }
                    return item
                })
            default:
                break
            }
        }
        return copy
    }

    private func rewriteAbsolute(_ reference: String) -> String {
        guard !reference.hasPrefix("#"), reference.contains(":") else { return reference }
        let fragmentStart = reference.firstIndex(of: "#") ?? reference.endIndex
        let uri = String(reference[..<fragmentStart])
        guard let mapped = map(uri) else { return reference }
        return mapped + reference[fragmentStart...]
    }
}
