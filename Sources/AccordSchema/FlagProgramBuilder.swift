import AccordJSON

/// Freezes a compiled ``SchemaNode`` graph into a ``FlagProgram``.
struct FlagProgramBuilder {
    private var index: [ObjectIdentifier: Int32] = [:]
    private var nodes: [ProgramNode] = []
    private var patterns: [ProgramPattern] = []
    private var patternIndex: [ObjectIdentifier: Int32] = [:]
    private var atoms: [SimplePattern.Atom] = []
    private var numerics: [ProgramNumeric] = []
    private var bounds: [ProgramBound] = []
    private var multiples: [MultipleOf] = []
    private var objects: [ProgramObject] = []
    private var names: [ProgramName] = []
    private var patternProperties: [(pattern: Int32, schema: Int32)] = []
    private var dependencies: [(bit: Int32, required: UInt64)] = []
    private var arrays: [ProgramArray] = []
    private var enums: [ProgramEnum] = []
    private var enumStrings: [(offset: Int32, length: Int32)] = []
    private var enumValues: [Unmanaged<EnumValues>] = []
    private var children: [Int32] = []
    private var fallbacks: [Unmanaged<SchemaNode>] = []
    private var bytes: [UInt8] = []
    private var owners: [AnyObject] = []

    /// The program for the graph reachable from `root`.
    static func build(root: SchemaNode) -> FlagProgram {
        var builder = FlagProgramBuilder()
        let all = ReferenceCycles.reachable(root)
        for (k, node) in all.enumerated() { builder.index[ObjectIdentifier(node)] = Int32(k) }
        for node in all { builder.nodes.append(builder.compile(node)) }
        return builder.finish(root: builder.index[ObjectIdentifier(root)]!)
    }

    private func id(_ node: SchemaNode) -> Int32 { index[ObjectIdentifier(node)]! }

    private mutating func range(_ list: [SchemaNode]) -> ProgramRange {
        let r = ProgramRange(start: Int32(children.count), count: Int32(list.count))
        for n in list { children.append(id(n)) }
        return r
    }

    private static func needsFallback(_ node: SchemaNode) -> Bool {
        // A bound `$dynamicRef` (no anchor left to look up) is a plain reference, as long as the node has no `$ref` too.
        let dynamicIsStatic = node.dynamicRef.map { $0.anchor == nil && node.ref == nil } ?? true
        if !dynamicIsStatic || node.recursiveRef != nil || node.unevaluatedProperties != nil || node.unevaluatedItems != nil {
            return true
        }
        if let o = node.object, o.names.count > 64 || !o.dependentSchemas.isEmpty { return true }
        // Draft 7 content assertions are rare enough to leave to the general evaluator.
        if node.string?.content != nil { return true }
        return false
    }

    private mutating func compile(_ node: SchemaNode) -> ProgramNode {
        var p = ProgramNode()
        if let b = node.boolean {
            if !b { p.flags = ProgramFlag.alwaysFalse }
            return p
        }
        if Self.needsFallback(node) {
            p.flags = ProgramFlag.fallback
            p.fallback = Int32(fallbacks.count)
            fallbacks.append(Unmanaged.passUnretained(node))
            return p
        }
        if node.typeMask != TypeMask.any {
            p.flags |= ProgramFlag.type
            p.typeMask = node.typeMask
            if node.draft == .draft4 { p.flags |= ProgramFlag.draft4Integers }
        }
        if let s = node.string {
            p.flags |= ProgramFlag.string
            p.minLength = s.minLength.map { Int32(clamping: $0) } ?? -1
            p.maxLength = s.maxLength.map { Int32(clamping: $0) } ?? -1
            if let regex = s.pattern { p.pattern = pattern(regex) }
            if let format = s.format { p.format = format.kind.rawValue }
        }
        if let n = node.numeric {
            p.flags |= ProgramFlag.numeric
            p.numeric = numeric(n)
        }
        if let o = node.object {
            p.flags |= ProgramFlag.object
            p.object = object(o)
        }
        if let a = node.array {
            p.flags |= ProgramFlag.array
            p.array = array(a)
        }
        if let e = node.enumValues {
            p.flags |= ProgramFlag.enumeration
            p.enumeration = enumeration(e)
        }
        if let c = node.constValue {
            p.flags |= ProgramFlag.constant
            p.constant = enumeration(c)
        }
        if let r = node.ref ?? node.dynamicRef?.target {
            p.flags |= ProgramFlag.ref
            p.ref = id(r)
        }
        if !node.allOf.isEmpty || !node.anyOf.isEmpty || !node.oneOf.isEmpty || node.not != nil || node.ifThenElse != nil {
            p.flags |= ProgramFlag.combinators
            p.allOf = range(node.allOf)
            p.anyOf = range(node.anyOf)
            p.oneOf = range(node.oneOf)
            if let n = node.not { p.not = id(n) }
            if let (c, t, e) = node.ifThenElse {
                p.condition = id(c)
                if let t { p.then = id(t) }
                if let e { p.otherwise = id(e) }
            }
        }
        (p.leafKind, p.leafIndex) = leafKind(p)
        return p
    }

    /// Which ``LeafKind`` a node is, from its flags and constraints, and its `leafIndex`.
    private func leafKind(_ p: ProgramNode) -> (UInt8, Int32) {
        // Integer semantics do not matter to a string-only node.
        let flags = p.flags & ~ProgramFlag.draft4Integers
        if flags == ProgramFlag.enumeration || flags == ProgramFlag.constant {
            let e = flags == ProgramFlag.enumeration ? p.enumeration : p.constant
            return enums[Int(e)].onlyStrings ? (LeafKind.stringChoice, e) : (LeafKind.general, -1)
        }
        guard p.typeMask == TypeMask.string else { return (LeafKind.general, -1) }
        if flags == ProgramFlag.type { return (LeafKind.anyString, -1) }
        guard flags == ProgramFlag.type | ProgramFlag.string, p.format == 0 else { return (LeafKind.general, -1) }
        if p.pattern >= 0 { return (p.minLength < 0 && p.maxLength < 0 ? LeafKind.stringPattern : LeafKind.general, -1) }
        return (LeafKind.stringLength, -1)
    }

    private mutating func pattern(_ regex: ECMARegex) -> Int32 {
        if let known = patternIndex[ObjectIdentifier(regex)] { return known }
        var entry = ProgramPattern(regex: Unmanaged.passUnretained(regex))
        owners.append(regex)
        if let simple = SimplePattern(regex.pattern) {
            entry.simple = true
            entry.atoms = ProgramRange(start: Int32(atoms.count), count: Int32(simple.atoms.count))
            atoms += simple.atoms
        }
        let k = Int32(patterns.count)
        patterns.append(entry)
        patternIndex[ObjectIdentifier(regex)] = k
        return k
    }

    private mutating func numeric(_ n: NumericConstraints) -> Int32 {
        var entry = ProgramNumeric()
        entry.bounds.start = Int32(bounds.count)
        func add(_ b: NumericBound, lower: Bool) {
            bounds.append(ProgramBound(value: b.value, exact: b.exactInteger ?? 0, hasExact: b.exactInteger != nil,
                                       exclusive: b.exclusive, lower: lower))
        }
        if let b = n.minimum { add(b, lower: true) }
        if let b = n.maximum { add(b, lower: false) }
        for b in n.extra { add(b, lower: b.keyword == "exclusiveMinimum") }
        entry.bounds.count = Int32(bounds.count) - entry.bounds.start
        if let m = n.multipleOf {
            entry.multipleOf = Int32(multiples.count)
            multiples.append(m)
        }
        numerics.append(entry)
        return Int32(numerics.count - 1)
    }

    private mutating func object(_ o: ObjectConstraints) -> Int32 {
        var entry = ProgramObject()
        entry.names = ProgramRange(start: Int32(names.count), count: Int32(o.names.count))
        for (k, name) in o.names.names.enumerated() {
            let utf8 = Array(name.utf8)
            let schema = k < o.propertySchemas.count ? o.propertySchemas[k].map { id($0) } ?? -1 : -1
            names.append(ProgramName(offset: Int32(bytes.count), length: Int32(utf8.count), schema: schema))
            bytes += utf8
        }
        for r in o.required { entry.requiredMask |= 1 << UInt64(r) }
        entry.minProperties = o.minProperties.map { Int32(clamping: $0) } ?? -1
        entry.maxProperties = o.maxProperties.map { Int32(clamping: $0) } ?? -1
        if let a = o.additionalProperties {
            entry.additional = id(a)
            entry.additionalFalse = a.boolean == false
        }
        if let p = o.propertyNames { entry.propertyNames = id(p) }
        entry.patternProperties.start = Int32(patternProperties.count)
        for (regex, schema) in o.patternProperties { patternProperties.append((pattern(regex), id(schema))) }
        entry.patternProperties.count = Int32(patternProperties.count) - entry.patternProperties.start
        entry.dependentRequired.start = Int32(dependencies.count)
        for (name, required) in o.dependentRequired {
            var mask: UInt64 = 0
            for r in required { mask |= 1 << UInt64(r) }
            dependencies.append((Int32(name), mask))
        }
        entry.dependentRequired.count = Int32(dependencies.count) - entry.dependentRequired.start
        entry.visitsMembers = o.names.count > 0 || o.hasMemberLoop
        entry.namesOnly = entry.patternProperties.count == 0 && entry.propertyNames < 0
            && (entry.additional < 0 || entry.additionalFalse)
        objects.append(entry)
        return Int32(objects.count - 1)
    }

    private mutating func array(_ a: ArrayConstraints) -> Int32 {
        var entry = ProgramArray()
        entry.minItems = a.minItems.map { Int32(clamping: $0) } ?? -1
        entry.maxItems = a.maxItems.map { Int32(clamping: $0) } ?? -1
        entry.prefixItems = range(a.prefixItems)
        if let items = a.items { entry.items = id(items) }
        if let contains = a.contains {
            entry.contains = id(contains)
            entry.minContains = Int32(clamping: a.minContains)
            entry.maxContains = a.maxContains.map { Int32(clamping: $0) } ?? -1
        }
        entry.uniqueItems = a.uniqueItems
        arrays.append(entry)
        return Int32(arrays.count - 1)
    }

    private mutating func enumeration(_ e: EnumConstraint) -> Int32 {
        let start = Int32(enumStrings.count)
        for s in e.strings {
            enumStrings.append((Int32(bytes.count), Int32(s.count)))
            bytes += s
        }
        let box = EnumValues(e.values)
        owners.append(box)
        enumValues.append(Unmanaged.passUnretained(box))
        enums.append(ProgramEnum(strings: ProgramRange(start: start, count: Int32(e.strings.count)), onlyStrings: e.onlyStrings,
                                 values: Int32(enumValues.count - 1)))
        return Int32(enums.count - 1)
    }

    private func finish(root: Int32) -> FlagProgram {
        var storage: [UnsafeMutableRawPointer] = []
        func freeze<T>(_ values: [T]) -> UnsafePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
            _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: values)
            storage.append(UnsafeMutableRawPointer(p))
            return UnsafePointer(p)
        }
        let tables = FlagProgramTables(
            root: root, nodes: freeze(nodes), patterns: freeze(patterns), atoms: freeze(atoms), numerics: freeze(numerics),
            bounds: freeze(bounds), multiples: freeze(multiples), objects: freeze(objects), names: freeze(names),
            patternProperties: freeze(patternProperties), dependencies: freeze(dependencies), arrays: freeze(arrays),
            enums: freeze(enums), enumStrings: freeze(enumStrings), enumValues: freeze(enumValues), children: freeze(children),
            fallbacks: freeze(fallbacks), bytes: freeze(bytes))
        return FlagProgram(tables: tables, owners: owners, storage: storage)
    }
}
