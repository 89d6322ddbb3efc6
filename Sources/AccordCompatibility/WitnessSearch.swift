import AccordJSON
import AccordSchema

/// Looks for a concrete instance valid under a source schema and rejected by a target schema.
///
/// Candidates come from the failed proof rule (its hint, placed where the rule failed), from a small
/// generator of source instances, and from single mutations of those. Every candidate is checked with
/// AccordSchema against both schemas; nothing unchecked is ever returned.
struct WitnessSearch {
    let graph: SchemaGraph
    let validators: NodeValidators
    let source: JSONSchema
    let target: JSONSchema
    /// Member names declared in either schema, and numbers/lengths/values worth trying.
    let names: [String]
    let constants: [JSONValue]
    /// Member or item counts worth trying (around the schemas' count bounds).
    let counts: [Int]
    let lenient: Bool
    var budget = 4000

    init(graph: SchemaGraph, validators: NodeValidators, source: JSONSchema, target: JSONSchema,
         sourceDocument: JSONValue, targetDocument: JSONValue, lenient: Bool) {
        self.graph = graph
        self.validators = validators
        self.source = source
        self.target = target
        self.lenient = lenient
        var names: [String] = []
        var constants: [JSONValue] = []
        var counts: [Int] = [2, 3]
        var explicitAdditional = false
        Self.collect(sourceDocument, names: &names, constants: &constants, counts: &counts, explicitAdditional: &explicitAdditional, depth: 0)
        let sourceNames = Set(names)
        var targetNames: [String] = []
        var ignored = false
        Self.collect(targetDocument, names: &targetNames, constants: &constants, counts: &counts, explicitAdditional: &ignored, depth: 0)
        if !lenient {
            for n in targetNames where !sourceNames.contains(n) { names.append(n) }
        }
        // Under lenient, producers emit undeclared members only where the source's
        // `additionalProperties` says what they hold (as the prover reads it).
        if !lenient || explicitAdditional { names.append("undeclared") }
        var seen = Set<JSONValue>()
        self.constants = constants.filter { seen.insert($0).inserted }.prefix(200).map { $0 }
        self.counts = Array(Set(counts)).sorted()
        var seenNames = Set<String>()
        self.names = names.filter { seenNames.insert($0).inserted }.prefix(100).map { $0 }
    }

    private static func collect(
        _ v: JSONValue, names: inout [String], constants: inout [JSONValue], counts: inout [Int], explicitAdditional: inout Bool, depth: Int
    ) {
        guard depth < 40, constants.count < 400 else { return }
        func collect(_ v: JSONValue, names: inout [String], constants: inout [JSONValue], counts: inout [Int], depth: Int) {
            Self.collect(v, names: &names, constants: &constants, counts: &counts, explicitAdditional: &explicitAdditional, depth: depth)
        }
        guard case .object(let o) = v else {
            if case .array(let a) = v { for x in a.prefix(50) { collect(x, names: &names, constants: &constants, counts: &counts, depth: depth + 1) } }
            return
        }
        for (k, x) in o {
            switch k {
            case "additionalProperties":
                if x != .bool(true) && x != .bool(false) { explicitAdditional = true }
                collect(x, names: &names, constants: &constants, counts: &counts, depth: depth + 1)
            case "properties":
                for (n, sub) in x.objectValue ?? JSONObject() {
                    names.append(n)
                    collect(sub, names: &names, constants: &constants, counts: &counts, depth: depth + 1)
                }
            case "required":
                for n in x.arrayValue ?? [] { if let s = n.stringValue { names.append(s) } }
            case "dependentRequired", "dependentSchemas", "dependencies":
                for (n, sub) in x.objectValue ?? JSONObject() {
                    names.append(n)
                    for m in sub.arrayValue ?? [] { if let s = m.stringValue { names.append(s) } }
                    collect(sub, names: &names, constants: &constants, counts: &counts, depth: depth + 1)
                }
            case "patternProperties":
                for (p, sub) in x.objectValue ?? JSONObject() {
                    names.append(Self.sampleName(matching: p))
                    collect(sub, names: &names, constants: &constants, counts: &counts, depth: depth + 1)
                }
            case "maxItems", "minItems", "maxProperties", "minProperties", "maxContains", "minContains":
                if let n = x.integerValue, n >= 0, n < 64 { counts.append(Int(n) + 1); counts.append(max(0, Int(n) - 1)) }
            case "pattern":
                // A line break: `.` does not match it, so `.+` or `^.*$` reject what `minLength` accepts.
                constants.append(.string("\n"))
                if let p = x.stringValue { constants.append(.string(sampleName(matching: p))) }
            case "enum": constants += (x.arrayValue ?? []).prefix(20)
            case "const": constants.append(x)
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
                if let d = x.doubleValue {
                    constants += [.number(d), .number(d - 1), .number(d + 1), .number(d + 0.5), .number(d - 0.5)].map(Self.normalized)
                    if let i = x.integerValue { constants += [.integer(i * 3), .integer(i * 2 + 1)] }
                }
            case "minLength", "maxLength":
                if let n = x.integerValue, n < 10_000 {
                    for m in [n - 1, n, n + 1] where m >= 0 { constants.append(.string(String(repeating: "a", count: Int(m)))) }
                }
            case "title", "description", "default", "examples", "$comment": continue
            default: collect(x, names: &names, constants: &constants, counts: &counts, depth: depth + 1)
            }
        }
    }

    /// A member name matching `pattern`, read naively: its literal prefix plus a letter.
    static func sampleName(matching pattern: String) -> String {
        var out = ""
        for c in pattern.dropFirst(pattern.hasPrefix("^") ? 1 : 0) {
            if "\\.[]()*+?{}|$".contains(c) { break }
            out.append(c)
        }
        return out + "a"
    }


    static func normalized(_ v: JSONValue) -> JSONValue {
        if case .number(let d) = v, d == d.rounded(), abs(d) < 9e15 { return .integer(Int64(d)) }
        return v
    }

    private mutating func separates(_ v: JSONValue) -> Bool {
        budget -= 1
        return source.isValid(v) && !target.isValid(v) && separatesAsPrinted(v)
    }

    /// Whether `v` still separates once written out and read back: a witness is shown as text, and
    /// a double such as 2.0 is written `2`, which draft 4 reads as a different (integer) instance.
    private func separatesAsPrinted(_ v: JSONValue) -> Bool {
        guard let printed = try? JSONParser().parse(JSONWriter.compact(v)) else { return false }
        return printed == v && Self.sameSpelling(printed, v) ? true : source.isValid(printed) && !target.isValid(printed)
    }

    /// Whether every number in `a` and `b` has the same representation (integer or double).
    private static func sameSpelling(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.integer, .integer), (.null, .null), (.bool, .bool), (.string, .string): return true
        case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { sameSpelling($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && x.allSatisfy { member in y[member.key].map { sameSpelling(member.value, $0) } ?? false }
        default: return false
        }
    }

    /// A verified witness, or nil.
    mutating func find(hint: JSONValue?, at path: [String]) -> JSONValue? {
        var bases = generate([graph.root], depth: 0).filter { source.isValid($0) }
        if bases.isEmpty, let h = hint, path.isEmpty { bases = [h] }
        if let h = hint {
            for base in bases.prefix(4) {
                let lifted = Self.setting(base, at: path, to: h)
                if separates(lifted) { return lifted }
            }
            if path.isEmpty, separates(h) { return h }
        }
        for base in bases where separates(base) { return base }
        for base in bases.prefix(6) {
            if let found = mutate(base, depth: 0) { return found }
        }
        return nil
    }

    private mutating func mutate(_ base: JSONValue, depth: Int, rebuild: (JSONValue) -> JSONValue = { $0 }) -> JSONValue? {
        guard budget > 0, depth < 8 else { return nil }
        var replacements: [JSONValue] = constants + [.null, .bool(true), .integer(0), .integer(-1), .number(12.5), .string(""), .string("x"),
                                                       .array([]), .object(JSONObject()), .integer(1_000_000_000_000)]
        if case .array(let items) = base, let first = items.first {
            replacements.append(.array(items + [first]))
            for n in counts where n > items.count { replacements.append(.array(Array(repeating: first, count: n))) }
        }
        if case .object(let o) = base {
            for n in counts where n > o.count {
                var members = Array(o).map { ($0.key, $0.value) }
                var i = 0
                while members.count < n {
                    let name = i < names.count ? names[i] : "m\(i)"
                    if !o.contains(name) { members.append((name, members.first?.1 ?? .null)) }
                    i += 1
                }
                replacements.append(.object(JSONObject(members)))
            }
        }
        if case .array(let items) = base, items.isEmpty { replacements += [.array([.null]), .array([.integer(1)]), .array([.string("x")])] }
        for r in replacements where r != base {
            let candidate = rebuild(r)
            if budget <= 0 { return nil }
            if separates(candidate) { return candidate }
        }
        switch base {
        case .object(let o):
            let members = Array(o).map { ($0.key, $0.value) }
            for (i, (k, _)) in members.enumerated() {
                var without = members
                without.remove(at: i)
                if separates(rebuild(.object(JSONObject(without)))) { return rebuild(.object(JSONObject(without))) }
                _ = k
            }
            for name in names where !o.contains(name) {
                for value in [JSONValue.null, .string("x"), .integer(1), .number(12.5), .bool(true), .object(JSONObject()), .array([])] + constants.prefix(20) {
                    let candidate = rebuild(.object(JSONObject(members + [(name, value)])))
                    if budget <= 0 { return nil }
                    if separates(candidate) { return candidate }
                }
            }
            for (i, (k, v)) in members.enumerated() {
                let found = mutate(v, depth: depth + 1) { nv in
                    var m = members
                    m[i] = (k, nv)
                    return rebuild(.object(JSONObject(m)))
                }
                if let found { return found }
            }
        case .array(let items):
            for (i, v) in items.enumerated().prefix(4) {
                let found = mutate(v, depth: depth + 1) { nv in
                    var m = items
                    m[i] = nv
                    return rebuild(.array(m))
                }
                if let found { return found }
            }
        default: break
        }
        return nil
    }

    /// `base` with the value at `path` replaced by `value`, creating objects along the way.
    static func setting(_ base: JSONValue, at path: [String], to value: JSONValue) -> JSONValue {
        guard let head = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch base {
        case .object(let o):
            var members = Array(o).map { ($0.key, $0.value) }
            if let i = members.firstIndex(where: { $0.0 == head }) {
                members[i].1 = setting(members[i].1, at: rest, to: value)
            } else {
                members.append((head, setting(.object(JSONObject()), at: rest, to: value)))
            }
            return .object(JSONObject(members))
        case .array(var items):
            if let i = Int(head) {
                while items.count <= i { items.append(items.last ?? .null) }
                items[i] = setting(items[i], at: rest, to: value)
            }
            return .array(items)
        default:
            return .object(JSONObject([(head, setting(.object(JSONObject()), at: rest, to: value))]))
        }
    }

    // MARK: - Generator

    /// A few instances of the conjunction of `nodes` (each checked against every node).
    /// At most `limit` are returned; callers that need one value ask for one, so that no time goes into
    /// checking candidates nobody reads.
    mutating func generate(_ nodes: [Node], depth: Int, consumed: Set<String> = [], limit: Int = 8) -> [JSONValue] {
        guard depth < 10, budget > 0 else { return [] }
        let fa = Conjunction(nodes, graph: graph, consumed: consumed)
        if fa.isEmpty { return [] }
        var out: [JSONValue] = []
        if let d = fa.disjunctions.first {
            var next = consumed
            next.insert(d.id)
            for branch in d.branches.prefix(8) {
                out += generate(nodes + [branch], depth: depth + 1, consumed: next).prefix(2)
            }
            return accepted(out, nodes, limit: limit)
        }
        if let c = fa.conditionals.first {
            var next = consumed
            next.insert(c.id + "/if")
            for extra in [["if", "then"], ["else"]] {
                let added = extra.compactMap { graph.child(c, $0) }
                out += generate(nodes + added, depth: depth + 1, consumed: next).prefix(3)
            }
            out += generate(nodes, depth: depth + 1, consumed: next).prefix(3)
            return accepted(out, nodes, limit: limit)
        }
        if let values = fa.enumValues { return accepted(Array(values.prefix(8)), nodes, limit: limit) }
        // One list per kind, interleaved below, objects and arrays first: a schema without `type`
        // must offer them within the first few candidates (most of a schema's structure is there).
        var byKind: [[JSONValue]] = []
        for k in [Kinds.object, .array, .string, .integer, .fraction, .boolean, .null] where fa.kinds.contains(k) {
            var out: [JSONValue] = []
            defer { byKind.append(out) }
            switch k {
            case .null: out.append(.null)
            case .boolean: out += [.bool(true), .bool(false)]
            case .integer:
                let n = NumericFacets(fa.parts)
                var candidates: [Int64] = [0, 1, 2, 10, 100, -1]
                if let r = n.integerRange {
                    if r.lowerBound != Int64.min { candidates.insert(r.lowerBound, at: 0); candidates.append(r.lowerBound &+ 1) }
                    if r.upperBound != Int64.max { candidates.append(r.upperBound) }
                }
                for m in n.multiples where m == m.rounded() && abs(m) < 1e15 { candidates.insert(Int64(m), at: 0) }
                out += candidates.map { .integer($0) }
            case .fraction:
                let n = NumericFacets(fa.parts)
                var candidates: [Double] = [12.5, 0.5, 1.5, -0.5]
                if let lo = n.lower?.value { candidates.insert(lo + 0.5, at: 0) }
                if let hi = n.upper?.value { candidates.append(hi - 0.5) }
                for m in n.multiples { candidates.insert(m * 1, at: 0); candidates.append(m * 3) }
                out += candidates.map { .number($0) }
            case .string:
                let s = StringFacets(fa.parts)
                for f in s.formats { if let sample = Self.formatSamples[f] { out.append(.string(sample)) } }
                // A pattern's literal prefix (with and without a letter after it) often matches it.
                for p in s.patterns.prefix(4) {
                    let sample = Self.sampleName(matching: p)
                    out += [.string(sample), .string(String(sample.dropLast()))]
                }
                out.append(.string(String(repeating: "a", count: max(1, s.minLength))))
                if s.minLength == 0 { out.append(.string("")) }
                out += [.string("x"), .string("abc"), .string("A1"), .string("0"), .string("hello world")]
            case .array:
                let a = ArrayFacets(fa.parts)
                var items: [JSONValue] = []
                let count = max(a.minItems, a.prefixLength, 1)
                for i in 0..<min(count, 16) {
                    let itemNodes = fa.parts.compactMap { ArrayFacets.itemNode($0, i, graph: graph) }
                    let options = generate(itemNodes, depth: depth + 1)
                    guard let first = options.first else { break }
                    items.append(a.unique && options.count > i ? options[i] : first)
                }
                // The array with items first: it exercises the item schemas.
                out.append(.array(items))
                for part in fa.parts where part["contains"] != nil {
                    if let c = graph.child(part, "contains"), let v = generate([c], depth: depth + 1, limit: 1).first {
                        out.append(.array([v] + items.dropFirst()))
                        if items.isEmpty { out.append(.array([v])) }
                    }
                }
                if a.minItems == 0 { out.append(.array([])) }
            case .object:
                let o = ObjectFacets(fa.parts)
                var required: [(String, JSONValue)] = []
                var all: [(String, JSONValue)] = []
                var names = o.declared
                for r in o.required.sorted() where !names.contains(r) { names.append(r) }
                for name in names {
                    let valueNodes = memberNodes(fa.parts, name)
                    if valueNodes.contains(where: { $0.value == .bool(false) }) { continue }
                    guard let v = generate(valueNodes, depth: depth + 1, limit: 1).first else { continue }
                    all.append((name, v))
                    if o.required.contains(name) { required.append((name, v)) }
                }
                // Members up to `minProperties`, named as the schemas name members where possible.
                var padding = 0
                while all.count < min(o.minProperties, 64) {
                    let name = padding < self.names.count ? self.names[padding] : "m\(padding)"
                    padding += 1
                    if all.contains(where: { $0.0 == name }) { continue }
                    let valueNodes = memberNodes(fa.parts, name)
                    all.append((name, generate(valueNodes, depth: depth + 1, limit: 1).first ?? .null))
                }
                out.append(.object(JSONObject(all)))
                out.append(.object(JSONObject(required)))
            default: break
            }
        }
        var interleaved: [JSONValue] = []
        for round in 0..<(byKind.map(\.count).max() ?? 0) {
            for list in byKind where round < list.count { interleaved.append(list[round]) }
        }
        return accepted(interleaved, nodes, limit: limit)
    }

    private func memberNodes(_ parts: [Node], _ name: String) -> [Node] {
        var result: [Node] = []
        for part in parts {
            if part["properties"]?[name] != nil, let n = graph.child(part, "properties", name) { result.append(n); continue }
            if part["additionalProperties"] != nil, let n = graph.child(part, "additionalProperties") { result.append(n) }
        }
        return result
    }

    /// The first `limit` distinct values that every node accepts, in order.
    private func accepted(_ values: [JSONValue], _ nodes: [Node], limit: Int = 8) -> [JSONValue] {
        // Nodes whose own keywords the generator honours need no validator (compiling one costs more than
        // the candidates are worth); the final instance is always checked against the whole schema.
        let checked = nodes.filter { node in node.object.map { o in o.contains { Self.unhonoured.contains($0.key) } } ?? (node.value == .bool(false)) }
        var result: [JSONValue] = []
        for v in values where result.count < limit && !result.contains(v) {
            if checked.allSatisfy({ validators.accepts($0, v) ?? false }) { result.append(v) }
        }
        return result
    }

    /// Keywords the generator does not construct values for.
    static let unhonoured: Set<String> = ["pattern", "not", "if", "oneOf", "propertyNames", "dependentSchemas", "dependencies",
                                          "dependentRequired", "contains", "uniqueItems", "patternProperties", "additionalProperties",
                                          "multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "maxLength",
                                          "minProperties", "maxProperties", "unevaluatedProperties", "unevaluatedItems",
                                          "$dynamicRef", "$recursiveRef", "additionalItems", "maxItems"]

    static let formatSamples: [String: String] = [
        "email": "user@example.com", "idn-email": "user@example.com", "date": "2024-01-15", "date-time": "2024-01-15T10:00:00Z",
        "time": "10:00:00Z", "uuid": "123e4567-e89b-12d3-a456-426614174000", "uri": "https://example.com/a",
        "uri-reference": "/a", "iri": "https://example.com/a", "iri-reference": "/a", "hostname": "example.com",
        "idn-hostname": "example.com", "ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "duration": "P1D",
        "json-pointer": "/a", "relative-json-pointer": "0/a", "regex": "^a$", "uri-template": "https://example.com/{a}",
    ]
}
