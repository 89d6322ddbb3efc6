import AccordJSON
import AccordSchema

/// Walks an old and a new schema side by side, aligned by keyword and property name, and lists each
/// difference with a stable kind and a per-direction breaking flag.
///
/// The flags are the local reading of each keyword (e.g. a lower `maxLength` rejects old data); the
/// verdict itself comes from ``SubschemaProver``, and flags of a proven direction are cleared.
struct ChangeWalker {
    let lenient: Bool
    var oldDraft: Draft
    var newDraft: Draft
    private(set) var changes: [SchemaChange] = []
    private var visits = 0

    init(lenient: Bool, oldDraft: Draft, newDraft: Draft) {
        self.lenient = lenient
        self.oldDraft = oldDraft
        self.newDraft = newDraft
    }

    private mutating func add(_ kind: String, _ o: [String], _ n: [String], backward: Bool, forward: Bool, _ message: String) {
        guard changes.count < 1000 else { return }
        let op = JSONPointer(tokens: o).description
        let np = JSONPointer(tokens: n).description
        changes.append(SchemaChange(kind: kind, oldLocation: op, newLocation: np, breaksBackward: backward, breaksForward: forward,
                                    message: "`#\(np.isEmpty ? op : np)`: " + message))
    }

    private static func object(_ v: JSONValue) -> JSONObject? {
        switch v {
        case .object(let o): return o
        case .bool(true): return JSONObject()
        case .bool(false): return JSONObject([("not", .object(JSONObject()))])
        default: return nil
        }
    }

    private static func text(_ v: JSONValue) -> String {
        let s = JSONWriter.compact(v)
        return s.count > 60 ? String(s.prefix(57)) + "…" : s
    }

    private static func isOpen(_ o: JSONObject) -> Bool {
        o["additionalProperties"] == nil || o["additionalProperties"] == .bool(true)
    }

    private static func isTrivial(_ v: JSONValue) -> Bool {
        if v == .bool(true) { return true }
        if let o = v.objectValue { return o.allSatisfy { SubschemaProver.annotationKeywords.contains($0.key) } }
        return false
    }

    mutating func walk(_ old: JSONValue, _ new: JSONValue, _ op: [String] = [], _ np: [String] = [], depth: Int = 0) {
        visits += 1
        guard depth < 40, visits < 20_000 else { return }
        if old == new { return }
        guard let o = Self.object(old), let n = Self.object(new) else {
            add("schema-changed", op, np, backward: true, forward: true, "schema changed from \(Self.text(old)) to \(Self.text(new))")
            return
        }
        if old == .bool(false) || new == .bool(false) {
            add(new == .bool(false) ? "schema-removed" : "schema-added", op, np, backward: new == .bool(false), forward: old == .bool(false),
                new == .bool(false) ? "nothing is accepted any more" : "values are accepted where none were")
            return
        }
        types(o, n, op, np)
        values(o, n, op, np)
        bounds(o, n, op, np)
        strings(o, n, op, np)
        objects(o, n, op, np, depth)
        arrays(o, n, op, np, depth)
        combinators(o, n, op, np, depth)
        if o["$ref"] != n["$ref"] {
            let what = o["$ref"] == nil ? "reference-added" : n["$ref"] == nil ? "reference-removed" : "reference-changed"
            add(what, op + ["$ref"], np + ["$ref"], backward: true, forward: true,
                "$ref changed from \(o["$ref"].map(Self.text) ?? "none") to \(n["$ref"].map(Self.text) ?? "none")")
        }
        for defs in ["$defs", "definitions"] {
            guard let od = o[defs]?.objectValue, let nd = n[defs]?.objectValue else { continue }
            for (name, ov) in od { if let nv = nd[name] { walk(ov, nv, op + [defs, name], np + [defs, name], depth: depth + 1) } }
        }
    }

    private mutating func types(_ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String]) {
        let ko = o["type"].map(Kinds.init(typeKeyword:)) ?? .all
        let kn = n["type"].map(Kinds.init(typeKeyword:)) ?? .all
        guard ko != kn else { return }
        let removed = ko.subtracting(kn)
        let added = kn.subtracting(ko)
        let example = Self.sampleText(removed)
        if !removed.isEmpty && !added.isEmpty {
            add("type-changed", op + ["type"], np + ["type"], backward: true, forward: true,
                "type changed from \(ko) to \(kn); old data such as \(example) is rejected")
        } else if !removed.isEmpty {
            add("type-narrowed", op + ["type"], np + ["type"], backward: true, forward: false,
                "type narrowed from \(ko) to \(kn); old data such as \(example) is rejected")
        } else {
            add("type-extended", op + ["type"], np + ["type"], backward: false, forward: true,
                "type extended from \(ko) to \(kn); new data such as \(Self.sampleText(added)) is rejected by old readers")
        }
    }

    private static func sampleText(_ k: Kinds) -> String {
        for single in Kinds.singles where k.contains(single) { return JSONWriter.compact(single.sample) }
        return "any value"
    }

    private mutating func values(_ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String]) {
        let oe = o["enum"]?.arrayValue
        let ne = n["enum"]?.arrayValue
        switch (oe, ne) {
        case let (a?, b?):
            let setA = Set(a)
            let setB = Set(b)
            for v in a where !setB.contains(v) {
                add("enum-value-removed", op + ["enum"], np + ["enum"], backward: true, forward: false,
                    "enum value \(Self.text(v)) removed; old data with it is rejected")
            }
            for v in b where !setA.contains(v) {
                add("enum-value-added", op + ["enum"], np + ["enum"], backward: false, forward: true,
                    "enum value \(Self.text(v)) added; old readers reject it")
            }
        case (nil, _?): add("enum-added", op, np + ["enum"], backward: true, forward: false, "values restricted to an enum")
        case (_?, nil): add("enum-removed", op + ["enum"], np, backward: false, forward: true, "enum restriction removed")
        default: break
        }
        switch (o["const"], n["const"]) {
        case let (a?, b?) where a != b:
            add("const-changed", op + ["const"], np + ["const"], backward: true, forward: true, "const changed from \(Self.text(a)) to \(Self.text(b))")
        case (nil, let b?): add("const-added", op, np + ["const"], backward: true, forward: false, "value fixed to \(Self.text(b))")
        case (let a?, nil): add("const-removed", op + ["const"], np, backward: false, forward: true, "const \(Self.text(a)) removed")
        default: break
        }
    }

    /// `min`-like keywords: raising them (or adding them) rejects old data.
    private mutating func lowerBound(_ key: String, _ name: String, _ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String]) {
        let a = o[key]?.doubleValue
        let b = n[key]?.doubleValue
        guard a != b else { return }
        switch (a, b) {
        case (nil, let y?): add("\(name)-added", op, np + [key], backward: true, forward: false, "\(key) \(SubschemaProver.format(y)) added")
        case (let x?, nil): add("\(name)-removed", op + [key], np, backward: false, forward: true, "\(key) \(SubschemaProver.format(x)) removed")
        case let (x?, y?):
            add(y > x ? "\(name)-increased" : "\(name)-decreased", op + [key], np + [key], backward: y > x, forward: y < x,
                "\(key) \(y > x ? "increased" : "decreased") from \(SubschemaProver.format(x)) to \(SubschemaProver.format(y))")
        default: break
        }
    }

    /// `max`-like keywords: lowering them (or adding them) rejects old data.
    private mutating func upperBound(_ key: String, _ name: String, _ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String]) {
        let a = o[key]?.doubleValue
        let b = n[key]?.doubleValue
        guard a != b else { return }
        switch (a, b) {
        case (nil, let y?): add("\(name)-added", op, np + [key], backward: true, forward: false, "\(key) \(SubschemaProver.format(y)) added")
        case (let x?, nil): add("\(name)-removed", op + [key], np, backward: false, forward: true, "\(key) \(SubschemaProver.format(x)) removed")
        case let (x?, y?):
            add(y < x ? "\(name)-decreased" : "\(name)-increased", op + [key], np + [key], backward: y < x, forward: y > x,
                "\(key) \(y < x ? "decreased" : "increased") from \(SubschemaProver.format(x)) to \(SubschemaProver.format(y))")
        default: break
        }
    }

    private mutating func bounds(_ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String]) {
        lowerBound("minimum", "minimum", o, n, op, np)
        upperBound("maximum", "maximum", o, n, op, np)
        if o["exclusiveMinimum"]?.boolValue != nil || n["exclusiveMinimum"]?.boolValue != nil {
            if o["exclusiveMinimum"] != n["exclusiveMinimum"] {
                let on = n["exclusiveMinimum"] == .bool(true)
                add(on ? "exclusive-minimum-added" : "exclusive-minimum-removed", op, np, backward: on, forward: !on, "minimum made \(on ? "exclusive" : "inclusive")")
            }
        } else {
            lowerBound("exclusiveMinimum", "exclusive-minimum", o, n, op, np)
        }
        if o["exclusiveMaximum"]?.boolValue != nil || n["exclusiveMaximum"]?.boolValue != nil {
            if o["exclusiveMaximum"] != n["exclusiveMaximum"] {
                let on = n["exclusiveMaximum"] == .bool(true)
                add(on ? "exclusive-maximum-added" : "exclusive-maximum-removed", op, np, backward: on, forward: !on, "maximum made \(on ? "exclusive" : "inclusive")")
            }
        } else {
            upperBound("exclusiveMaximum", "exclusive-maximum", o, n, op, np)
        }
        if o["multipleOf"] != n["multipleOf"] {
            switch (o["multipleOf"], n["multipleOf"]) {
            case (nil, let m?): add("multiple-of-added", op, np + ["multipleOf"], backward: true, forward: false, "values must be multiples of \(Self.text(m))")
            case (let m?, nil): add("multiple-of-removed", op + ["multipleOf"], np, backward: false, forward: true, "multipleOf \(Self.text(m)) removed")
            case let (a?, b?): add("multiple-of-changed", op + ["multipleOf"], np + ["multipleOf"], backward: true, forward: true, "multipleOf changed from \(Self.text(a)) to \(Self.text(b))")
            default: break
            }
        }
    }

    private mutating func strings(_ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String]) {
        lowerBound("minLength", "min-length", o, n, op, np)
        upperBound("maxLength", "max-length", o, n, op, np)
        for key in ["pattern", "format"] where o[key] != n[key] {
            let name = key == "pattern" ? "pattern" : "format"
            switch (o[key], n[key]) {
            case (nil, let v?): add("\(name)-added", op, np + [key], backward: true, forward: false, "\(key) \(Self.text(v)) added; old data may not match it")
            case (let v?, nil): add("\(name)-removed", op + [key], np, backward: false, forward: true, "\(key) \(Self.text(v)) removed")
            case let (a?, b?): add("\(name)-changed", op + [key], np + [key], backward: true, forward: true, "\(key) changed from \(Self.text(a)) to \(Self.text(b))")
            default: break
            }
        }
    }

    private mutating func objects(_ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String], _ depth: Int) {
        let oreq = Set((o["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        let nreq = Set((n["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        for name in nreq.subtracting(oreq).sorted() {
            add("required-property-added", op, np + ["required"], backward: true, forward: false,
                "property \"\(name)\" is now required; old data without it is rejected")
        }
        for name in oreq.subtracting(nreq).sorted() {
            add("required-property-removed", op + ["required"], np, backward: false, forward: true,
                "property \"\(name)\" is no longer required; old readers reject data without it")
        }
        lowerBound("minProperties", "min-properties", o, n, op, np)
        upperBound("maxProperties", "max-properties", o, n, op, np)
        let oprops = o["properties"]?.objectValue ?? JSONObject()
        let nprops = n["properties"]?.objectValue ?? JSONObject()
        let oldOpen = Self.isOpen(o)
        let newOpen = Self.isOpen(n)
        for (name, ov) in oprops {
            if let nv = nprops[name] {
                walk(ov, nv, op + ["properties", name], np + ["properties", name], depth: depth + 1)
            } else if newOpen {
                add("property-removed-from-open-content-model", op + ["properties", name], np, backward: false,
                    forward: !lenient && !Self.isTrivial(ov),
                    "property \"\(name)\" removed from an open content model; new data may carry any value there")
            } else {
                add("property-removed-from-closed-content-model", op + ["properties", name], np, backward: true, forward: false,
                    "property \"\(name)\" removed from a closed content model; old data with it is rejected")
            }
        }
        for (name, nv) in nprops where oprops[name] == nil {
            if oldOpen {
                add("property-added-to-open-content-model", op, np + ["properties", name], backward: !lenient && !Self.isTrivial(nv), forward: false,
                    "property \"\(name)\" added to an open content model; old data may already carry it with another value")
            } else {
                add("property-added-to-closed-content-model", op, np + ["properties", name], backward: false, forward: !lenient,
                    "property \"\(name)\" added to a closed content model; old readers reject data with it")
            }
        }
        switch (o["additionalProperties"], n["additionalProperties"]) {
        case let (a, b) where a == b: break
        case let (a?, b?) where a.objectValue != nil && b.objectValue != nil:
            walk(a, b, op + ["additionalProperties"], np + ["additionalProperties"], depth: depth + 1)
        default:
            if oldOpen && !newOpen {
                add("additional-properties-removed", op, np + ["additionalProperties"], backward: !lenient, forward: false,
                    "content model closed; old data with undeclared members is rejected")
            } else if !oldOpen && newOpen {
                add("additional-properties-added", op + ["additionalProperties"], np, backward: false, forward: !lenient,
                    "content model opened; old readers reject undeclared members")
            } else {
                add("additional-properties-changed", op + ["additionalProperties"], np + ["additionalProperties"], backward: true, forward: true,
                    "additionalProperties changed")
            }
        }
        let opp = o["patternProperties"]?.objectValue ?? JSONObject()
        let npp = n["patternProperties"]?.objectValue ?? JSONObject()
        for (p, ov) in opp {
            if let nv = npp[p] { walk(ov, nv, op + ["patternProperties", p], np + ["patternProperties", p], depth: depth + 1) }
            else { add("pattern-property-removed", op + ["patternProperties", p], np, backward: !newOpen, forward: newOpen && !lenient, "patternProperties \(Self.text(.string(p))) removed") }
        }
        for (p, _) in npp where opp[p] == nil {
            add("pattern-property-added", op, np + ["patternProperties", p], backward: oldOpen && !lenient, forward: !oldOpen, "patternProperties \(Self.text(.string(p))) added")
        }
        sub("propertyNames", o, n, op, np, depth)
        for key in ["dependentRequired", "dependentSchemas", "dependencies"] {
            let od = o[key]?.objectValue ?? JSONObject()
            let nd = n[key]?.objectValue ?? JSONObject()
            for (k, v) in nd where od[k] != v {
                if let ov = od[k], ov.arrayValue == nil, v.arrayValue == nil {
                    walk(ov, v, op + [key, k], np + [key, k], depth: depth + 1)
                } else {
                    add(od[k] == nil ? "dependency-added" : "dependency-changed", op, np + [key, k], backward: true, forward: od[k] != nil,
                        "dependency on \"\(k)\" \(od[k] == nil ? "added" : "changed")")
                }
            }
            for (k, _) in od where nd[k] == nil {
                add("dependency-removed", op + [key, k], np, backward: false, forward: true, "dependency on \"\(k)\" removed")
            }
        }
    }

    private mutating func sub(_ key: String, _ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String], _ depth: Int) {
        switch (o[key], n[key]) {
        case let (a?, b?): walk(a, b, op + [key], np + [key], depth: depth + 1)
        case (nil, let b?): walk(.bool(true), b, op, np + [key], depth: depth + 1)
        case (let a?, nil): walk(a, .bool(true), op + [key], np, depth: depth + 1)
        default: break
        }
    }

    private mutating func arrays(_ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String], _ depth: Int) {
        lowerBound("minItems", "min-items", o, n, op, np)
        upperBound("maxItems", "max-items", o, n, op, np)
        lowerBound("minContains", "min-contains", o, n, op, np)
        upperBound("maxContains", "max-contains", o, n, op, np)
        if o["uniqueItems"] != n["uniqueItems"] {
            let on = n["uniqueItems"] == .bool(true)
            add(on ? "unique-items-added" : "unique-items-removed", op, np + ["uniqueItems"], backward: on, forward: !on,
                on ? "items must now be unique; old data with duplicates is rejected" : "items need no longer be unique")
        }
        for key in ["prefixItems", "items"] {
            if let a = o[key]?.arrayValue, let b = n[key]?.arrayValue {
                for i in 0..<min(a.count, b.count) { walk(a[i], b[i], op + [key, String(i)], np + [key, String(i)], depth: depth + 1) }
                if a.count != b.count {
                    add(b.count > a.count ? "tuple-item-added" : "tuple-item-removed", op + [key], np + [key], backward: true, forward: true,
                        "tuple length changed from \(a.count) to \(b.count)")
                }
            } else if o[key]?.arrayValue == nil, n[key]?.arrayValue == nil {
                if key == "items", o[key] != nil || n[key] != nil {
                    let before = changes.count
                    sub(key, o, n, op, np, depth)
                    for i in before..<changes.count where changes[i].kind == "type-narrowed" || changes[i].kind == "type-changed" {
                        changes[i].kind = "item-" + changes[i].kind
                    }
                } else {
                    sub(key, o, n, op, np, depth)
                }
            } else {
                add("items-changed", op, np, backward: true, forward: true, "\(key) changed between list and schema form")
            }
        }
        sub("additionalItems", o, n, op, np, depth)
        sub("contains", o, n, op, np, depth)
    }

    private mutating func combinators(_ o: JSONObject, _ n: JSONObject, _ op: [String], _ np: [String], _ depth: Int) {
        for key in ["allOf", "anyOf", "oneOf"] {
            let a = o[key]?.arrayValue ?? []
            let b = n[key]?.arrayValue ?? []
            if a == b { continue }
            let name = key == "allOf" ? "all-of" : key == "anyOf" ? "any-of" : "one-of"
            if a.count == b.count {
                for i in a.indices { walk(a[i], b[i], op + [key, String(i)], np + [key, String(i)], depth: depth + 1) }
                continue
            }
            for (i, v) in b.enumerated() where !a.contains(v) {
                add("\(name)-branch-added", op, np + [key, String(i)], backward: key == "allOf", forward: key != "allOf", "\(key) branch \(Self.text(v)) added")
            }
            for (i, v) in a.enumerated() where !b.contains(v) {
                add("\(name)-branch-removed", op + [key, String(i)], np, backward: key != "allOf", forward: key == "allOf", "\(key) branch \(Self.text(v)) removed")
            }
        }
        if o["not"] != n["not"] {
            add(o["not"] == nil ? "not-added" : n["not"] == nil ? "not-removed" : "not-changed", op, np, backward: n["not"] != nil, forward: o["not"] != nil,
                "`not` changed")
        }
        for key in ["if", "then", "else"] where o[key] != n[key] {
            add("conditional-changed", op + (o[key] == nil ? [] : [key]), np + (n[key] == nil ? [] : [key]), backward: true, forward: true, "`\(key)` changed")
        }
    }
}
