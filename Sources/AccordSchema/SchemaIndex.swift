import AccordJSON

/// Where a (sub)schema sits: its document and pointer, and the context *around* it (the base URI
/// and dialect in force before its own `$id` and `$schema` apply).
struct SchemaLocation {
    var document: Int
    var pointer: [String]
    var value: JSONValue
    /// Base URI of the enclosing resource.
    var base: String
    /// Pointer from the enclosing resource's root to this value.
    var relativePointer: [String]
    var dialect: Dialect
    var isDocumentRoot: Bool

    func child(_ tokens: [String], _ value: JSONValue) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer + tokens, value: value, base: base,
                       relativePointer: relativePointer + tokens, dialect: dialect, isDocumentRoot: false)
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
