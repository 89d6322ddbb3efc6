import AccordJSON

/// Where a (sub)schema sits: its document and pointer, and the context *around* it (the base URI
/// and dialect in force before its own `$id` and `$schema` apply).
struct SchemaLocation {
    var document: Int
    /// JSON Pointer text from the document root (kept as text: the compiler keys nodes by it).
    var pointer: String
    var value: JSONValue
    /// Base URI of the enclosing resource.
    var base: String
    /// Pointer from the enclosing resource's root to this value, percent-encoded for a URI fragment.
    var relativeFragment: String
    var dialect: Dialect
    var isDocumentRoot: Bool

    /// `base#fragment`: the location's absolute URI.
    var absoluteURI: String { base + "#" + relativeFragment }

    /// The location of `value`, reached from here through `tokens` (keys and indexes, unescaped).
    func child(_ tokens: [String], _ value: JSONValue) -> SchemaLocation {
        var location = self
        location.value = value
        location.isDocumentRoot = false
        // Escaping and encoding return the token itself when nothing needs it (nearly always).
        let escaped = tokens.map(JSONPointer.escape)
        location.pointer = Self.extend(pointer, with: escaped)
        location.relativeFragment = Self.extend(relativeFragment, with: escaped.map(PercentDecoding.encodeFragment))
        return location
    }

    /// `prefix` followed by `/token` for each token, written in one allocation (appending piece
    /// by piece cost a third of compiling a small schema's subschema).
    private static func extend(_ prefix: String, with tokens: [String]) -> String {
        var length = prefix.utf8.count
        for token in tokens { length += 1 + token.utf8.count }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var end = 0
            func copy(_ text: String) {
                var text = text
                text.withUTF8 { bytes in
                    for byte in bytes {
                        buffer[end] = byte
                        end += 1
                    }
                }
            }
            copy(prefix)
            for token in tokens {
                buffer[end] = UInt8(ascii: "/")
                end += 1
                copy(token)
            }
            return end
        }
    }
}

/// Identifiers found in the documents: resources (`$id`) and anchors, by absolute URI.
struct SchemaIndex {
    var documents: [JSONValue] = []
    var resources: [String: SchemaLocation] = [:]
    /// Plain-name anchors by `URI#name`, with whether they were declared by `$dynamicAnchor`.
    var anchors: [String: (location: SchemaLocation, dynamic: Bool)] = [:]
    /// `$dynamicAnchor` names declared in each resource (by resource base URI).
    var dynamicAnchorsByResource: [String: [String: SchemaLocation]] = [:]
}

/// Keywords whose values are subschemas, by shape.
enum SubschemaKeywords {
    static let single: Set<String> = [
        "additionalItems", "additionalProperties", "contains", "not", "if", "then", "else", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "items",
    ]
    static let arrays: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
    static let maps: Set<String> = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"]
}
