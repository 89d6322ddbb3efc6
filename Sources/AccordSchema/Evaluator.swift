import AccordJSON

/// Shared state for one validation: the dynamic scope (resources entered, for `$dynamicRef` and
/// `$recursiveRef`) and the reference depth guard.
final class EvaluationState {
    var scope: [SchemaNode] = []
    var referenceDepth = 0
    static let maxReferenceDepth = 2048
}

/// Validates tape nodes against compiled schema nodes. Generic over the sink so that the flag path
/// (stop at the first failure, record nothing) compiles to straight-line checks.
struct Evaluator<Sink: ErrorSink> {
    let reader: TapeReader
    let tracksScope: Bool
    let state: EvaluationState
    var sink: Sink

    /// A flag-only evaluator sharing this one's state, to test subschemas whose failures are not errors
    /// (`anyOf` branches, `not`, `if`, `contains`).
    @inline(__always)
    func probe() -> Evaluator<FlagSink> {
        Evaluator<FlagSink>(reader: reader, tracksScope: tracksScope, state: state, sink: FlagSink())
    }

    @inline(__always)
    mutating func isValid(_ node: SchemaNode, _ i: Int) -> Bool {
        if Sink.collects {
            var flag = probe()
            return flag.validate(node, i)
        }
        return validate(node, i)
    }

    /// Instance type bits for `type`.
    @inline(__always)
    func typeBits(_ i: Int, draft: Draft) -> UInt8 {
        switch reader.rawTag(i) {
        case JSONTape.Tag.null.rawValue: return TypeMask.null
        case JSONTape.Tag.true.rawValue, JSONTape.Tag.false.rawValue: return TypeMask.boolean
        case JSONTape.Tag.integer.rawValue: return TypeMask.integer | TypeMask.number
        case JSONTape.Tag.double.rawValue:
            let d = reader.double(i)
            let integral = d.isFinite && d == d.rounded(.towardZero)
            if integral && (draft != .draft4 || abs(d) >= 9.223372036854775807e18) { return TypeMask.integer | TypeMask.number }
            return TypeMask.number
        case JSONTape.Tag.string.rawValue: return TypeMask.string
        case JSONTape.Tag.array.rawValue: return TypeMask.array
        default: return TypeMask.object
        }
    }

    mutating func validate(_ node: SchemaNode, _ i: Int) -> Bool {
        if let b = node.boolean {
            if !b { sink.fail(node, "") { tape in "no value is allowed here (the schema is false)" } }
            return b
        }
        let entersScope = tracksScope && node.isResourceRoot
        if entersScope { state.scope.append(node) }
        defer { if entersScope { state.scope.removeLast() } }

        var valid = true
        if node.typeMask != TypeMask.any && typeBits(i, draft: node.draft) & node.typeMask == 0 {
            sink.fail(node, "type") { tape in "\(tape.describe(i)) is not of type \(node.typeNames.map { "\"\($0)\"" }.joined(separator: " or "))" }
            if !Sink.collects { return false }
            valid = false
        }
        switch reader.rawTag(i) {
        case JSONTape.Tag.string.rawValue:
            if let s = node.string, !validateString(s, node, i) {
                if !Sink.collects { return false }
                valid = false
            }
        case JSONTape.Tag.integer.rawValue, JSONTape.Tag.double.rawValue:
            if let n = node.numeric, !validateNumber(n, node, i) {
                if !Sink.collects { return false }
                valid = false
            }
        case JSONTape.Tag.object.rawValue:
            if let o = node.object, !validateObject(o, node, i) {
                if !Sink.collects { return false }
                valid = false
            }
        case JSONTape.Tag.array.rawValue:
            if let a = node.array, !validateArray(a, node, i) {
                if !Sink.collects { return false }
                valid = false
            }
        default: break
        }
        if let e = node.enumValues, !matches(e, i) {
            sink.fail(node, "enum") { tape in "\(tape.describe(i)) is not one of \(JSONValue.array(e.values))" }
            if !Sink.collects { return false }
            valid = false
        }
        if let c = node.constValue, !matches(c, i) {
            sink.fail(node, "const") { tape in "\(tape.describe(i)) is not the constant \(c.values[0])" }
            if !Sink.collects { return false }
            valid = false
        }
        if !validateReferences(node, i) {
            if !Sink.collects { return false }
            valid = false
        }
        if !node.allOf.isEmpty || !node.anyOf.isEmpty || !node.oneOf.isEmpty || node.not != nil || node.ifThenElse != nil {
            if !validateCombinators(node, i) {
                if !Sink.collects { return false }
                valid = false
            }
        }
        if node.unevaluatedProperties != nil || node.unevaluatedItems != nil {
            if !validateUnevaluated(node, i) {
                if !Sink.collects { return false }
                valid = false
            }
        }
        return valid
    }

    // MARK: References

    private mutating func follow(_ target: SchemaNode, _ i: Int, keyword: StaticString) -> Bool {
        state.referenceDepth += 1
        defer { state.referenceDepth -= 1 }
        if state.referenceDepth > EvaluationState.maxReferenceDepth {
            sink.fail(target, "") { tape in "schema references nest deeper than \(EvaluationState.maxReferenceDepth) levels" }
            return false
        }
        sink.pushKeyword(keyword)
        defer { sink.popKeyword() }
        // Following a reference enters the target's resource, even when it lands below that resource's root.
        if tracksScope, let resource = target.resourceRoot, resource !== target {
            state.scope.append(resource)
            defer { state.scope.removeLast() }
            return validate(target, i)
        }
        return validate(target, i)
    }

    @inline(__always)
    private mutating func validateReferences(_ node: SchemaNode, _ i: Int) -> Bool {
        var valid = true
        if let target = node.ref, !follow(target, i, keyword: "$ref") {
            if !Sink.collects { return false }
            valid = false
        }
        if let dynamic = node.dynamicRef, !follow(resolveDynamic(dynamic), i, keyword: "$dynamicRef") {
            if !Sink.collects { return false }
            valid = false
        }
        if let target = node.recursiveRef, !follow(resolveRecursive(target), i, keyword: "$recursiveRef") {
            valid = false
        }
        return valid
    }

    /// `$dynamicRef`: the outermost resource in the dynamic scope that declares the anchor, else the static target.
    func resolveDynamic(_ dynamic: (target: SchemaNode, anchor: String?)) -> SchemaNode {
        guard let anchor = dynamic.anchor else { return dynamic.target }
        for resource in state.scope {
            if let found = resource.dynamicAnchors[anchor] { return found }
        }
        return dynamic.target
    }

    /// `$recursiveRef`: when the target has `$recursiveAnchor: true`, the outermost such resource in scope.
    func resolveRecursive(_ target: SchemaNode) -> SchemaNode {
        guard target.recursiveAnchor else { return target }
        for resource in state.scope where resource.recursiveAnchor { return resource }
        return target
    }

    // MARK: Combinators

    private mutating func validateCombinators(_ node: SchemaNode, _ i: Int) -> Bool {
        var valid = true
        for (k, sub) in node.allOf.enumerated() {
            sink.pushKeyword("allOf", index: k)
            let ok = validate(sub, i)
            sink.popKeyword()
            if !ok {
                if !Sink.collects { return false }
                valid = false
            }
        }
        if !node.anyOf.isEmpty {
            var any = false
            for sub in node.anyOf where isValid(sub, i) {
                any = true
                break
            }
            if !any {
                if Sink.collects {
                    sink.fail(node, "anyOf") { tape in "\(tape.describe(i)) does not match any of the \(node.anyOf.count) anyOf alternatives" }
                    for (k, sub) in node.anyOf.enumerated() {
                        sink.pushKeyword("anyOf", index: k)
                        _ = validate(sub, i)
                        sink.popKeyword()
                    }
                } else { return false }
                valid = false
            }
        }
        if !node.oneOf.isEmpty {
            var matched: [Int] = []
            for (k, sub) in node.oneOf.enumerated() where isValid(sub, i) {
                matched.append(k)
                if matched.count > 1 { break }
            }
            if matched.count != 1 {
                if Sink.collects {
                    if matched.isEmpty {
                        sink.fail(node, "oneOf") { tape in "\(tape.describe(i)) does not match any of the \(node.oneOf.count) oneOf alternatives" }
                        for (k, sub) in node.oneOf.enumerated() {
                            sink.pushKeyword("oneOf", index: k)
                            _ = validate(sub, i)
                            sink.popKeyword()
                        }
                    } else {
                        sink.fail(node, "oneOf") { tape in "\(tape.describe(i)) matches more than one oneOf alternative (\(matched.map(String.init).joined(separator: " and ")))" }
                    }
                } else { return false }
                valid = false
            }
        }
        if let not = node.not, isValid(not, i) {
            sink.fail(node, "not") { tape in "\(tape.describe(i)) must not match the schema under \"not\"" }
            if !Sink.collects { return false }
            valid = false
        }
        if let (condition, then, otherwise) = node.ifThenElse {
            let branch = isValid(condition, i) ? then : otherwise
            if let branch {
                let isThen = branch === then
                sink.pushKeyword(isThen ? "then" : "else")
                let ok = validate(branch, i)
                sink.popKeyword()
                if !ok {
                    if !Sink.collects { return false }
                    valid = false
                }
            }
        }
        return valid
    }
}

extension TapeReader {
    // MARK: Messages

    /// A short rendering of an instance for messages: the value itself when short, else its type.
    func describe(_ i: Int) -> String {
        let text = value(at: i).description
        if text.count <= 60 { return text }
        switch tag(i) {
        case .string: return "a string of \(count(i)) bytes"
        case .array: return "an array of \(count(i)) items"
        case .object: return "an object with \(count(i)) members"
        default: return String(text.prefix(60)) + "…"
        }
    }
}
