/// Static checks over the compiled node graph.
enum ReferenceCycles {
    /// In-place edges: subschemas applied to the same instance location.
    private static func inPlace(_ node: SchemaNode) -> [SchemaNode] {
        var out: [SchemaNode] = []
        forEachInPlace(node) { out.append($0) }
        return out
    }

    /// Calls `body` with each in-place edge of `node` (no array is built: most nodes have none).
    @inline(__always)
    private static func forEachInPlace(_ node: SchemaNode, _ body: (SchemaNode) -> Void) {
        if let r = node.ref { body(r) }
        if let r = node.dynamicRef { body(r.target) }
        if let r = node.recursiveRef { body(r) }
        for n in node.allOf { body(n) }
        for n in node.anyOf { body(n) }
        for n in node.oneOf { body(n) }
        if let n = node.not { body(n) }
        if let (c, t, e) = node.ifThenElse {
            body(c)
            if let t { body(t) }
            if let e { body(e) }
        }
        if let o = node.object { for d in o.dependentSchemas { body(d.schema) } }
    }

    /// Calls `body` with every edge of `node`: in place, and into members and items.
    private static func forEachChild(_ node: SchemaNode, _ body: (SchemaNode) -> Void) {
        forEachInPlace(node, body)
        if let o = node.object {
            for case let p? in o.propertySchemas { body(p) }
            for p in o.patternProperties { body(p.schema) }
            if let a = o.additionalProperties { body(a) }
            if let p = o.propertyNames { body(p) }
        }
        if let a = node.array {
            for p in a.prefixItems { body(p) }
            if let i = a.items { body(i) }
            if let c = a.contains { body(c) }
        }
        if let u = node.unevaluatedProperties { body(u) }
        if let u = node.unevaluatedItems { body(u) }
        for n in node.dynamicAnchors.values { body(n) }
    }

    /// Every node reachable from `root`.
    static func reachable(_ root: SchemaNode) -> [SchemaNode] {
        var seen = Set<ObjectIdentifier>()
        var stack = [root]
        var out: [SchemaNode] = []
        while let n = stack.popLast() {
            guard seen.insert(ObjectIdentifier(n)).inserted else { continue }
            out.append(n)
            forEachChild(n) { stack.append($0) }
        }
        return out
    }

    /// Throws when references form a loop that applies a schema to the same instance forever,
    /// such as `{"$ref": "#"}`, which no instance could ever finish validating. `all` is
    /// ``reachable(_:)`` of the root.
    static func check(_ all: [SchemaNode]) throws(SchemaError) {
        var state: [ObjectIdentifier: UInt8] = [:]  // 1 visiting, 2 done
        for start in all where state[ObjectIdentifier(start)] == nil {
            // A node without in-place edges is on no cycle (most nodes; skipping them costs no table entry).
            let edges = inPlace(start)
            guard !edges.isEmpty else { continue }
            var stack: [(SchemaNode, [SchemaNode], Int)] = [(start, edges, 0)]
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
