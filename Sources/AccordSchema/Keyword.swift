import AccordJSON

/// A keyword the compiler reads from a schema object (any draft).
enum Keyword: Int, CaseIterable {
    // Core: identifiers, references, dialect.
    case schema, id, legacyID, anchor, dynamicAnchor, recursiveAnchor, ref, dynamicRef, recursiveRef
    // Validation.
    case type, enumeration, const
    case minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf
    case minLength, maxLength, pattern
    case minItems, maxItems, uniqueItems, minContains, maxContains
    case required, minProperties, maxProperties, dependentRequired, dependencies
    // Applicators.
    case allOf, anyOf, oneOf, not, `if`, then, `else`
    case properties, patternProperties, additionalProperties, propertyNames, dependentSchemas
    case prefixItems, items, additionalItems, contains
    case unevaluatedProperties, unevaluatedItems
    // Format and content.
    case format, contentEncoding, contentMediaType

    /// The keyword as spelled in a schema.
    var name: String {
        switch self {
        case .schema: "$schema"
        case .id: "$id"
        case .legacyID: "id"
        case .anchor: "$anchor"
        case .dynamicAnchor: "$dynamicAnchor"
        case .recursiveAnchor: "$recursiveAnchor"
        case .ref: "$ref"
        case .dynamicRef: "$dynamicRef"
        case .recursiveRef: "$recursiveRef"
        case .type: "type"
        case .enumeration: "enum"
        case .const: "const"
        case .minimum: "minimum"
        case .maximum: "maximum"
        case .exclusiveMinimum: "exclusiveMinimum"
        case .exclusiveMaximum: "exclusiveMaximum"
        case .multipleOf: "multipleOf"
        case .minLength: "minLength"
        case .maxLength: "maxLength"
        case .pattern: "pattern"
        case .minItems: "minItems"
        case .maxItems: "maxItems"
        case .uniqueItems: "uniqueItems"
        case .minContains: "minContains"
        case .maxContains: "maxContains"
        case .required: "required"
        case .minProperties: "minProperties"
        case .maxProperties: "maxProperties"
        case .dependentRequired: "dependentRequired"
        case .dependencies: "dependencies"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .if: "if"
        case .then: "then"
        case .else: "else"
        case .properties: "properties"
        case .patternProperties: "patternProperties"
        case .additionalProperties: "additionalProperties"
        case .propertyNames: "propertyNames"
        case .dependentSchemas: "dependentSchemas"
        case .prefixItems: "prefixItems"
        case .items: "items"
        case .additionalItems: "additionalItems"
        case .contains: "contains"
        case .unevaluatedProperties: "unevaluatedProperties"
        case .unevaluatedItems: "unevaluatedItems"
        case .format: "format"
        case .contentEncoding: "contentEncoding"
        case .contentMediaType: "contentMediaType"
        }
    }

    static let byName: [String: Keyword] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
}

/// The ``Keyword``s a schema object has, found in one pass over its member names.
///
/// The compiler asks a schema object for some fifty keywords, and a typical object has two or
/// three: asking the set first makes each absent keyword a bit test instead of a search by name
/// (measured with callgrind: the searches were the largest single cost of compiling a small schema).
struct KeywordSet: Equatable {
    private(set) var bits: UInt64 = 0

    init() {}

    init(_ keywords: Keyword...) {
        for keyword in keywords { bits |= 1 << UInt64(keyword.rawValue) }
    }

    /// The keywords among `object`'s member names (other names are not recorded).
    init(presentIn object: JSONObject) {
        for (name, _) in object {
            if let keyword = Keyword.byName[name] { bits |= 1 << UInt64(keyword.rawValue) }
        }
    }

    @inline(__always)
    func contains(_ keyword: Keyword) -> Bool { bits & (1 << UInt64(keyword.rawValue)) != 0 }

    /// Whether any keyword of `other` is here.
    @inline(__always)
    func intersects(_ other: KeywordSet) -> Bool { bits & other.bits != 0 }

    static let numeric = KeywordSet(.minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum, .multipleOf)
    static let string = KeywordSet(.minLength, .maxLength, .pattern)
    static let arrayValidation = KeywordSet(.minItems, .maxItems, .uniqueItems)
    static let objectValidation = KeywordSet(.required, .minProperties, .maxProperties, .dependentRequired, .dependencies)
    static let validation = KeywordSet(.type, .enumeration, .const).union(numeric).union(string)
        .union(arrayValidation).union(objectValidation)
    static let objectApplicators = KeywordSet(
        .properties, .patternProperties, .additionalProperties, .propertyNames, .dependentSchemas, .dependencies)
    static let arrayApplicators = KeywordSet(.prefixItems, .items, .additionalItems, .contains)
    static let content = KeywordSet(.contentEncoding, .contentMediaType)

    func union(_ other: KeywordSet) -> KeywordSet {
        var set = self
        set.bits |= other.bits
        return set
    }
}
