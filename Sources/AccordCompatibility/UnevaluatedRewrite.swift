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
/// Annotations are preserved too (`additionalProperties` and `items` mark what they apply to as
/// evaluated), so an enclosing schema's own `unevaluated*` sees the same. Objects that apply
/// subschemas in place keep their keywords, which the reasoning then reports as not modelled.
enum UnevaluatedRewrite {
    /// In-place applicators: their annotations reach an adjacent `unevaluated*`.
    static let inPlaceApplicators = ["allOf", "anyOf", "oneOf", "if", "then", "else", "$ref", "$dynamicRef",
                                     "$recursiveRef", "dependentSchemas"]

    /// Keywords whose values are data, not schemas.
    private static let dataKeywords: Set<String> = ["enum", "const", "examples", "default", "required",
                                                    "dependentRequired", "$comment", "title", "description"]
    /// Keywords holding a map of names to subschemas.
    private static let schemaMaps: Set<String> = ["properties", "patternProperties", "$defs", "definitions",
                                                  "dependentSchemas", "dependencies"]

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
    static func apply(_ value: JSONValue, draft: Draft, depth: Int = 0) -> JSONValue {
        guard depth < 200, case .object(var object) = value else {
            if case .array(let items) = value, depth < 200 {
                return .array(items.map { apply($0, draft: draft, depth: depth + 1) })
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
                for (name, sub) in map { out[name] = apply(sub, draft: draft, depth: depth + 1) }
                rewritten[key] = .object(out)
            } else {
                rewritten[key] = apply(member, draft: draft, depth: depth + 1)
            }
        }
        object = rewritten
        guard draft >= .draft2019_09, !inPlaceApplicators.contains(where: { object[$0] != nil }) else { return .object(object) }
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
}
