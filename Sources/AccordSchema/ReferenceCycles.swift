/// Static checks over the compiled node graph.
enum ReferenceCycles {
    /// In-place edges: subschemas applied to the same instance location.
    private static func inPlace(_ node: SchemaNode) -> [SchemaNode] {
        var out: [SchemaNode] = []
        if let r = node.ref { out.append(r) }
        if let r = node.dynamicRef { out.append(r.target) }
        if let r = node.recursiveRef { out.append(r) }
        out += node.allOf
        out += node.anyOf
        out += node.oneOf
        if let n = node.not { out.append(n) }
        if let (c, t, e) = node.ifThenElse {
            out.append(c)
            if let t { out.append(t) }
            if let e { out.append(e) }
        }
        if let o = node.object { out += o.dependentSchemas.map(\.schema) }
        return out
    }

    private static func children(_ node: SchemaNode) -> [SchemaNode] {
        var out = inPlace(node)
        if let o = node.object {
            out += o.propertySchemas.compactMap { $0 }
            out += o.patternProperties.map(\.schema)
            if let a = o.additionalProperties { out.append(a) }
            if let p = o.propertyNames { out.append(p) }
        }
        if let a = node.array {
            out += a.prefixItems
            if let i = a.items { out.append(i) }
            if let c = a.contains { out.append(c) }
        }
        if let u = node.unevaluatedProperties { out.append(u) }
        if let u = node.unevaluatedItems { out.append(u) }
        out += node.dynamicAnchors.values
        return out
    }

    /// Every node reachable from `root`.
    static func reachable(_ root: SchemaNode) -> [SchemaNode] {
        var seen = Set<ObjectIdentifier>()
        var stack = [root]
        var out: [SchemaNode] = []
        while let n = stack.popLast() {
            guard seen.insert(ObjectIdentifier(n)).inserted else { continue }
            out.append(n)
            stack += children(n)
        }
        return out
    }

    /// Throws when references form a loop that applies a schema to the same instance forever,
    /// such as `{"$ref": "#"}`, which no instance could ever finish validating. `all` is
    /// ``reachable(_:)`` of the root.
    static func check(_ all: [SchemaNode]) throws(SchemaError) {
        var state: [ObjectIdentifier: UInt8] = [:]  // 1 visiting, 2 done
        for start in all where state[ObjectIdentifier(start)] == nil {
            var stack: [(SchemaNode, [SchemaNode], Int)] = [(start, inPlace(start), 0)]
            state[ObjectIdentifier(start)] = 1
            while !stack.isEmpty {
                let (node, next, k) = stack[stack.count - 1]
                if k == next.count {
                    state[ObjectIdentifier(node)] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].2 += 1
                let child = next[k]
                switch state[ObjectIdentifier(child)] {
                case 1:
                    let cycle = stack.map(\.0.absoluteLocation).drop { $0 != child.absoluteLocation } + [child.absoluteLocation]
                    throw SchemaError(kind: .referenceCycle, location: child.absoluteLocation,
                                      message: "$ref cycle that never consumes input: \(cycle.joined(separator: " → ")); every instance would loop forever")
                case nil:
                    state[ObjectIdentifier(child)] = 1
                    stack.append((child, inPlace(child), 0))
                default: break
                }
            }
        }
    }

    /// Binds `$dynamicRef`s whose answer cannot depend on the path taken: validation enters `root` first, so
    /// when `root` declares the anchor, "the outermost resource in the dynamic scope declaring it" is always
    /// `root`. A schema whose dynamic references all bind (the standard meta-schemas, for one) then needs no
    /// dynamic scope and validates on the fast path. `all` is ``reachable(_:)`` of `root` (binding
    /// leaves it unchanged: the bound anchors are children of `root`).
    static func bindDynamicReferences(from root: SchemaNode, _ all: [SchemaNode]) {
        guard root.isResourceRoot, !root.dynamicAnchors.isEmpty else { return }
        for node in all {
            if let dynamic = node.dynamicRef, let anchor = dynamic.anchor, let bound = root.dynamicAnchors[anchor] {
                node.dynamicRef = (bound, nil)
            }
        }
    }

    /// Whether any of `all` needs the dynamic scope at validation time.
    static func usesDynamicScope(_ all: [SchemaNode]) -> Bool {
        all.contains { $0.dynamicRef?.anchor != nil || $0.recursiveRef != nil }
    }
}
