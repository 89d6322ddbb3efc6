import AccordJSON
import AccordSchema

/// Rewrites `unevaluatedProperties` / `unevaluatedItems` into the keywords the reasoning models,
/// wherever that leaves the schema's meaning unchanged.
///
/// What a schema object's `unevaluated*` keyword sees depends only on that object and the
/// subschemas it applies in place (`allOf`, `anyOf`, `oneOf`, `if`/`then`/`else`, `$ref`,
/// `$dynamicRef`, `$recursiveRef`, `dependentSchemas`), never on its parents; `not` contributes
/// no annotations. So in an object without in-place applicators:
/// - `unevaluatedProperties: S` applies `S` to exactly the members that `properties` and
///   `patternProperties` leave, which is `additionalProperties: S`; beside an
///   `additionalProperties` it sees no member at all and is dropped;
/// - `unevaluatedItems: S` (without `contains`, which marks items evaluated from 2020-12 on)
///   applies `S` to exactly the items after the `prefixItems` (2020-12) or array-form `items`
///   (2019-09), which is `items: S` (2020-12, and 2019-09 without `items`) or
///   `additionalItems: S` (2019-09 with array-form `items`); beside a keyword that already
///   covers those items it is dropped.
///
/// An object whose in-place subschemas are only `allOf` branches and `$ref`s to a position in
/// the same document (followed transitively, with no conditional applicator on the way) evaluates
/// exactly the names and patterns those subschemas declare; there `unevaluatedProperties: S` is
/// rewritten as those names and patterns declared with `true` beside `additionalProperties: S`
/// (the usual `allOf: [{"$ref": base}], unevaluatedProperties: false` extension pattern).
///
/// Annotations are preserved too (`additionalProperties` and `items` mark what they apply to as
/// evaluated), so an enclosing schema's own `unevaluated*` sees the same. Objects that apply
/// subschemas in place keep their keywords, which the reasoning then reports as not modelled.
enum UnevaluatedRewrite {
    /// In-place applicators: their annotations reach an adjacent `unevaluated*`.
    static let inPlaceApplicators = ["allOf", "anyOf", "oneOf", "if", "then", "else", "$ref", "$dynamicRef",
                                     "$recursiveRef", "dependentSchemas"]

    private static let dataKeywords = SchemaGraph.dataKeywords
    private static let schemaMaps = SchemaGraph.schemaMaps

    /// Whether `value` uses an `unevaluated*` keyword anywhere (most schemas do not: no copy then).
    static func isNeeded(_ value: JSONValue, depth: Int = 0) -> Bool {
        guard depth < 200 else { return false }
        switch value {
        case .object(let object):
            for (key, member) in object {
                if key == "unevaluatedProperties" || key == "unevaluatedItems" { return true }
                if !dataKeywords.contains(key), isNeeded(member, depth: depth + 1) { return true }
            }
            return false
        case .array(let items):
            return items.contains { isNeeded($0, depth: depth + 1) }
        default:
            return false
        }
    }

    /// `value` (a schema document) with every rewritable `unevaluated*` rewritten.
    static func apply(_ value: JSONValue, draft: Draft) -> JSONValue {
        // `$ref`s are followed only by JSON Pointer within the document, which is sound only when
        // no nested `$id` changes the base URI they resolve against.
        apply(value, draft: draft, document: hasNestedIdentifiers(value) ? nil : value, depth: 0)
    }

    private static func apply(_ value: JSONValue, draft: Draft, document: JSONValue?, depth: Int) -> JSONValue {
        guard depth < 200, case .object(var object) = value else {
            if case .array(let items) = value, depth < 200 {
                return .array(items.map { apply($0, draft: draft, document: document, depth: depth + 1) })
            }
            return value
        }
        var draft = draft
        if let uri = object["$schema"]?.stringValue, let declared = Draft(metaSchemaURI: uri) { draft = declared }
        var rewritten = JSONObject()
        for (key, member) in object {
            if dataKeywords.contains(key) {
                rewritten[key] = member
            } else if schemaMaps.contains(key), case .object(let map) = member {
                var out = JSONObject()
                for (name, sub) in map { out[name] = apply(sub, draft: draft, document: document, depth: depth + 1) }
                rewritten[key] = .object(out)
            } else {
                rewritten[key] = apply(member, draft: draft, document: document, depth: depth + 1)
            }
        }
        object = rewritten
        guard draft >= .draft2019_09 else { return .object(object) }
        guard !inPlaceApplicators.contains(where: { object[$0] != nil }) else {
            if let unevaluated = object["unevaluatedProperties"], let document {
                rewriteThroughReferences(&object, unevaluated: unevaluated, document: document, original: value)
            }
            return .object(object)
        }
        if let unevaluated = object["unevaluatedProperties"] {
            object["unevaluatedProperties"] = nil
            if object["additionalProperties"] == nil { object["additionalProperties"] = unevaluated }
        }
        if let unevaluated = object["unevaluatedItems"], object["contains"] == nil {
            object["unevaluatedItems"] = nil
            if draft >= .draft2020_12 {
                if object["items"] == nil { object["items"] = unevaluated }
            } else if case .array? = object["items"] {
                if object["additionalItems"] == nil { object["additionalItems"] = unevaluated }
            } else if object["items"] == nil {
                object["items"] = unevaluated
            }
        }
        return .object(object)
    }

    /// The members a schema object's in-place subschemas evaluate.
    private enum Evaluated {
        /// Every member (an `additionalProperties` or `unevaluatedProperties` somewhere in place).
        case all
        case declared(names: [String], patterns: [String])
        /// Depends on the instance (a conditional or dynamic applicator), or cannot be followed.
        case unknown
    }

    /// `unevaluatedProperties` beside `allOf` / `$ref` only, read as described in the type's comment.
    private static func rewriteThroughReferences(_ object: inout JSONObject, unevaluated: JSONValue, document: JSONValue, original: JSONValue) {
        var visited = Set<String>()
        var names: [String] = []
        var patterns: [String] = []
        // The original object (not yet rewritten): its own keywords and in-place subschemas.
        switch collect(original, document: document, visited: &visited, names: &names, patterns: &patterns, depth: 0, isOwner: true) {
        case .unknown:
            return
        case .all:
            object["unevaluatedProperties"] = nil
        case .declared:
            object["unevaluatedProperties"] = nil
            var properties = object["properties"]?.objectValue ?? JSONObject()
            for name in names where properties[name] == nil { properties[name] = .bool(true) }
            if !properties.isEmpty { object["properties"] = .object(properties) }
            var patternProperties = object["patternProperties"]?.objectValue ?? JSONObject()
            for pattern in patterns where patternProperties[pattern] == nil { patternProperties[pattern] = .bool(true) }
            if !patternProperties.isEmpty { object["patternProperties"] = .object(patternProperties) }
            object["additionalProperties"] = unevaluated
        }
    }

    /// Gathers what `schema` evaluates in place; `isOwner` for the object holding the keyword
    /// being rewritten (its own `unevaluatedProperties` is what is being explained, not evidence).
    private static func collect(
        _ schema: JSONValue, document: JSONValue, visited: inout Set<String>,
        names: inout [String], patterns: inout [String], depth: Int, isOwner: Bool = false
    ) -> Evaluated {
        guard depth < 64 else { return .unknown }
        guard case .object(let object) = schema else { return .declared(names: names, patterns: patterns) }
        for keyword in ["anyOf", "oneOf", "if", "then", "else", "dependentSchemas", "$dynamicRef", "$recursiveRef"] where object[keyword] != nil {
            return .unknown
        }
        if object["additionalProperties"] != nil || (!isOwner && object["unevaluatedProperties"] != nil) { return .all }
        for (name, _) in object["properties"]?.objectValue ?? JSONObject() where !names.contains(name) { names.append(name) }
        for (pattern, _) in object["patternProperties"]?.objectValue ?? JSONObject() where !patterns.contains(pattern) { patterns.append(pattern) }
        var subschemas: [JSONValue] = object["allOf"]?.arrayValue ?? []
        if let reference = object["$ref"] {
            guard let text = reference.stringValue, text.hasPrefix("#"),
                  let pointer = try? JSONPointer(uriFragment: text), let target = pointer.resolve(in: document)
            else { return .unknown }
            // A cycle adds nothing its first visit did not.
            if visited.insert(text).inserted { subschemas.append(target) }
        }
        for subschema in subschemas {
            switch collect(subschema, document: document, visited: &visited, names: &names, patterns: &patterns, depth: depth + 1) {
            case .unknown: return .unknown
            case .all: return .all
            case .declared: continue
            }
        }
        return .declared(names: names, patterns: patterns)
    }

    /// Whether any schema object below the root carries `$id`.
    private static func hasNestedIdentifiers(_ value: JSONValue, isRoot: Bool = true, depth: Int = 0) -> Bool {
        guard depth < 200 else { return true }
        switch value {
        case .object(let object):
            if !isRoot, object["$id"]?.stringValue != nil { return true }
            for (key, member) in object where !dataKeywords.contains(key) {
                let subschemas = schemaMaps.contains(key) ? (member.objectValue.map { $0.map(\.value) } ?? []) : [member]
                if subschemas.contains(where: { hasNestedIdentifiers($0, isRoot: false, depth: depth + 1) }) { return true }
            }
            return false
        case .array(let items):
            return items.contains { hasNestedIdentifiers($0, isRoot: false, depth: depth + 1) }
        default:
            return false
        }
    }
}
