import AccordJSON

/// Which of a schema's known member names an instance object has. No allocation up to 64 names.
struct PresenceSet {
    private var bits: UInt64 = 0
    private var overflow: [Bool]?

    @inline(__always)
    init(count: Int) {
        if count > 64 { overflow = [Bool](repeating: false, count: count) }
    }

    @inline(__always)
    mutating func insert(_ i: Int) {
        if overflow != nil { overflow![i] = true } else { bits |= 1 << UInt64(i) }
    }

    @inline(__always)
    func contains(_ i: Int) -> Bool {
        if let overflow { return overflow[i] }
        return bits & (1 << UInt64(i)) != 0
    }
}

extension Evaluator {
    mutating func validateObject(_ c: ObjectConstraints, _ node: SchemaNode, _ i: Int) -> Bool {
        var valid = true
        let count = reader.count(i)
        if let min = c.minProperties, count < min {
            sink.fail(node, "minProperties") { tape in "the object has \(count) members, fewer than \(min)" }
            if !Sink.collects { return false }
            valid = false
        }
        if let max = c.maxProperties, count > max {
            sink.fail(node, "maxProperties") { tape in "the object has \(count) members, more than \(max)" }
            if !Sink.collects { return false }
            valid = false
        }
        let known = c.names.count
        var present = PresenceSet(count: known)
        if known > 0 || c.hasMemberLoop {
            var key = i + 1
            for _ in 0..<count {
                let value = key + 1
                let name = reader.string(key)
                let index = known > 0 ? c.names.lookup(name) : -1
                var matched = false
                if index >= 0 {
                    present.insert(index)
                    if let schema = c.propertySchemas[index] {
                        matched = true
                        sink.pushKeyword("properties", c.names.names[index])
                        sink.pushMember(key)
                        let ok = validate(schema, value)
                        sink.popInstance()
                        sink.popKeyword()
                        if !ok {
                            if !Sink.collects { return false }
                            valid = false
                        }
                    }
                }
                for (regex, schema) in c.patternProperties {
                    switch regex.matches(name) {
                    case .noMatch: continue
                    case .match:
                        matched = true
                        sink.pushKeyword("patternProperties", regex.pattern)
                        sink.pushMember(key)
                        let ok = validate(schema, value)
                        sink.popInstance()
                        sink.popKeyword()
                        if !ok {
                            if !Sink.collects { return false }
                            valid = false
                        }
                    case .limitExceeded:
                        sink.pushMember(key)
                        sink.fail(node, "patternProperties") { tape in "matching member name \(tape.value(at: key)) against \"\(regex.pattern)\" exceeded the regex engine's backtracking limit" }
                        sink.popInstance()
                        if !Sink.collects { return false }
                        valid = false
                    }
                }
                if !matched, let additional = c.additionalProperties {
                    sink.pushKeyword("additionalProperties")
                    sink.pushMember(key)
                    let ok: Bool
                    if additional.boolean == false {
                        sink.fail(additional, "") { tape in "member \(tape.value(at: key)) is not allowed (additionalProperties is false)" }
                        ok = false
                    } else {
                        ok = validate(additional, value)
                    }
                    sink.popInstance()
                    sink.popKeyword()
                    if !ok {
                        if !Sink.collects { return false }
                        valid = false
                    }
                }
                if let names = c.propertyNames {
                    sink.pushKeyword("propertyNames")
                    sink.pushMember(key)
                    let ok = validate(names, key)
                    sink.popInstance()
                    sink.popKeyword()
                    if !ok {
                        if !Sink.collects { return false }
                        valid = false
                    }
                }
                key = reader.next(value)
            }
        }
        for r in c.required where !present.contains(r) {
            sink.fail(node, "required") { tape in "required property \"\(c.names.names[r])\" is missing" }
            if !Sink.collects { return false }
            valid = false
        }
        for (name, required) in c.dependentRequired where present.contains(name) {
            for r in required where !present.contains(r) {
                sink.fail(node, c.dependentRequiredKeyword) { tape in "property \"\(c.names.names[r])\" is required when \"\(c.names.names[name])\" is present" }
                if !Sink.collects { return false }
                valid = false
            }
        }
        for (name, schema) in c.dependentSchemas where present.contains(name) {
            sink.pushKeyword(c.dependentSchemasKeyword == "dependentSchemas" ? "dependentSchemas" : "dependencies", c.names.names[name])
            let ok = validate(schema, i)
            sink.popKeyword()
            if !ok {
                if !Sink.collects { return false }
                valid = false
            }
        }
        return valid
    }
}
