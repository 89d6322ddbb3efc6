import AccordJSON
import AccordSchema

/// A numeric bound: a value and whether it is excluded.
struct Bound {
    var value: Double
    var exclusive: Bool
}

/// Numeric keywords of a conjunction, tightest bound first.
struct NumericFacets {
    var lower: Bound?
    var upper: Bound?
    var multiples: [Double] = []

    init(_ parts: [Node]) {
        for part in parts {
            guard let o = part.object else { continue }
            if let m = o["minimum"]?.doubleValue {
                let excl = part.draft == .draft4 && o["exclusiveMinimum"] == .bool(true)
                tightenLower(Bound(value: m, exclusive: excl))
            }
            if let m = o["exclusiveMinimum"]?.doubleValue { tightenLower(Bound(value: m, exclusive: true)) }
            if let m = o["maximum"]?.doubleValue {
                let excl = part.draft == .draft4 && o["exclusiveMaximum"] == .bool(true)
                tightenUpper(Bound(value: m, exclusive: excl))
            }
            if let m = o["exclusiveMaximum"]?.doubleValue { tightenUpper(Bound(value: m, exclusive: true)) }
            if let m = o["multipleOf"]?.doubleValue, m > 0 { multiples.append(m) }
        }
    }

    private mutating func tightenLower(_ b: Bound) {
        guard let l = lower else { lower = b; return }
        if b.value > l.value || (b.value == l.value && b.exclusive) { lower = b }
    }

    private mutating func tightenUpper(_ b: Bound) {
        guard let u = upper else { upper = b; return }
        if b.value < u.value || (b.value == u.value && b.exclusive) { upper = b }
    }

    /// The integers admitted by the bounds (Int64.min/max for unbounded), nil when none.
    var integerRange: ClosedRange<Int64>? {
        var lo = Int64.min
        var hi = Int64.max
        if let l = lower {
            let v = l.exclusive && l.value == l.value.rounded(.down) ? l.value + 1 : l.value.rounded(.up)
            if v > 9.2e18 { return nil }
            if v > -9.2e18 { lo = Int64(v) }
        }
        if let u = upper {
            let v = u.exclusive && u.value == u.value.rounded(.up) ? u.value - 1 : u.value.rounded(.down)
            if v < -9.2e18 { return nil }
            if v < 9.2e18 { hi = Int64(v) }
        }
        return lo <= hi ? lo...hi : nil
    }

    /// Whether no non-integral number fits (a point interval, or contradictory bounds).
    var isFractionEmpty: Bool {
        guard let l = lower, let u = upper else { return false }
        if l.value > u.value { return true }
        if l.value == u.value { return true }
        return false
    }

    /// Whether every admitted value is a multiple of `m` (some own multipleOf is a multiple of it).
    func impliesMultiple(of m: Double, integersOnly: Bool) -> Bool {
        guard let dm = DecimalDigits(m) else { return false }
        if integersOnly, let one = DecimalDigits(1), DecimalDigits.isMultiple(one, of: dm) { return true }
        return multiples.contains { k in
            guard let dk = DecimalDigits(k) else { return false }
            return DecimalDigits.isMultiple(dk, of: dm)
        }
    }

    /// Whether these bounds admit nothing below `other`'s lower bound.
    func lowerWithin(_ other: Bound, integers: Bool) -> Bool {
        if integers {
            guard let r = integerRange, r.lowerBound != Int64.min else { return false }
            let v = Double(r.lowerBound)
            return other.exclusive ? v > other.value : v >= other.value
        }
        guard let l = lower else { return false }
        if l.value > other.value { return true }
        return l.value == other.value && (l.exclusive || !other.exclusive)
    }

    func upperWithin(_ other: Bound, integers: Bool) -> Bool {
        if integers {
            guard let r = integerRange, r.upperBound != Int64.max else { return false }
            let v = Double(r.upperBound)
            return other.exclusive ? v < other.value : v <= other.value
        }
        guard let u = upper else { return false }
        if u.value < other.value { return true }
        return u.value == other.value && (u.exclusive || !other.exclusive)
    }
}

/// String keywords of a conjunction.
struct StringFacets {
    var minLength = 0
    var maxLength: Int?
    var patterns: [String] = []
    var formats: [String] = []

    init(_ parts: [Node]) {
        for part in parts {
            guard let o = part.object else { continue }
            if let m = o["minLength"]?.integerValue { minLength = max(minLength, Int(clamping: m)) }
            if let m = o["maxLength"]?.integerValue { maxLength = min(maxLength ?? Int.max, Int(clamping: m)) }
            if let p = o["pattern"]?.stringValue { patterns.append(p) }
            if let f = o["format"]?.stringValue { formats.append(f) }
        }
    }

    /// Patterns every string matches.
    ///
    /// `pattern` searches (it is not anchored), so one that matches the empty string with no
    /// assertion in it (`^`, `$`, `\b`, `\B`, lookarounds) matches at the start of every string:
    /// `a*`, `x?`, `.*`. With `matchesEmpty` nil only the spellings listed are recognised. Note
    /// `^.*$` is not universal: `.` does not match a line terminator.
    static func isUniversal(_ pattern: String, matchesEmpty: ((String) -> Bool)? = nil) -> Bool {
        if ["", ".*", "^.*", ".*$", "[\\s\\S]*", "^[\\s\\S]*$", "(.*)"].contains(pattern) { return true }
        guard let matchesEmpty else { return false }
        let assertions = ["^", "$", "\\b", "\\B", "(?=", "(?!", "(?<"]
        if assertions.contains(where: { pattern.contains($0) }) { return false }
        return matchesEmpty(pattern)
    }
}

/// Array keywords of a conjunction.
struct ArrayFacets {
    var minItems = 0
    var maxItems: Int?
    var unique = false
    var prefixLength = 0

    init(_ parts: [Node]) {
        for part in parts {
            guard let o = part.object else { continue }
            if let m = o["minItems"]?.integerValue { minItems = max(minItems, Int(clamping: m)) }
            if let m = o["maxItems"]?.integerValue { maxItems = min(maxItems ?? Int.max, Int(clamping: m)) }
            if o["uniqueItems"] == .bool(true) { unique = true }
            prefixLength = max(prefixLength, Self.prefix(of: part).count)
        }
    }

    /// The tuple schemas of a part: `prefixItems` (2020-12) or array-form `items` (earlier drafts).
    static func prefix(of part: Node) -> [JSONValue] {
        if part.draft >= .draft2020_12 { return part["prefixItems"]?.arrayValue ?? [] }
        return part["items"]?.arrayValue ?? []
    }

    /// The schema a part applies to item `index` (nil = unconstrained).
    static func itemNode(_ part: Node, _ index: Int, graph: SchemaGraph) -> Node? {
        let prefix = prefix(of: part)
        if part.draft >= .draft2020_12 {
            if index < prefix.count { return graph.child(part, "prefixItems", String(index)) }
            return part["items"] != nil ? graph.child(part, "items") : nil
        }
        if part["items"]?.arrayValue != nil {
            if index < prefix.count { return graph.child(part, "items", String(index)) }
            return part["additionalItems"] != nil ? graph.child(part, "additionalItems") : nil
        }
        return part["items"] != nil ? graph.child(part, "items") : nil
    }
}

/// Object keywords of a conjunction.
struct ObjectFacets {
    var required: Set<String> = []
    var minProperties = 0
    var maxProperties: Int?
    var declared: [String] = []
    var dependentRequired: [String: Set<String>] = [:]

    init(_ parts: [Node]) {
        var seen = Set<String>()
        for part in parts {
            guard let o = part.object else { continue }
            for r in o["required"]?.arrayValue ?? [] { if let s = r.stringValue { required.insert(s) } }
            if let m = o["minProperties"]?.integerValue { minProperties = max(minProperties, Int(clamping: m)) }
            if let m = o["maxProperties"]?.integerValue { maxProperties = min(maxProperties ?? Int.max, Int(clamping: m)) }
            for (name, _) in o["properties"]?.objectValue ?? JSONObject() where seen.insert(name).inserted { declared.append(name) }
            var deps: [(String, JSONValue)] = part.draft >= .draft2019_09
                ? Array(o["dependentRequired"]?.objectValue.map { Array($0) } ?? []).map { ($0.key, $0.value) } : []
            if part.draft <= .draft7, let d = o["dependencies"]?.objectValue {
                deps += d.filter { $0.value.arrayValue != nil }.map { ($0.key, $0.value) }
            }
            for (key, names) in deps {
                for n in names.arrayValue ?? [] { if let s = n.stringValue { dependentRequired[key, default: []].insert(s) } }
            }
        }
    }

    /// Schema-valued dependencies of a part: `dependentSchemas` or draft ≤ 7 `dependencies`.
    static func dependentSchemas(_ part: Node) -> [(name: String, path: [String])] {
        var result: [(String, [String])] = []
        if part.draft >= .draft2019_09 {
            for (k, _) in part["dependentSchemas"]?.objectValue ?? JSONObject() { result.append((k, ["dependentSchemas", k])) }
        }
        if part.draft <= .draft7 {
            for (k, v) in part["dependencies"]?.objectValue ?? JSONObject() where v.arrayValue == nil { result.append((k, ["dependencies", k])) }
        }
        return result
    }
}
