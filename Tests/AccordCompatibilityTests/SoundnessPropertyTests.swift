import AccordCompatibility
import AccordJSON
import AccordSchema
import Testing

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Schemas from a small grammar, and instances from a small universe of values.
struct SchemaGrammar {
    var rng: SeededRandom

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    static let names = ["a", "b", "c"]

    mutating func schema(depth: Int = 0) -> JSONValue {
        var m: [(String, JSONValue)] = []
        let kind = depth > 1 ? pick(["integer", "number", "string", "boolean", "null", "enum"]) : pick(["integer", "number", "string", "object", "array", "anyOf", "enum", "multi", "none"])
        switch kind {
        case "integer", "number":
            m.append(("type", .string(kind)))
            if chance(0.4) { m.append(("minimum", .integer(Int64.random(in: -2...3, using: &rng)))) }
            if chance(0.4) { m.append(("maximum", .integer(Int64.random(in: 2...9, using: &rng)))) }
            if chance(0.2) { m.append(("exclusiveMinimum", .number(pick([-1.5, 0, 0.5])))) }
            if chance(0.25) { m.append(("multipleOf", pick([.integer(2), .integer(3), .number(0.5), .integer(1)]))) }
        case "string":
            m.append(("type", .string("string")))
            if chance(0.4) { m.append(("minLength", .integer(Int64.random(in: 0...2, using: &rng)))) }
            if chance(0.4) { m.append(("maxLength", .integer(Int64.random(in: 1...4, using: &rng)))) }
            if chance(0.2) { m.append(("pattern", .string(pick(["^a", "^[ab]*$", "b"])))) }
        case "boolean", "null":
            m.append(("type", .string(kind)))
        case "enum":
            let pool: [JSONValue] = [.integer(1), .integer(2), .string("a"), .string("b"), .null, .bool(true), .number(1.5)]
            var values: [JSONValue] = []
            for v in pool where chance(0.4) { values.append(v) }
            if values.isEmpty { values = [.integer(1)] }
            m.append(("enum", .array(values)))
        case "object":
            m.append(("type", .string("object")))
            var props: [(String, JSONValue)] = []
            for n in Self.names where chance(0.6) { props.append((n, schema(depth: depth + 1))) }
            m.append(("properties", .object(JSONObject(props))))
            let req = props.map(\.0).filter { _ in chance(0.4) }
            if !req.isEmpty { m.append(("required", .array(req.map { .string($0) }))) }
            if chance(0.3) { m.append(("additionalProperties", chance(0.5) ? .bool(false) : schema(depth: depth + 2))) }
            if chance(0.15) { m.append(("maxProperties", .integer(Int64.random(in: 0...2, using: &rng)))) }
        case "array":
            m.append(("type", .string("array")))
            if chance(0.7) { m.append(("items", schema(depth: depth + 1))) }
            if chance(0.3) { m.append(("maxItems", .integer(Int64.random(in: 0...3, using: &rng)))) }
            if chance(0.2) { m.append(("minItems", .integer(Int64.random(in: 0...2, using: &rng)))) }
            if chance(0.2) { m.append(("uniqueItems", .bool(true))) }
        case "anyOf":
            m.append((pick(["anyOf", "oneOf", "allOf"]), .array([schema(depth: depth + 1), schema(depth: depth + 1)])))
        case "multi":
            m.append(("type", .array([.string(pick(["string", "integer"])), .string(pick(["null", "number", "boolean"]))])))
        default:
            if chance(0.5) { m.append(("not", schema(depth: depth + 2))) }
        }
        return .object(JSONObject(m))
    }

    mutating func instance(depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 6 : 8), using: &rng) {
        case 0: return .null
        case 1: return .bool(chance(0.5))
        case 2: return .integer(Int64.random(in: -3...12, using: &rng))
        case 3: return .number(pick([-1.5, 0.5, 1.5, 2.5, 3.25, 7.5, 1e10]))
        case 4: return .string(pick(["", "a", "b", "ab", "ba", "abc", "abcde", "zz"]))
        case 5: return .integer(pick([1, 2, 3, 4, 6]))
        case 6:
            return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in instance(depth: depth + 1) })
        default:
            var m: [(String, JSONValue)] = []
            for n in Self.names + ["x"] where chance(0.5) { m.append((n, instance(depth: depth + 1))) }
            return .object(JSONObject(m))
        }
    }
}

@Suite("soundness on generated schemas")
struct SoundnessPropertyTests {
    /// For every pair the checker calls compatible, no sampled source instance is rejected by the target.
    @Test(arguments: Array(UInt64(1)...8))
    func compatibleVerdictsHoldOnSampledInstances(seed: UInt64) throws {
        var grammar = SchemaGrammar(rng: SeededRandom(seed: seed))
        var options = SchemaOptions()
        options.assertFormat = true
        let checker = CompatibilityChecker()
        var compatibleCount = 0
        for _ in 0..<120 {
            let old = grammar.schema()
            let new = grammar.chance(0.5) ? grammar.schema() : mutate(old, &grammar)
            for level in [CompatibilityLevel.backward, .forward] {
                // The grammar can produce meta-schema-invalid schemas (e.g. maxLength -1): those are errors, not verdicts.
                guard let report = try? checker.check(old: old, new: new, level: level) else { continue }
                if let w = report.witness {
                    try expectSeparates(w, old: old, new: new)
                }
                guard report.isCompatible else { continue }
                compatibleCount += 1
                let (from, to) = level == .backward ? (old, new) : (new, old)
                let source = try JSONSchema(compiling: from, options: options)
                let target = try JSONSchema(compiling: to, options: options)
                for _ in 0..<300 {
                    let v = grammar.instance()
                    if source.isValid(v) {
                        #expect(target.isValid(v), "claimed compatible, but \(JSONWriter.compact(v)) is valid under \(JSONWriter.compact(from)) and rejected by \(JSONWriter.compact(to))")
                    }
                }
            }
        }
        #expect(compatibleCount > 0)
    }

    /// A second schema close to the first: one keyword changed, added or removed.
    func mutate(_ schema: JSONValue, _ g: inout SchemaGrammar) -> JSONValue {
        guard case .object(let o) = schema else { return schema }
        var members = Array(o).map { ($0.key, $0.value) }
        switch Int.random(in: 0..<4, using: &g.rng) {
        case 0 where !members.isEmpty:
            members.remove(at: Int.random(in: 0..<members.count, using: &g.rng))
        case 1:
            let extra = g.schema(depth: 2)
            for (k, v) in extra.objectValue ?? JSONObject() where !members.contains(where: { $0.0 == k }) { members.append((k, v)) }
        case 2:
            if let i = members.firstIndex(where: { $0.0 == "properties" }), case .object(let props) = members[i].1 {
                var p = Array(props).map { ($0.key, $0.value) }
                if !p.isEmpty { p[0].1 = mutate(p[0].1, &g) }
                p.append((g.pick(SchemaGrammar.names), g.schema(depth: 2)))
                var seen = Set<String>()
                members[i].1 = .object(JSONObject(p.filter { seen.insert($0.0).inserted }))
            }
        default:
            if let i = members.firstIndex(where: { ["minimum", "maximum", "maxLength", "minLength", "maxItems"].contains($0.0) }),
               let n = members[i].1.integerValue {
                members[i].1 = .integer(n + Int64.random(in: -1...1, using: &g.rng))
            }
        }
        return .object(JSONObject(members))
    }
}
