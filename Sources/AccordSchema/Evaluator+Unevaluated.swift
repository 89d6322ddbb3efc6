import AccordJSON

/// `unevaluatedProperties` and `unevaluatedItems`: which members or items the schema's other keywords,
/// and the subschemas that succeeded in place, have evaluated. Computed only for schemas that use
/// these keywords, so other schemas pay nothing for them.
extension Evaluator {
    mutating func validateUnevaluated(_ node: SchemaNode, _ i: Int) -> Bool {
        var valid = true
        let tag = reader.rawTag(i)
        if let schema = node.unevaluatedProperties, tag == JSONTape.Tag.object.rawValue {
            var marks = [Bool](repeating: false, count: reader.count(i))
            var probe = self.probe()
            probe.markEvaluated(node, i, properties: &marks, includeOwnUnevaluated: false)
            var key = i + 1
            for k in 0..<reader.count(i) {
                if !marks[k] {
                    sink.pushKeyword("unevaluatedProperties")
                    sink.pushMember(key)
                    let ok: Bool
                    if schema.boolean == false {
                        sink.fail(schema, "") { tape in "member \(tape.value(at: key)) is not allowed (unevaluatedProperties is false)" }
                        ok = false
                    } else {
                        ok = validate(schema, key + 1)
                    }
                    sink.popInstance()
                    sink.popKeyword()
                    if !ok {
                        if !Sink.collects { return false }
                        valid = false
                    }
                }
                key = reader.next(key + 1)
            }
        }
        if let schema = node.unevaluatedItems, tag == JSONTape.Tag.array.rawValue {
            var marks = [Bool](repeating: false, count: reader.count(i))
            var probe = self.probe()
            probe.markEvaluated(node, i, items: &marks, includeOwnUnevaluated: false)
            var item = i + 1
            for k in 0..<reader.count(i) {
                if !marks[k] {
                    sink.pushKeyword("unevaluatedItems")
                    sink.pushIndex(k)
                    let ok = validate(schema, item)
                    sink.popInstance()
                    sink.popKeyword()
                    if !ok {
                        if !Sink.collects { return false }
                        valid = false
                    }
                }
                item = reader.next(item)
            }
        }
        return valid
    }
}

extension Evaluator where Sink == FlagSink {
    /// The in-place subschemas of `node` whose annotations count: all of allOf, the valid ones of
    /// anyOf/oneOf, the taken if-branch, present dependentSchemas, and reference targets.
    private mutating func inPlaceSuccessors(_ node: SchemaNode, _ i: Int) -> [SchemaNode] {
        var out: [SchemaNode] = []
        out.append(contentsOf: node.allOf)
        for sub in node.anyOf where validate(sub, i) { out.append(sub) }
        for sub in node.oneOf where validate(sub, i) { out.append(sub) }
        if let (condition, then, otherwise) = node.ifThenElse {
            if validate(condition, i) {
                out.append(condition)
                if let then { out.append(then) }
            } else if let otherwise {
                out.append(otherwise)
            }
        }
        if let o = node.object, !o.dependentSchemas.isEmpty, reader.rawTag(i) == JSONTape.Tag.object.rawValue {
            var key = i + 1
            var present = PresenceSet(count: o.names.count)
            for _ in 0..<reader.count(i) {
                let index = o.names.lookup(reader.string(key))
                if index >= 0 { present.insert(index) }
                key = reader.next(key + 1)
            }
            for (name, schema) in o.dependentSchemas where present.contains(name) { out.append(schema) }
        }
        if let ref = node.ref { out.append(ref) }
        if let dynamic = node.dynamicRef { out.append(resolveDynamic(dynamic)) }
        if let recursive = node.recursiveRef { out.append(resolveRecursive(recursive)) }
        return out
    }

    mutating func markEvaluated(_ node: SchemaNode, _ i: Int, properties marks: inout [Bool], includeOwnUnevaluated: Bool) {
        if node.boolean != nil { return }
        let entersScope = tracksScope && node.isResourceRoot
        if entersScope { state.scope.append(node) }
        defer { if entersScope { state.scope.removeLast() } }
        if includeOwnUnevaluated && node.unevaluatedProperties != nil {
            for k in marks.indices { marks[k] = true }
            return
        }
        if let o = node.object {
            var key = i + 1
            for k in 0..<reader.count(i) {
                if o.additionalProperties != nil {
                    marks[k] = true
                } else {
                    let index = o.names.lookup(reader.string(key))
                    if index >= 0, o.propertySchemas[index] != nil { marks[k] = true }
                    if !marks[k] {
                        for (regex, _) in o.patternProperties where regex.matches(reader.string(key)) == .match {
                            marks[k] = true
                            break
                        }
                    }
                }
                key = reader.next(key + 1)
            }
        }
        state.referenceDepth += 1
        defer { state.referenceDepth -= 1 }
        guard state.referenceDepth < EvaluationState.maxReferenceDepth else { return }
        for sub in inPlaceSuccessors(node, i) {
            markEvaluated(sub, i, properties: &marks, includeOwnUnevaluated: true)
        }
    }

    mutating func markEvaluated(_ node: SchemaNode, _ i: Int, items marks: inout [Bool], includeOwnUnevaluated: Bool) {
        if node.boolean != nil { return }
        let entersScope = tracksScope && node.isResourceRoot
        if entersScope { state.scope.append(node) }
        defer { if entersScope { state.scope.removeLast() } }
        if includeOwnUnevaluated && node.unevaluatedItems != nil {
            for k in marks.indices { marks[k] = true }
            return
        }
        if let a = node.array {
            if a.items != nil {
                for k in marks.indices { marks[k] = true }
            } else {
                for k in 0..<min(a.prefixItems.count, marks.count) { marks[k] = true }
            }
            if let contains = a.contains, node.draft >= .draft2020_12 {
                var item = i + 1
                for k in marks.indices {
                    if !marks[k] && validate(contains, item) { marks[k] = true }
                    item = reader.next(item)
                }
            }
        }
        state.referenceDepth += 1
        defer { state.referenceDepth -= 1 }
        guard state.referenceDepth < EvaluationState.maxReferenceDepth else { return }
        for sub in inPlaceSuccessors(node, i) {
            markEvaluated(sub, i, items: &marks, includeOwnUnevaluated: true)
        }
    }
}
