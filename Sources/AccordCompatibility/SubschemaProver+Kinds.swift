import AccordJSON
import AccordSchema

/// The per-type rules: numbers, strings, arrays, objects. Each returns nil when the rule holds.
extension SubschemaProver {
    private func failure(_ a: LeftSchema, _ b: Node, _ path: [String], _ kind: String, _ reason: String, hint: JSONValue? = nil) -> ProofOutcome {
        .failed(ProofFailure(kind: kind, reason: reason, leftPointer: a.nodes.first(where: { !$0.isSynthetic })?.pointerText ?? "",
                             rightPointer: b.isSynthetic ? "" : b.pointerText, instancePath: path, hint: hint))
    }

    private static func number(_ d: Double) -> JSONValue {
        if d == d.rounded(), abs(d) < 9e15 { return .integer(Int64(d)) }
        return .number(d)
    }

    func numbers(_ a: LeftSchema, _ fa: Conjunction, _ k: Kinds, _ b: Node, _ fb: Conjunction, _ path: [String]) -> ProofOutcome? {
        let an = NumericFacets(fa.parts)
        let bn = NumericFacets(fb.parts)
        let integers = k == .integer
        if let lo = bn.lower, !an.lowerWithin(lo, integers: integers) {
            let hint: JSONValue = integers ? Self.number((lo.value.rounded(.up) - (lo.exclusive || lo.value != lo.value.rounded() ? 0 : 1)))
                : .number(lo.value - 0.5)
            let kind = an.lower == nil ? "minimum-added" : "minimum-increased"
            return failure(a, b, path, kind, "lower bound \(lo.exclusive ? ">" : "≥") \(Self.format(lo.value)) rejects values the source accepts, such as \(JSONWriter.compact(hint))", hint: hint)
        }
        if let hi = bn.upper, !an.upperWithin(hi, integers: integers) {
            let hint: JSONValue = integers ? Self.number(hi.value.rounded(.down) + (hi.exclusive || hi.value != hi.value.rounded() ? 0 : 1))
                : .number(hi.value + 0.5)
            let kind = an.upper == nil ? "maximum-added" : "maximum-decreased"
            return failure(a, b, path, kind, "upper bound \(hi.exclusive ? "<" : "≤") \(Self.format(hi.value)) rejects values the source accepts, such as \(JSONWriter.compact(hint))", hint: hint)
        }
        for m in bn.multiples where !an.impliesMultiple(of: m, integersOnly: integers) {
            let base = an.multiples.first ?? (integers ? 1 : 0.5)
            let hint = Self.number(base * (m == base ? 3 : 1) + (m == 1 && !integers ? 0.5 : 0))
            return failure(a, b, path, an.multiples.isEmpty ? "multiple-of-added" : "multiple-of-changed",
                           "values must be multiples of \(Self.format(m)); the source accepts others", hint: hint)
        }
        return nil
    }

    static func format(_ d: Double) -> String { JSONWriter.compact(number(d)) }

    func strings(_ a: LeftSchema, _ fa: Conjunction, _ b: Node, _ fb: Conjunction, _ path: [String]) -> ProofOutcome? {
        let s = StringFacets(fa.parts)
        let t = StringFacets(fb.parts)
        if t.minLength > s.minLength {
            let hint = JSONValue.string(String(repeating: "a", count: s.minLength))
            return failure(a, b, path, s.minLength == 0 ? "min-length-added" : "min-length-increased",
                           "minimum length \(t.minLength) rejects shorter strings the source accepts, such as \(JSONWriter.compact(hint))", hint: hint)
        }
        if let hi = t.maxLength, (s.maxLength ?? Int.max) > hi {
            let hint = JSONValue.string(String(repeating: "a", count: hi + 1))
            return failure(a, b, path, s.maxLength == nil ? "max-length-added" : "max-length-decreased",
                           "maximum length \(hi) rejects longer strings the source accepts", hint: hint)
        }
        for p in t.patterns where !s.patterns.contains(p) && !StringFacets.isUniversal(p, matchesEmpty: { self.matches($0, "") }) {
            if s.patterns.isEmpty {
                return failure(a, b, path, "pattern-added", "pattern \(JSONWriter.compact(.string(p))) rejects strings the source accepts", hint: .string(""))
            }
            return failure(a, b, path, "pattern-changed",
                           "cannot prove that strings matching pattern \(s.patterns.map { JSONWriter.compact(.string($0)) }.joined(separator: ", ")) match \(JSONWriter.compact(.string(p)))", hint: .string(""))
        }
        for f in t.formats where !s.formats.contains(f) {
            return failure(a, b, path, s.formats.isEmpty ? "format-added" : "format-changed",
                           "format \"\(f)\" rejects strings the source accepts", hint: .string("not a \(f)"))
        }
        return nil
    }

    func arrays(_ a: LeftSchema, _ fa: Conjunction, _ b: Node, _ fb: Conjunction, _ path: [String]) -> ProofOutcome? {
        let s = ArrayFacets(fa.parts)
        let t = ArrayFacets(fb.parts)
        if t.minItems > s.minItems {
            return failure(a, b, path, s.minItems == 0 ? "min-items-added" : "min-items-increased",
                           "at least \(t.minItems) items are required; the source accepts \(s.minItems)")
        }
        if let hi = t.maxItems, (s.maxItems ?? Int.max) > hi {
            return failure(a, b, path, s.maxItems == nil ? "max-items-added" : "max-items-decreased",
                           "at most \(hi) items are accepted; the source accepts more")
        }
        if t.unique && !s.unique && (s.maxItems ?? 2) > 1 {
            return failure(a, b, path, "unique-items-added", "items must be unique; the source accepts duplicates")
        }
        let count = max(s.prefixLength, t.prefixLength) + 1
        for index in 0..<count {
            if let hi = s.maxItems, index >= hi { break }
            let leftItems = fa.parts.compactMap { ArrayFacets.itemNode($0, index, graph: left) }
            let label = index == count - 1 ? "\(index)" : "\(index)"
            for part in fb.parts {
                guard let target = ArrayFacets.itemNode(part, index, graph: right) else { continue }
                let r = includes(LeftSchema(nodes: leftItems), in: target, path: path + [label])
                if case .failed(var f) = r {
                    if f.kind == "type-narrowed" { f.kind = "item-type-narrowed" }
                    return .failed(f)
                }
            }
        }
        // contains / minContains / maxContains.
        for part in fb.parts where part["contains"] != nil && part.draft >= .draft6 {
            guard let target = right.child(part, "contains") else { continue }
            let minContains = part.draft >= .draft2019_09 ? Int(clamping: part["minContains"]?.integerValue ?? 1) : 1
            if minContains > 0 {
                var ok = false
                for lp in fa.parts where lp["contains"] != nil && lp.draft >= .draft6 {
                    let lmin = lp.draft >= .draft2019_09 ? Int(clamping: lp["minContains"]?.integerValue ?? 1) : 1
                    if lmin >= minContains, let c = left.child(lp, "contains"), includes(LeftSchema(nodes: [c]), in: target).isProven { ok = true; break }
                }
                if !ok && s.minItems >= minContains {
                    let all = fa.parts.compactMap { ArrayFacets.itemNode($0, count - 1, graph: left) }
                    if s.prefixLength == 0, includes(LeftSchema(nodes: all), in: target).isProven { ok = true }
                }
                if !ok {
                    return failure(a, b, path, "contains-added", "arrays must contain \(minContains) matching item(s); the source does not guarantee it", hint: .array([]))
                }
            }
            if let maxContains = part["maxContains"]?.integerValue, part.draft >= .draft2019_09 {
                var ok = (s.maxItems ?? Int.max) <= Int(clamping: maxContains)
                if !ok {
                    for lp in fa.parts where lp["maxContains"] != nil {
                        if let lmax = lp["maxContains"]?.integerValue, lmax <= maxContains, let c = lp["contains"],
                           c == part["contains"], !SubschemaProver.containsReference(c, depth: 0) { ok = true; break }
                    }
                }
                if !ok {
                    return failure(a, b, path, "max-contains-decreased", "at most \(maxContains) matching item(s) are accepted; the source accepts more")
                }
            }
        }
        return nil
    }

    func objects(_ a: LeftSchema, _ fa: Conjunction, _ b: Node, _ fb: Conjunction, _ path: [String]) -> ProofOutcome? {
        let s = ObjectFacets(fa.parts)
        let t = ObjectFacets(fb.parts)
        for name in t.required.sorted() where !s.required.contains(name) {
            return failure(a, b, path + [name], "required-property-added",
                           "property \"\(name)\" is now required; objects without it are rejected")
        }
        if t.minProperties > max(s.minProperties, s.required.count) {
            return failure(a, b, path, s.minProperties == 0 ? "min-properties-added" : "min-properties-increased",
                           "at least \(t.minProperties) members are required; the source accepts fewer")
        }
        if let hi = t.maxProperties, (s.maxProperties ?? Int.max) > hi {
            return failure(a, b, path, s.maxProperties == nil ? "max-properties-added" : "max-properties-decreased",
                           "at most \(hi) members are accepted; the source accepts more")
        }
        // Named members: every name either side declares.
        var names: [String] = s.declared
        var seen = Set(names)
        for n in t.declared where seen.insert(n).inserted { names.append(n) }
        for n in s.required.union(t.required).sorted() where seen.insert(n).inserted { names.append(n) }
        for name in names {
            let lv = leftValueNodes(fa.parts, name)
            if lv.contains(where: { $0.value == .bool(false) }) { continue }
            for target in rightValueNodes(fb.parts, name) {
                let r = includes(LeftSchema(nodes: lv), in: target, path: path + [name])
                if case .failed(var f) = r {
                    let declaredLeft = fa.parts.contains { $0["properties"]?[name] != nil }
                    let declaredRight = fb.parts.contains { $0["properties"]?[name] != nil }
                    if !declaredLeft && declaredRight {
                        f.kind = "property-added-to-open-content-model"
                        f.reason = "property \"\(name)\" added to an open content model; undeclared members could already carry other values: " + f.reason
                    } else if declaredLeft && !declaredRight {
                        f.kind = target.value == .bool(false) ? "property-removed-from-closed-content-model" : "property-removed-narrowed"
                    } else if f.kind == "type-narrowed" && f.instancePath == path + [name] {
                        f.kind = "property-type-narrowed"
                    }
                    return .failed(f)
                }
            }
        }
        // Unnamed members: names neither side declares.
        let leftGroups = unnamedGroups(fa.parts)
        for part in fb.parts {
            let rightPatterns = Array((part["patternProperties"]?.objectValue ?? JSONObject()).keys)
            for pattern in rightPatterns {
                guard let target = right.child(part, "patternProperties", pattern) else { continue }
                if !leftGroups.contains(where: { group in group.candidates(forPattern: pattern).allSatisfy { includes(LeftSchema(nodes: [$0]), in: target).isProven } }) {
                    return failure(a, b, path, "pattern-property-narrowed",
                                   "members matching \(JSONWriter.compact(.string(pattern))) are constrained more than in the source")
                }
            }
            if part["additionalProperties"] != nil, let target = right.child(part, "additionalProperties") {
                let ok = leftGroups.contains { group in
                    group.candidates(excluding: rightPatterns).allSatisfy { includes(LeftSchema(nodes: [$0]), in: target).isProven }
                }
                if !ok {
                    let closing = target.value == .bool(false)
                    return failure(a, b, path + ["undeclared"], closing ? "additional-properties-removed" : "additional-properties-narrowed",
                                   closing ? "the content model was closed; members the source does not declare are rejected"
                                       : "undeclared members are constrained more than in the source",
                                   hint: closing ? nil : .array([.null]))
                }
            }
            // propertyNames
            if part["propertyNames"] != nil, part.draft >= .draft6, let target = right.child(part, "propertyNames") {
                var ok = fa.parts.contains { lp in lp["propertyNames"] != nil && lp.draft >= .draft6 && left.child(lp, "propertyNames").map { includes(LeftSchema(nodes: [$0]), in: target).isProven } == true }
                if !ok, leftGroups.contains(where: { $0.isClosed }) {
                    ok = s.declared.allSatisfy { n in
                        leftValueNodes(fa.parts, n).contains { $0.value == .bool(false) } || rightValidators.accepts(target, .string(n)) == true
                    }
                }
                if !ok {
                    return failure(a, b, path, "property-names-narrowed", "member names are constrained more than in the source")
                }
            }
            // dependentRequired
            for (key, needed) in ObjectFacets([part]).dependentRequired {
                let own = s.dependentRequired[key] ?? []
                let missing = needed.subtracting(own).subtracting(s.required)
                if missing.isEmpty { continue }
                if leftValueNodes(fa.parts, key).contains(where: { $0.value == .bool(false) }) { continue }
                return failure(a, b, path, "dependent-required-added",
                               "when \"\(key)\" is present, \(missing.sorted().map { "\"\($0)\"" }.joined(separator: ", ")) must be too")
            }
            // dependentSchemas
            for (key, keyPath) in ObjectFacets.dependentSchemas(part) {
                guard let target = right.child(part, keyPath) else { continue }
                if leftValueNodes(fa.parts, key).contains(where: { $0.value == .bool(false) }) { continue }
                var ok = includes(a, in: target, path: path).isProven
                if !ok {
                    for lp in fa.parts {
                        for (lk, lpath) in ObjectFacets.dependentSchemas(lp) where lk == key {
                            if let ln = left.child(lp, lpath), includes(a.adding(ln), in: target, path: path).isProven { ok = true }
                        }
                    }
                }
                if !ok {
                    return failure(a, b, path + [key], "dependent-schema-added", "when \"\(key)\" is present the object must match a schema the source does not impose")
                }
            }
        }
        return nil
    }

    /// For each left part, the schemas an undeclared member's value may have to satisfy.
    struct UnnamedGroup {
        var patterns: [(String, Node)]
        var additional: Node?
        var isClosed: Bool { additional?.value == .bool(false) && patterns.isEmpty }

        func candidates(forPattern pattern: String) -> [Node] {
            if let own = patterns.first(where: { $0.0 == pattern }) { return [own.1] }
            return patterns.map(\.1) + (additional.map { [$0] } ?? [.trueNode])
        }

        func candidates(excluding rightPatterns: [String]) -> [Node] {
            patterns.filter { !rightPatterns.contains($0.0) }.map(\.1) + (additional.map { [$0] } ?? [.trueNode])
        }
    }

    func unnamedGroups(_ parts: [Node]) -> [UnnamedGroup] {
        var groups: [UnnamedGroup] = []
        for part in parts where part.object != nil {
            let patterns = (part["patternProperties"]?.objectValue ?? JSONObject()).compactMap { entry in
                left.child(part, "patternProperties", entry.key).map { (entry.key, $0) }
            }
            var additional = part["additionalProperties"] != nil ? left.child(part, "additionalProperties") : nil
            if lenient && (additional == nil || additional?.value == .bool(true)) { additional = .falseNode }
            groups.append(UnnamedGroup(patterns: patterns, additional: additional))
        }
        if groups.isEmpty { groups.append(UnnamedGroup(patterns: [], additional: lenient ? .falseNode : nil)) }
        return groups
    }
}

