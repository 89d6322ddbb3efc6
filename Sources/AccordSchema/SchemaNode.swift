import AccordJSON

/// One compiled (sub)schema. Keywords are compiled into typed fields grouped by the instance type
/// they apply to, so validation never looks a keyword up by name. Nodes form a graph: `$ref` edges
/// point at other nodes, which is how recursive schemas are represented.
final class SchemaNode: @unchecked Sendable {
    /// The base URI of this schema's resource.
    let base: String
    /// The pointer from the resource's root, percent-encoded as a URI fragment.
    let fragment: String
    /// `URI#pointer` of this schema, for `absoluteKeywordLocation` (built when asked: only errors
    /// and output need it, and most nodes never fail).
    var absoluteLocation: String { base + "#" + fragment }
    let draft: Draft

    /// `true`/`false` schemas.
    var boolean: Bool?
    /// Allowed instance types (``TypeMask``); `TypeMask.any` when `type` is absent.
    var typeMask: UInt8 = TypeMask.any
    var typeNames: [String] = []

    var numeric: NumericConstraints?
    var string: StringConstraints?
    var object: ObjectConstraints?
    var array: ArrayConstraints?

    var enumValues: EnumConstraint?
    var constValue: EnumConstraint?

    var allOf: [SchemaNode] = []
    var anyOf: [SchemaNode] = []
    var oneOf: [SchemaNode] = []
    var not: SchemaNode?
    var ifThenElse: (condition: SchemaNode, then: SchemaNode?, else: SchemaNode?)?

    var ref: SchemaNode?
    /// `$dynamicRef` (2020-12): the static target, and the anchor name when dynamic resolution applies.
    var dynamicRef: (target: SchemaNode, anchor: String?)?
    /// `$recursiveRef` (2019-09): the static target.
    var recursiveRef: SchemaNode?

    var unevaluatedProperties: SchemaNode?
    var unevaluatedItems: SchemaNode?

    /// Set on resource roots: entering this node enters a new dynamic scope.
    var isResourceRoot = false
    /// The root of the resource this node belongs to (itself for a root): following a reference
    /// into this node enters that resource's dynamic scope.
    var resourceRoot: SchemaNode?
    /// `$dynamicAnchor`s declared in this resource, by name (resource roots only).
    var dynamicAnchors: [String: SchemaNode] = [:]
    /// `$recursiveAnchor: true` (2019-09).
    var recursiveAnchor = false

    /// True when evaluation of this node or anything it reaches in place needs annotations
    /// (unevaluated keywords), or dynamic scope tracking.
    var needsScope = false

    /// True when the node asserts nothing (e.g. `{}` or only annotations).
    var isTrivial: Bool {
        boolean != false && typeMask == TypeMask.any && numeric == nil && string == nil && object == nil && array == nil
            && enumValues == nil && constValue == nil && allOf.isEmpty && anyOf.isEmpty && oneOf.isEmpty && not == nil
            && ifThenElse == nil && ref == nil && dynamicRef == nil && recursiveRef == nil
            && unevaluatedProperties == nil && unevaluatedItems == nil
    }

    /// Drops every edge to other nodes, breaking reference cycles so the graph can be freed.
    func unlink() {
        numeric = nil; string = nil; object = nil; array = nil
        allOf = []; anyOf = []; oneOf = []; not = nil; ifThenElse = nil
        ref = nil; dynamicRef = nil; recursiveRef = nil
        unevaluatedProperties = nil; unevaluatedItems = nil
        dynamicAnchors = [:]; resourceRoot = nil
    }

    init(base: String, fragment: String, draft: Draft) {
        self.base = base
        self.fragment = fragment
        self.draft = draft
    }
}

/// Bits for JSON Schema's seven types.
enum TypeMask {
    static let null: UInt8 = 1
    static let boolean: UInt8 = 2
    static let object: UInt8 = 4
    static let array: UInt8 = 8
    static let number: UInt8 = 16
    static let string: UInt8 = 32
    static let integer: UInt8 = 64
    static let any: UInt8 = 0x7F

    static func bit(named name: String) -> UInt8? {
        switch name {
        case "null": return null
        case "boolean": return boolean
        case "object": return object
        case "array": return array
        case "number": return number | integer
        case "string": return string
        case "integer": return integer
        default: return nil
        }
    }
}

/// A compiled bound such as `minimum: 3` or `exclusiveMaximum: 2.5`.
struct NumericBound {
    var value: Double
    var exactInteger: Int64?
    var exclusive: Bool
    var keyword: String
}

struct NumericConstraints {
    var minimum: NumericBound?
    var maximum: NumericBound?
    var multipleOf: MultipleOf?
    /// Extra bounds when a schema has both `minimum` and `exclusiveMinimum` (draft 6+).
    var extra: [NumericBound] = []
}

struct StringConstraints {
    var minLength: Int?
    var maxLength: Int?
    var pattern: ECMARegex?
    var format: (name: String, kind: FormatKind)?
    /// Draft 7's `contentEncoding` / `contentMediaType`, when asserted.
    var content: ContentAssertion?
}

struct ObjectConstraints {
    /// Every member name the object keywords mention, for one lookup per instance member.
    private(set) var names = PropertyTable()
    /// `properties` schemas by name index (nil when a name is not in `properties`); as long as
    /// ``names``, since evaluation indexes it by name index.
    var propertySchemas: [SchemaNode?] = []
    var patternProperties: [(regex: ECMARegex, schema: SchemaNode)] = []
    var additionalProperties: SchemaNode?
    var propertyNames: SchemaNode?
    var required: [Int] = []
    var minProperties: Int?
    var maxProperties: Int?
    /// `dependentRequired` / array-form `dependencies`: name index → required name indexes.
    var dependentRequired: [(name: Int, required: [Int])] = []
    /// `dependentSchemas` / schema-form `dependencies`.
    var dependentSchemas: [(name: Int, schema: SchemaNode)] = []
    /// The keyword that `dependentRequired` came from (`dependencies` in older drafts).
    var dependentRequiredKeyword = "dependentRequired"
    var dependentSchemasKeyword = "dependentSchemas"
    /// The index of `name` in ``names``, adding it (with no `properties` schema) when new, so the
    /// two stay the same length whichever keyword mentions a name first.
    mutating func intern(_ name: String) -> Int {
        let index = names.intern(name)
        if propertySchemas.count < names.count { propertySchemas.append(nil) }
        return index
    }

    /// True when the only object keywords are `properties`/`required` on known names.
    var hasMemberLoop: Bool {
        !propertySchemas.isEmpty || !patternProperties.isEmpty || additionalProperties != nil || propertyNames != nil
    }
}

struct ArrayConstraints {
    /// `prefixItems`, or array-form `items` before 2020-12.
    var prefixItems: [SchemaNode] = []
    var prefixKeyword = "prefixItems"
    /// `items` (2020-12 or single-schema form), or `additionalItems` after array-form `items`.
    var items: SchemaNode?
    var itemsKeyword = "items"
    var contains: SchemaNode?
    var minContains: Int = 1
    var maxContains: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
}

/// `enum` or `const`: the allowed values, with a fast path for strings.
struct EnumConstraint {
    var values: [JSONValue]
    var strings: [[UInt8]]
    var onlyStrings: Bool

    init(_ values: [JSONValue]) {
        self.values = values
        self.strings = values.compactMap { $0.stringValue.map { Array($0.utf8) } }
        self.onlyStrings = strings.count == values.count
    }
}
