import AccordJSON
import AccordSchema

/// Why an inclusion could not be proven, located in both schemas.
struct ProofFailure {
    /// A change kind for the failed rule, e.g. `property-type-narrowed` or `cannot-prove`.
    var kind: String
    var reason: String
    /// Where the failure is, in the left (source) and right (target) schemas.
    var leftPointer: String
    var rightPointer: String
    /// Where in an instance the failure shows (object member names / array indices).
    var instancePath: [String]
    /// A local value likely to be accepted on the left and rejected on the right.
    var hint: JSONValue?
}

enum ProofOutcome {
    case proven
    case failed(ProofFailure)

    var isProven: Bool { if case .proven = self { return true } else { return false } }
}

/// The left side of an inclusion: a conjunction of schema nodes, minus the disjunctions already
/// split, restricted to some kinds.
struct LeftSchema {
    var nodes: [Node]
    var consumed: Set<String> = []
    var kinds: Kinds = .all

    var key: String {
        nodes.map(\.id).sorted().joined(separator: "&") + "|" + consumed.sorted().joined(separator: ",") + "|\(kinds.rawValue)"
    }

    func restricted(to k: Kinds) -> LeftSchema {
        var copy = self
        copy.kinds.formIntersection(k)
        return copy
    }

    func adding(_ node: Node) -> LeftSchema {
        var copy = self
        copy.nodes.append(node)
        return copy
    }
}

/// A sound prover of schema inclusion (every instance of the left schema is an instance of the right one).
///
/// Each rule only answers "proven" when the JSON Schema semantics guarantee inclusion; anything it
/// cannot decide fails with a reason. Recursive schemas terminate by coinduction (an inclusion being
/// proven is assumed while proving its members) and by a depth and step budget.
final class SubschemaProver {
    let left: SchemaGraph
    let right: SchemaGraph
    let leftValidators: NodeValidators
    let rightValidators: NodeValidators
    /// Whether left producers emit only declared members (``CompatibilityPolicy/lenient``).
    let lenient: Bool

    /// Inclusions being proven (coinductive hypotheses), with the depth they were entered at.
    private var inProgress: [String: Int] = [:]
    /// The shallowest hypothesis the current proof relied on.
    private var lowestAssumption = Int.max
    private var proven = Set<String>()
    private var steps = 0
    private var depth = 0
    static let maxSteps = 200_000
    static let maxDepth = 48
    static let maxExpansion = 64

    init(left: SchemaGraph, right: SchemaGraph, leftValidators: NodeValidators, rightValidators: NodeValidators, lenient: Bool) {
        self.left = left
        self.right = right
        self.leftValidators = leftValidators
        self.rightValidators = rightValidators
        self.lenient = lenient
    }

    // MARK: - Entry

    func includes(_ a: LeftSchema, in b: Node, path: [String] = []) -> ProofOutcome {
        steps += 1
        let key = a.key + "⊆" + b.id
        if proven.contains(key) { return .proven }
        if let entered = inProgress[key] {
            lowestAssumption = min(lowestAssumption, entered)
            return .proven
        }
        if steps > Self.maxSteps || depth > Self.maxDepth {
            return fail(a, b, path, kind: "cannot-prove", "the schemas are too large or too deeply recursive to compare within the budget")
        }
        depth += 1
        inProgress[key] = depth
        let outer = lowestAssumption
        lowestAssumption = Int.max
        let outcome = includesUncached(a, b, path: path)
        inProgress[key] = nil
        // Cache only proofs that rest on no hypothesis still open above this one: a hypothesis that
        // later fails must not leave "proven" results behind.
        if outcome.isProven && lowestAssumption >= depth { proven.insert(key) }
        lowestAssumption = min(outer, lowestAssumption)
        depth -= 1
        return outcome
    }

    private func fail(_ a: LeftSchema, _ b: Node, _ path: [String], kind: String, _ reason: String, hint: JSONValue? = nil) -> ProofOutcome {
        .failed(ProofFailure(kind: kind, reason: reason, leftPointer: a.nodes.first(where: { !$0.isSynthetic })?.pointerText ?? "",
                             rightPointer: b.isSynthetic ? "" : b.pointerText, instancePath: path, hint: hint))
    }

    private func includesUncached(_ a: LeftSchema, _ b: Node, path: [String]) -> ProofOutcome {
        if case .bool(true) = b.value { return .proven }
        if let object = b.object, object.allSatisfy({ Self.annotationKeywords.contains($0.key) }) { return .proven }
        if a.nodes.count == 1, a.consumed.isEmpty, a.kinds == .all, identical(a.nodes[0], b) { return .proven }

        var fa = Conjunction(a.nodes, graph: left, consumed: a.consumed)
        fa.kinds.formIntersection(a.kinds)
        prune(&fa, a)
        if fa.isEmpty { return .proven }

        // Split the left side's disjunctions: each branch must be included.
        if let disjunction = fa.disjunctions.first {
            if disjunction.branches.count <= Self.maxExpansion {
                var consumed = a.consumed
                consumed.insert(disjunction.id)
                for branch in disjunction.branches {
                    var next = LeftSchema(nodes: a.nodes + [branch], consumed: consumed, kinds: a.kinds)
                    next.kinds.formIntersection(fa.kinds)
                    let r = includes(next, in: b, path: path)
                    if !r.isProven { return r }
                }
                return .proven
            }
        }
        if let conditional = fa.conditionals.first {
            var consumed = a.consumed
            consumed.insert(conditional.id + "/if")
            var next = a
            next.consumed = consumed
            if conditional["else"] != nil, let ifNode = left.child(conditional, "if"), let elseNode = left.child(conditional, "else") {
                var branches: [[Node]] = [[ifNode]]
                if let thenNode = left.child(conditional, "then") { branches[0].append(thenNode) }
                branches.append([elseNode])
                for extra in branches {
                    var n = next
                    n.nodes += extra
                    let r = includes(n, in: b, path: path)
                    if !r.isProven { return r }
                }
                return .proven
            }
            // Without `else`, instances failing `if` are unconstrained by it: read as the rest.
            return includes(next, in: b, path: path)
        }

        // A finite left side is decided exactly, value by value.
        if let values = fa.enumValues {
            // Values listed by a plain enum need no re-validation on the left; a plain enum on the right is a set lookup.
            let leftIsPlain = fa.parts.count == 1 && Self.isPlainEnum(fa.parts[0]) && fa.disjunctions.isEmpty
            let fb = Conjunction([b], graph: right)
            let rightSet: Set<JSONValue>? = fb.parts.count == 1 && Self.isPlainEnum(fb.parts[0]) && fb.disjunctions.isEmpty
                ? fb.enumValues.map { Set($0) } : nil
            for value in values where fa.kinds.contains(Kinds(of: value)) && (leftIsPlain || leftAccepts(a.nodes, value)) {
                if let rightSet {
                    if rightSet.contains(value) && fb.kinds.contains(Kinds(of: value)) { continue }
                    return fail(a, b, path, kind: "enum-value-removed", "value \(JSONWriter.compact(value)) is no longer accepted", hint: value)
                }
                guard let ok = rightValidators.accepts(b, value) else {
                    return fail(a, b, path, kind: "cannot-prove", "cannot evaluate the target schema")
                }
                if !ok {
                    return fail(a, b, path, kind: "enum-value-removed", "value \(JSONWriter.compact(value)) is no longer accepted", hint: value)
                }
            }
            return .proven
        }

        let fb = Conjunction([b], graph: right)
        if let reason = fb.opaque.first { return fail(a, b, path, kind: "cannot-prove", reason) }
        if let values = fb.enumValues {
            // Right side finite, left side not: only a left side with fewer kinds and bounds could fit; be safe.
            if !fa.kinds.intersection([.integer, .fraction, .string, .array, .object]).isEmpty {
                let hint = sampleOutside(values, kinds: fa.kinds)
                return fail(a, b, path, kind: "enum-narrowed", "the target only accepts \(values.count) listed value(s)", hint: hint)
            }
            for k in Kinds.singles where fa.kinds.contains(k) {
                let candidates: [JSONValue] = k == .null ? [.null] : k == .boolean ? [.bool(true), .bool(false)] : []
                for c in candidates where leftAccepts(a.nodes, c) && rightValidators.accepts(b, c) != true {
                    return fail(a, b, path, kind: "enum-narrowed", "value \(JSONWriter.compact(c)) is not accepted", hint: c)
                }
            }
            return .proven
        }
        for k in Kinds.singles where fa.kinds.contains(k) {
            if !fb.kinds.contains(k) {
                return fail(a, b, path, kind: "type-narrowed", "type narrowed from \(fa.kinds) to \(fb.kinds); such as \(JSONWriter.compact(sample(fa, k)))", hint: sample(fa, k))
            }
            let r = includesKind(a, fa, k, b, fb, path: path)
            if !r.isProven { return r }
        }
        return .proven
    }

    /// A schema object whose only assertions are `enum`/`const`/`type`.
    static func isPlainEnum(_ node: Node) -> Bool {
        guard let o = node.object else { return false }
        return o.allSatisfy { $0.key == "enum" || $0.key == "const" || $0.key == "type" || annotationKeywords.contains($0.key) }
    }

    static let annotationKeywords: Set<String> = ["title", "description", "default", "examples", "$comment", "$schema", "$id", "id",
                                                   "$defs", "definitions", "$anchor", "$dynamicAnchor", "$recursiveAnchor",
                                                   "readOnly", "writeOnly", "deprecated", "contentEncoding", "contentMediaType", "$vocabulary"]

    /// Structural equality of two reference-free nodes.
    private var refFree: [String: Bool] = [:]
    private func identical(_ x: Node, _ y: Node) -> Bool {
        guard x.draft == y.draft, x.value == y.value else { return false }
        if let cached = refFree[x.id] { return cached }
        let free = !Self.containsReference(x.value, depth: 0)
        refFree[x.id] = free
        return free
    }

    static func containsReference(_ v: JSONValue, depth: Int) -> Bool {
        if depth > 100 { return true }
        switch v {
        case .object(let o):
            for (k, c) in o {
                if k == "$ref" || k == "$dynamicRef" || k == "$recursiveRef" { return true }
                if k == "enum" || k == "const" { continue }
                if containsReference(c, depth: depth + 1) { return true }
            }
            return false
        case .array(let a): return a.contains { containsReference($0, depth: depth + 1) }
        default: return false
        }
    }

    func leftAccepts(_ nodes: [Node], _ value: JSONValue) -> Bool {
        nodes.allSatisfy { leftValidators.accepts($0, value) ?? true }
    }

    private func sampleOutside(_ values: [JSONValue], kinds: Kinds) -> JSONValue? {
        for k in Kinds.singles where kinds.contains(k) {
            for c in [k.sample, .string("zz-unlisted"), .integer(987654), .number(0.25)] where Kinds(of: c) == k && !values.contains(c) { return c }
        }
        return nil
    }

    /// Removes kinds the left conjunction cannot produce (contradictory bounds).
    private func prune(_ fa: inout Conjunction, _ a: LeftSchema) {
        if fa.kinds.contains(.integer) || fa.kinds.contains(.fraction) {
            let n = NumericFacets(fa.parts)
            if fa.kinds.contains(.integer), n.integerRange == nil { fa.kinds.remove(.integer) }
            if fa.kinds.contains(.fraction), n.isFractionEmpty { fa.kinds.remove(.fraction) }
        }
        if fa.kinds.contains(.string) {
            let s = StringFacets(fa.parts)
            if let hi = s.maxLength, s.minLength > hi { fa.kinds.remove(.string) }
        }
        if fa.kinds.contains(.array) {
            let s = ArrayFacets(fa.parts)
            if let hi = s.maxItems, s.minItems > hi { fa.kinds.remove(.array) }
        }
        if fa.kinds.contains(.object) {
            let o = ObjectFacets(fa.parts)
            if let hi = o.maxProperties, o.minProperties > hi { fa.kinds.remove(.object) }
            else if o.required.contains(where: { name in leftValueNodes(fa.parts, name).contains { $0.value == .bool(false) } }) {
                fa.kinds.remove(.object)
            }
        }
    }

    func sample(_ fa: Conjunction, _ k: Kinds) -> JSONValue {
        switch k {
        case .integer:
            if let r = NumericFacets(fa.parts).integerRange { return .integer(r.lowerBound == Int64.min ? min(r.upperBound, 1) : r.lowerBound) }
            return .integer(1)
        case .fraction:
            let n = NumericFacets(fa.parts)
            if let lo = n.lower?.value { return .number(lo.rounded(.down) + 0.5) }
            if let hi = n.upper?.value { return .number(hi.rounded(.up) - 0.5) }
            return .number(12.5)
        case .string:
            let s = StringFacets(fa.parts)
            return .string(String(repeating: "a", count: max(1, s.minLength)))
        default: return k.sample
        }
    }

    // MARK: - Per kind

    private func includesKind(_ a: LeftSchema, _ fa: Conjunction, _ k: Kinds, _ b: Node, _ fb: Conjunction, path: [String]) -> ProofOutcome {
        let ak = a.restricted(to: k)
        // Keywords of each right part.
        switch k {
        case .integer, .fraction:
            if let f = numbers(ak, fa, k, b, fb, path) { return f }
        case .string:
            if let f = strings(ak, fa, b, fb, path) { return f }
        case .array:
            if let f = arrays(ak, fa, b, fb, path) { return f }
        case .object:
            if let f = objects(ak, fa, b, fb, path) { return f }
        default: break
        }
        // Combinators of the right side.
        for part in fb.parts {
            for keyword in ["anyOf", "oneOf"] {
                guard let count = part[keyword]?.arrayValue?.count else { continue }
                let branches = (0..<count).compactMap { right.child(part, keyword, String($0)) }
                var chosen: Int?
                var lastFailure: ProofOutcome?
                for (i, branch) in branches.enumerated() {
                    let r = includes(ak, in: branch, path: path)
                    if r.isProven { chosen = i; break }
                    lastFailure = r
                }
                guard let index = chosen else {
                    if case .failed(let f)? = lastFailure, count == 1 { return .failed(f) }
                    return fail(ak, part, path, kind: keyword == "anyOf" ? "any-of-narrowed" : "one-of-narrowed",
                                "no \(keyword) branch of the target accepts every \(k) the source accepts")
                }
                if keyword == "oneOf" {
                    for (j, other) in branches.enumerated() where j != index {
                        if !disjoint(ak, other, depth: 0) {
                            return fail(ak, part, path, kind: "cannot-prove",
                                        "cannot prove that \(k) values match only one oneOf branch (\(index) and \(j) may overlap)")
                        }
                    }
                }
            }
            if part["not"] != nil, let negated = right.child(part, "not") {
                if !disjoint(ak, negated, depth: 0) {
                    return fail(ak, part, path, kind: "not-narrowed", "cannot prove that no \(k) value accepted by the source matches the target's `not`")
                }
            }
            if part.draft >= .draft7, part["if"] != nil, let ifNode = right.child(part, "if") {
                let thenNode = right.child(part, "then") ?? .trueNode
                let elseNode = right.child(part, "else") ?? .trueNode
                let viaThen = includes(ak, in: ifNode).isProven && includes(ak, in: thenNode, path: path).isProven
                let viaElse = !viaThen && disjoint(ak, ifNode, depth: 0) && includes(ak, in: elseNode, path: path).isProven
                let viaBoth = !viaThen && !viaElse && includes(ak, in: thenNode, path: path).isProven && includes(ak, in: elseNode, path: path).isProven
                if !(viaThen || viaElse || viaBoth) {
                    let r = includes(ak, in: thenNode, path: path)
                    if case .failed(var f) = r { f.kind = "conditional-narrowed"; return .failed(f) }
                    return fail(ak, part, path, kind: "conditional-narrowed", "cannot prove the target's if/then/else holds for every \(k)")
                }
            }
        }
        return .proven
    }

    // MARK: - Disjointness

    /// Whether no instance is valid under both (true only when proven).
    func disjoint(_ a: LeftSchema, _ c: Node, depth: Int) -> Bool {
        guard depth < 8 else { return false }
        if case .bool(false) = c.value { return true }
        var fa = Conjunction(a.nodes, graph: left, consumed: a.consumed)
        fa.kinds.formIntersection(a.kinds)
        prune(&fa, a)
        if fa.isEmpty { return true }
        let fc = Conjunction([c], graph: right)
        if fa.kinds.intersection(fc.kinds).isEmpty { return true }
        if let values = fa.enumValues {
            return values.allSatisfy { !fa.kinds.contains(Kinds(of: $0)) || !leftAccepts(a.nodes, $0) || rightValidators.accepts(c, $0) == false }
        }
        if let values = fc.enumValues, fc.opaque.isEmpty {
            return values.allSatisfy { !leftAccepts(a.nodes, $0) || !fa.kinds.contains(Kinds(of: $0)) }
        }
        // Objects told apart by a required member whose values cannot overlap (tagged unions).
        let shared = fa.kinds.intersection(fc.kinds)
        if shared == .object {
            let ao = ObjectFacets(fa.parts)
            let co = ObjectFacets(fc.parts)
            for name in co.required {
                let av = leftValueNodes(fa.parts, name)
                if av.contains(where: { $0.value == .bool(false) }) { return true }
                let cv = rightValueNodes(fc.parts, name)
                if ao.required.contains(name) {
                    for node in cv where disjoint(LeftSchema(nodes: av), node, depth: depth + 1) { return true }
                }
            }
            for name in ao.required where rightValueNodes(fc.parts, name).contains(where: { $0.value == .bool(false) }) { return true }
        }
        // A negated right side: `not X` is disjoint from anything included in X.
        if fc.parts.count == 1, fc.negations.count == 1, let negated = fc.negations.first, fc.parts[0].object?.count == 1 {
            return crossIncludes(a, negated)
        }
        return false
    }

    /// Left ⊆ a node of the right graph.
    private func crossIncludes(_ a: LeftSchema, _ node: Node) -> Bool {
        includes(a, in: node).isProven
    }

    // MARK: - Object member schemas

    /// The schemas constraining member `name` on the left (empty = unconstrained).
    func leftValueNodes(_ parts: [Node], _ name: String) -> [Node] {
        memberNodes(parts, name, graph: left, validators: leftValidators, lenientSide: lenient)
    }

    func rightValueNodes(_ parts: [Node], _ name: String) -> [Node] {
        memberNodes(parts, name, graph: right, validators: rightValidators, lenientSide: false)
    }

    private func memberNodes(_ parts: [Node], _ name: String, graph: SchemaGraph, validators: NodeValidators, lenientSide: Bool) -> [Node] {
        var result: [Node] = []
        var declaredAnywhere = false
        var perPart: [(declared: [Node], additional: Node?)] = []
        for part in parts {
            var declared: [Node] = []
            if part["properties"]?[name] != nil, let n = graph.child(part, "properties", name) { declared.append(n) }
            if let patterns = part["patternProperties"]?.objectValue {
                for (pattern, _) in patterns where matches(pattern, name) {
                    if let n = graph.child(part, "patternProperties", pattern) { declared.append(n) }
                }
            }
            if !declared.isEmpty { declaredAnywhere = true }
            perPart.append((declared, part["additionalProperties"] != nil ? graph.child(part, "additionalProperties") : nil))
        }
        var anyExplicit = false
        for (declared, additional) in perPart {
            if !declared.isEmpty { result += declared; continue }
            if let additional {
                if additional.value != .bool(true) { anyExplicit = true }
                result.append(additional)
            }
        }
        if lenientSide && !declaredAnywhere && !anyExplicit { result.append(.falseNode) }
        return result
    }

    private var patternCache: [String: Bool] = [:]
    func matches(_ pattern: String, _ name: String) -> Bool {
        let key = pattern + "\u{0}" + name
        if let cached = patternCache[key] { return cached }
        let node = Node.synthetic(.object(JSONObject([("pattern", .string(pattern))])))
        let result = leftValidators.accepts(node, .string(name)) ?? true
        patternCache[key] = result
        return result
    }
}
