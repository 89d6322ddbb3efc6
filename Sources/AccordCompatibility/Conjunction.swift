import AccordJSON
import AccordSchema

/// The JSON types a schema admits, with numbers split into integers and non-integral numbers.
struct Kinds: OptionSet, Hashable, Sendable, CustomStringConvertible {
    let rawValue: UInt8
    static let null = Kinds(rawValue: 1)
    static let boolean = Kinds(rawValue: 2)
    static let integer = Kinds(rawValue: 4)
    static let fraction = Kinds(rawValue: 8)
    static let string = Kinds(rawValue: 16)
    static let array = Kinds(rawValue: 32)
    static let object = Kinds(rawValue: 64)
    static let number: Kinds = [.integer, .fraction]
    static let all: Kinds = [.null, .boolean, .integer, .fraction, .string, .array, .object]
    static let singles: [Kinds] = [.null, .boolean, .integer, .fraction, .string, .array, .object]

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(typeName: String) {
        switch typeName {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: self = []
        }
    }

    /// The kinds named by a `type` keyword value (a name or an array of names).
    init(typeKeyword value: JSONValue) {
        switch value {
        case .string(let s): self.init(typeName: s)
        case .array(let names):
            var k: Kinds = []
            for n in names { if let s = n.stringValue { k.formUnion(Kinds(typeName: s)) } }
            self = k
        default: self = .all
        }
    }

    init(of value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .boolean
        case .integer: self = .integer
        case .number(let d): self = d.isFinite && d == d.rounded() ? .integer : .fraction
        case .string: self = .string
        case .array: self = .array
        case .object: self = .object
        }
    }

    /// The JSON Schema spelling, e.g. `number` for integer+fraction.
    var description: String {
        var names: [String] = []
        if contains(.null) { names.append("null") }
        if contains(.boolean) { names.append("boolean") }
        if contains(.number) { names.append("number") } else if contains(.integer) { names.append("integer") } else if contains(.fraction) { names.append("non-integral number") }
        if contains(.string) { names.append("string") }
        if contains(.array) { names.append("array") }
        if contains(.object) { names.append("object") }
        return names.isEmpty ? "nothing" : names.joined(separator: " or ")
    }

    /// A sample value of a single kind.
    var sample: JSONValue {
        switch self {
        case .null: return .null
        case .boolean: return .bool(true)
        case .integer: return .integer(1)
        case .fraction: return .number(12.5)
        case .string: return .string("x")
        case .array: return .array([])
        default: return .object(JSONObject())
        }
    }
}

/// A schema read as a conjunction: `$ref`s followed, `allOf`s flattened, `type`/`enum`/`const`
/// intersected; disjunctions, conditionals and negations kept aside.
struct Conjunction {
    /// The object schemas whose assertions all apply.
    var parts: [Node] = []
    var kinds: Kinds = .all
    /// The intersection of `enum`/`const` values, when any part has one (unfiltered by other parts).
    var enumValues: [JSONValue]?
    /// `anyOf`/`oneOf` branch lists (oneOf read as anyOf where that is sound), keyed by an id.
    var disjunctions: [(id: String, branches: [Node], exclusive: Bool)] = []
    /// Parts with `if`.
    var conditionals: [Node] = []
    /// `not` subschemas.
    var negations: [Node] = []
    /// Keywords the reasoning does not model (a reason each); sound to drop on the left, not on the right.
    var opaque: [String] = []
    /// Unresolvable references found while flattening.
    var unresolved: [String] = []

    var isEmpty: Bool { kinds.isEmpty || (enumValues?.isEmpty ?? false) }
}

extension Conjunction {
    /// Flattens `nodes`, skipping the disjunctions/conditionals whose ids are in `consumed`.
    init(_ nodes: [Node], graph: SchemaGraph, consumed: Set<String> = []) {
        var visited = Set<String>()
        for node in nodes { visit(node, graph: graph, consumed: consumed, visited: &visited, depth: 0) }
        if let values = enumValues { kinds.formIntersection(values.reduce(into: Kinds()) { $0.formUnion(Kinds(of: $1)) }) }
    }

    private mutating func visit(_ node: Node, graph: SchemaGraph, consumed: Set<String>, visited: inout Set<String>, depth: Int) {
        guard !visited.contains(node.id) || node.isSynthetic else { return }
        visited.insert(node.id)
        guard depth < 64 else { opaque.append("schema nesting deeper than 64 levels at \(node.pointerText)"); return }
        switch node.value {
        case .bool(let b):
            if !b { kinds = [] }
            return
        case .object(let object):
            for dynamic in ["$dynamicRef", "$recursiveRef"] where object[dynamic] != nil {
                // Resolved by the dynamic scope at validation time: not modelled (dropped on the left, unprovable on the right).
                opaque.append("\(dynamic) at \(node.pointerText) is not modelled")
            }
            for refKeyword in ["$ref"] {
                guard let reference = object[refKeyword]?.stringValue else { continue }
                do {
                    let target = try graph.resolve(reference, from: node)
                    visit(target, graph: graph, consumed: consumed, visited: &visited, depth: depth + 1)
                } catch {
                    unresolved.append(reference)
                    opaque.append("cannot resolve \(refKeyword) \"\(reference)\"")
                }
                if node.draft <= .draft7 && refKeyword == "$ref" { return }
            }
            parts.append(node)
            if let type = object["type"] { kinds.formIntersection(Kinds(typeKeyword: type)) }
            if let values = object["enum"]?.arrayValue { intersectEnum(values) }
            if let value = object["const"], node.draft >= .draft6 { intersectEnum([value]) }
            if let m = object["multipleOf"]?.doubleValue, m == m.rounded() { kinds.remove(.fraction) }
            if let all = object["allOf"]?.arrayValue {
                for i in all.indices {
                    if let child = graph.child(node, "allOf", String(i)) {
                        visit(child, graph: graph, consumed: consumed, visited: &visited, depth: depth + 1)
                    }
                }
            }
            for keyword in ["anyOf", "oneOf"] {
                guard let branches = object[keyword]?.arrayValue else { continue }
                let id = node.id + "/" + keyword
                if consumed.contains(id) { continue }
                let nodes = branches.indices.compactMap { graph.child(node, keyword, String($0)) }
                disjunctions.append((id, nodes, keyword == "oneOf"))
            }
            if object["not"] != nil, let child = graph.child(node, "not") {
                negations.append(child)
                if let ctype = child["type"], child.object?.count == 1 { kinds.subtract(Kinds(typeKeyword: ctype)) }
                // `not: {}` and `not: true` accept nothing.
                if child.value == .bool(true) || child.object?.isEmpty == true { kinds = [] }
            }
            if node.draft >= .draft7, object["if"] != nil, !consumed.contains(node.id + "/if") {
                conditionals.append(node)
            }
            // Left here only beside in-place applicators (UnevaluatedRewrite); before 2019-09 not keywords at all.
            for keyword in ["unevaluatedProperties", "unevaluatedItems"] where node.draft >= .draft2019_09 && object[keyword] != nil {
                if object[keyword] != .bool(true) { opaque.append("\(keyword) at \(node.pointerText) is not modelled") }
            }
        default:
            return
        }
    }

    private mutating func intersectEnum(_ values: [JSONValue]) {
        if let current = enumValues {
            enumValues = current.filter { values.contains($0) }
        } else {
            var unique: [JSONValue] = []
            var seen = Set<JSONValue>()
            for v in values where seen.insert(v).inserted { unique.append(v) }
            enumValues = unique
        }
    }
}
