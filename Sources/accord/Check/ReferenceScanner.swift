import AccordJSON
import Foundation

/// Finds the documents a schema references: every `$ref` (and `$dynamicRef`) string, resolved
/// against the base URI in effect where it appears (following nested `$id`s), without fragment.
enum ReferenceScanner {
    /// Keywords whose values are instances, not schemas: a `"$ref"` member inside is data.
    private static let dataKeywords: Set<String> = ["enum", "const", "examples", "default"]

    static func referencedURIs(in schema: JSONValue, baseURI: String) -> Set<String> {
        var found: Set<String> = []
        let draft4 = schema.objectValue.map(isDraft4) ?? false
        var stack: [(JSONValue, String)] = [(schema, baseURI)]
        while let (value, base) = stack.popLast() {
            switch value {
            case .object(let object):
                var base = base
                let idKey = draft4 ? "id" : "$id"
                if case .string(let id)? = object[idKey], let resolved = URIs.resolve(id, against: base) {
                    base = URIs.withoutFragment(resolved)
                }
                for key in ["$ref", "$dynamicRef"] {
                    if case .string(let reference)? = object[key], let resolved = URIs.resolve(reference, against: base) {
                        let target = URIs.withoutFragment(resolved)
                        if target != base { found.insert(target) }
                    }
                }
                for (key, member) in object where !dataKeywords.contains(key) {
                    stack.append((member, base))
                }
            case .array(let items):
                for item in items { stack.append((item, base)) }
            default:
                break
            }
        }
        return found
    }

    static func isDraft4(_ object: JSONObject) -> Bool {
        guard case .string(let dialect)? = object["$schema"] else { return false }
        return dialect.contains("draft-04") || dialect.contains("draft-03")
    }
}

/// URI helpers (RFC 3986 resolution through Foundation; URIs are only names, never fetched).
enum URIs {
    static func resolve(_ reference: String, against base: String) -> String? {
        if reference.hasPrefix("#") { return withoutFragment(base) + reference }
        guard let baseURL = URL(string: base), let url = URL(string: reference, relativeTo: baseURL) else { return nil }
        return url.absoluteString
    }

    static func withoutFragment(_ uri: String) -> String {
        guard let hash = uri.firstIndex(of: "#") else { return uri }
        return String(uri[..<hash])
    }
}
