import AccordJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a ``FlagProgram`` over a tape: the `isValid` hot path. Stops at the first failure, records
/// nothing, allocates nothing, and touches only plain values (no reference counting).
/// Gives the same answers as ``Evaluator`` with a ``FlagSink``, which it calls for fallback nodes.
struct FlagProgramEvaluator {
    let reader: TapeReader
    let tables: UnsafePointer<FlagProgramTables>

    init(reader: TapeReader, tables: UnsafePointer<FlagProgramTables>) {
        self.reader = reader
        self.tables = tables
    }

    private var t: FlagProgramTables {
        @inline(__always) _read { yield tables.pointee }
    }

    /// The type bits of each tape tag, one byte per tag (null, false, true, integer, double, string,
    /// array, object); a double counts as `number` only here; ``typeBits(_:draft4:)`` decides `integer`.
    /// Bytes, lowest first: null 0x01, false and true 0x02 (boolean), integer 0x50 (integer | number),
    /// double 0x10, string 0x20, array 0x08, object 0x04 (a literal, so no lazy initialisation on the hot path).
    private static let typesByTag: UInt64 = 0x0408_2010_5002_0201

    @inline(__always)
    private func typeBits(_ i: Int, draft4: Bool) -> UInt8 {
        switch reader.rawTag(i) {
        case JSONTape.Tag.null.rawValue: return TypeMask.null
        case JSONTape.Tag.true.rawValue, JSONTape.Tag.false.rawValue: return TypeMask.boolean
        case JSONTape.Tag.integer.rawValue: return TypeMask.integer | TypeMask.number
        case JSONTape.Tag.double.rawValue:
            let d = reader.double(i)
            let integral = d.isFinite && d == d.rounded(.towardZero)
            if integral && (!draft4 || abs(d) >= 9.223372036854775807e18) { return TypeMask.integer | TypeMask.number }
            return TypeMask.number
        case JSONTape.Tag.string.rawValue: return TypeMask.string
        case JSONTape.Tag.array.rawValue: return TypeMask.array
        default: return TypeMask.object
        }
    }

    /// Whether the value at tape node `i` is valid under program node `n`. `depth` counts the `$ref`s
    /// followed on this path, bounded like the general evaluator's; it is a parameter rather than state so
    /// that the evaluator stays immutable and its few words stay in registers across the recursion.
    func validate(_ n: Int32, _ i: Int, _ depth: Int = 0) -> Bool {
        validateChild(n, i, depth)
    }

    /// A schema with more than leaf checks: its leaf checks, then objects, arrays, `$ref` and combinators.
    private func validateComposite(_ node: UnsafePointer<ProgramNode>, _ flags: UInt32, _ i: Int, _ depth: Int) -> Bool {
        if flags & (ProgramFlag.alwaysFalse | ProgramFlag.fallback) != 0 {
            if flags & ProgramFlag.alwaysFalse != 0 { return false }
            return validateFallback(node.pointee.fallback, i)
        }
        if !validateLeaf(node, flags & Self.leafFlags, i) { return false }
        let tag = reader.rawTag(i)
        if tag == JSONTape.Tag.object.rawValue {
            if flags & ProgramFlag.object != 0 && !validateObject(t.objects + Int(node.pointee.object), i, depth) { return false }
        } else if tag == JSONTape.Tag.array.rawValue {
            if flags & ProgramFlag.array != 0 && !validateArray(t.arrays + Int(node.pointee.array), i, depth) { return false }
        }
        if flags & ProgramFlag.ref != 0 {
            if depth >= EvaluationState.maxReferenceDepth || !validate(node.pointee.ref, i, depth &+ 1) { return false }
        }
        if flags & ProgramFlag.combinators != 0 && !validateCombinators(node, i, depth) { return false }
        return true
    }

    /// Checks a schema can make of a value without visiting anything below it or another schema.
    private static let leafFlags = ProgramFlag.type | ProgramFlag.string | ProgramFlag.numeric
        | ProgramFlag.enumeration | ProgramFlag.constant | ProgramFlag.draft4Integers

    /// ``validate(_:_:_:)`` inlined where it is called: leaf schemas (the usual `type`, `pattern`,
    /// `minimum`, `enum` of an event's fields) are checked in place rather than through a call, whose
    /// prologue and epilogue cost as much as the checks themselves.
    @inline(__always)
    private func validateChild(_ n: Int32, _ i: Int, _ depth: Int) -> Bool {
        let node = t.nodes + Int(n)
        let flags = node.pointee.flags
        if flags & ~Self.leafFlags == 0 { return validateLeaf(node, flags, i) }
        return validateComposite(node, flags, i, depth)
    }

    /// The leaf checks: `type`, string and number constraints, `enum`, `const`.
    @inline(__always)
    private func validateLeaf(_ node: UnsafePointer<ProgramNode>, _ flags: UInt32, _ i: Int) -> Bool {
        if flags == 0 { return true }
        let tag = reader.rawTag(i)
        switch node.pointee.leafKind {
        case LeafKind.general:
            break
        case LeafKind.anyString:
            return tag == JSONTape.Tag.string.rawValue
        case LeafKind.stringPattern:
            return tag == JSONTape.Tag.string.rawValue && matches(pattern: node.pointee.pattern, reader.string(i))
        case LeafKind.stringLength:
            return tag == JSONTape.Tag.string.rawValue && hasValidLength(node, reader.string(i))
        default:  // LeafKind.stringChoice
            return tag == JSONTape.Tag.string.rawValue && matches(strings: t.enums + Int(node.pointee.leafIndex), reader.string(i))
        }
        if flags & ProgramFlag.type != 0 {
            let mask = node.pointee.typeMask
            if UInt8(truncatingIfNeeded: Self.typesByTag &>> (UInt64(tag & 7) &* 8)) & mask == 0
                && (tag != JSONTape.Tag.double.rawValue || mask & TypeMask.integer == 0
                    || typeBits(i, draft4: flags & ProgramFlag.draft4Integers != 0) & mask == 0) {
                return false
            }
        }
        if tag == JSONTape.Tag.string.rawValue {
            if flags & ProgramFlag.string != 0 && !validateString(node, i) { return false }
        } else if tag == JSONTape.Tag.integer.rawValue || tag == JSONTape.Tag.double.rawValue {
            if flags & ProgramFlag.numeric != 0 && !validateNumber(t.numerics + Int(node.pointee.numeric), i) { return false }
        }
        if flags & ProgramFlag.enumeration != 0 && !matches(node.pointee.enumeration, i) { return false }
        if flags & ProgramFlag.constant != 0 && !matches(node.pointee.constant, i) { return false }
        return true
    }

    @inline(never)
    private func validateFallback(_ k: Int32, _ i: Int) -> Bool {
        t.fallbacks[Int(k)]._withUnsafeGuaranteedRef { schema in
            var evaluator = Evaluator(reader: reader, tracksScope: false, state: EvaluationState(), sink: FlagSink())
            return evaluator.validate(schema, i)
        }
    }

    // MARK: Strings

    @inline(__always)
    private func validateString(_ node: UnsafePointer<ProgramNode>, _ i: Int) -> Bool {
        let s = reader.string(i)
        if !hasValidLength(node, s) { return false }
        if node.pointee.pattern >= 0 && !matches(pattern: node.pointee.pattern, s) { return false }
        if node.pointee.format != 0, let kind = FormatKind(rawValue: node.pointee.format), !kind.check(s) { return false }
        return true
    }

    /// `minLength` and `maxLength`, counted in code points only when the byte count cannot decide.
    @inline(__always)
    private func hasValidLength(_ node: UnsafePointer<ProgramNode>, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let min = Int(node.pointee.minLength), max = Int(node.pointee.maxLength)
        if min >= 0, s.count < 4 * min, s.count < min || Evaluator<FlagSink>.codePointCount(s) < min { return false }
        if max >= 0, s.count > max, Evaluator<FlagSink>.codePointCount(s) > max { return false }
        return true
    }

    @inline(__always)
    private func matches(pattern k: Int32, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let p = t.patterns + Int(k)
        if p.pointee.simple {
            return SimplePattern.matches(UnsafeBufferPointer(start: t.atoms + Int(p.pointee.atoms.start), count: Int(p.pointee.atoms.count)), s)
        }
        // A regex that gives up (backtracking limit) rejects the value, as in the general evaluator.
        return p.pointee.regex._withUnsafeGuaranteedRef { $0.matches(s) } == .match
    }

    // MARK: Numbers

    @inline(__always)
    private func validateNumber(_ c: UnsafePointer<ProgramNumeric>, _ i: Int) -> Bool {
        let isInteger = reader.rawTag(i) == JSONTape.Tag.integer.rawValue
        var b = t.bounds + Int(c.pointee.bounds.start)
        for _ in 0..<Int(c.pointee.bounds.count) {
            let cmp: Int
            if isInteger && b.pointee.hasExact {
                let x = reader.integer(i), e = b.pointee.exact
                cmp = x < e ? -1 : (x == e ? 0 : 1)
            } else {
                let x = reader.numberAsDouble(i), v = b.pointee.value
                cmp = x < v ? -1 : (x == v ? 0 : 1)
            }
            let ok = b.pointee.lower ? (b.pointee.exclusive ? cmp > 0 : cmp >= 0) : (b.pointee.exclusive ? cmp < 0 : cmp <= 0)
            if !ok { return false }
            b += 1
        }
        if c.pointee.multipleOf >= 0 {
            let m = t.multiples + Int(c.pointee.multipleOf)
            return isInteger ? m.pointee.accepts(reader.integer(i)) : m.pointee.accepts(reader.double(i))
        }
        return true
    }

    // MARK: enum and const

    @inline(__always)
    private func matches(_ k: Int32, _ i: Int) -> Bool {
        let e = t.enums + Int(k)
        if reader.rawTag(i) == JSONTape.Tag.string.rawValue { return matches(strings: e, reader.string(i)) }
        if e.pointee.onlyStrings { return false }
        return t.enumValues[Int(e.pointee.values)]._withUnsafeGuaranteedRef { box in
            box.values.contains { reader.equals(i, $0) }
        }
    }

    /// Whether `s` is one of the string candidates of `e`.
    @inline(__always)
    private func matches(strings e: UnsafePointer<ProgramEnum>, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let candidates = t.enumStrings + Int(e.pointee.strings.start)
        for c in 0..<Int(e.pointee.strings.count) {
            let (offset, length) = candidates[c]
            if Int(length) == s.count && Self.equal(t.bytes + Int(offset), s.baseAddress, s.count) { return true }
        }
        return false
    }

    /// Byte equality for short keys and enum strings, without a call for the common lengths.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
        guard let b else { return n == 0 }
        if n >= 8 {
            let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
            var k = 0
            while k &+ 8 <= n {
                if ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
                k &+= 8
            }
            return k == n || ra.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        }
        if n >= 4 {
            let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
            return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
                && ra.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self) == rb.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
        }
        var k = 0
        while k < n {
            if a[k] != b[k] { return false }
            k &+= 1
        }
        return true
    }

    // MARK: Objects

    /// The position of `key` among the object schema's names, or -1. Scans from `hint` (the position
    /// after the previous member's), since instances usually list members in the schema's order.
    @inline(__always)
    private func lookup(_ o: UnsafePointer<ProgramObject>, _ key: UnsafeBufferPointer<UInt8>, hint: Int) -> Int {
        Self.lookup(t.names + Int(o.pointee.names.start), Int(o.pointee.names.count), t.bytes, key, hint: hint)
    }

    /// ``lookup(_:_:hint:)`` over tables the caller has read once (in a loop with calls in it, the
    /// optimizer would otherwise reload them for every member).
    @inline(__always)
    private static func lookup(
        _ names: UnsafePointer<ProgramName>, _ count: Int, _ bytes: UnsafePointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>, hint: Int
    ) -> Int {
        var k = hint < count ? hint : 0
        var left = count
        while left > 0 {
            let name = names + k
            if Int(name.pointee.length) == key.count && equal(bytes + Int(name.pointee.offset), key.baseAddress, key.count) {
                return k
            }
            k &+= 1
            if k == count { k = 0 }
            left &-= 1
        }
        return -1
    }

    private func validateObject(_ o: UnsafePointer<ProgramObject>, _ i: Int, _ depth: Int) -> Bool {
        let count = reader.count(i)
        if o.pointee.minProperties >= 0 && count < Int(o.pointee.minProperties) { return false }
        if o.pointee.maxProperties >= 0 && count > Int(o.pointee.maxProperties) { return false }
        guard o.pointee.visitsMembers else { return true }
        var present: UInt64 = 0
        if o.pointee.namesOnly {
            if !validateNamedMembers(o, i, count, depth, &present) { return false }
        } else {
            if !validateMembers(o, i, count, depth, &present) { return false }
        }
        let required = o.pointee.requiredMask
        if present & required != required { return false }
        if o.pointee.dependentRequired.count > 0 {
            let deps = t.dependencies + Int(o.pointee.dependentRequired.start)
            for d in 0..<Int(o.pointee.dependentRequired.count) {
                let (bit, mask) = deps[d]
                if present & (1 &<< UInt64(bit)) != 0 && present & mask != mask { return false }
            }
        }
        return true
    }

    /// The members of an object whose schema names them (`properties`) and at most forbids the
    /// rest: the usual event schema, in a loop with few live values (no spills around the calls).
    @inline(__always)
    private func validateNamedMembers(_ o: UnsafePointer<ProgramObject>, _ i: Int, _ count: Int, _ depth: Int, _ present: inout UInt64) -> Bool {
        let names = t.names + Int(o.pointee.names.start)
        let nameCount = Int(o.pointee.names.count)
        let bytes = t.bytes
        let othersFail = o.pointee.additionalFalse
        var seen: UInt64 = 0
        var hint = 0
        var key = i &+ 1
        for _ in 0..<count {
            let k = Self.lookup(names, nameCount, bytes, reader.string(key), hint: hint)
            let value = key &+ 1
            if k >= 0 {
                hint = k &+ 1
                seen |= 1 &<< UInt64(k)
                let schema = names[k].schema
                if schema >= 0 {
                    if !validateChild(schema, value, depth) { return false }
                } else if othersFail {
                    return false  // named only by `required`: `additionalProperties` applies
                }
            } else if othersFail {
                return false
            }
            key = reader.next(value)
        }
        present = seen
        return true
    }

    /// The general member loop: `properties`, `patternProperties`, `additionalProperties`, `propertyNames`.
    private func validateMembers(_ o: UnsafePointer<ProgramObject>, _ i: Int, _ count: Int, _ depth: Int, _ present: inout UInt64) -> Bool {
        let names = t.names + Int(o.pointee.names.start)
        let hasNames = o.pointee.names.count > 0
        // Read once: the calls below are opaque to the optimizer, which would reload every field.
        let patternCount = Int(o.pointee.patternProperties.count)
        let additional = o.pointee.additional, additionalFalse = o.pointee.additionalFalse
        let propertyNames = o.pointee.propertyNames
        var seen: UInt64 = 0
        var hint = 0
        var key = i &+ 1
        for _ in 0..<count {
            let value = key &+ 1
            let name = reader.string(key)
            var matched = false
            if hasNames {
                let k = lookup(o, name, hint: hint)
                if k >= 0 {
                    hint = k &+ 1
                    seen |= 1 &<< UInt64(k)
                    let schema = names[k].schema
                    if schema >= 0 {
                        matched = true
                        if !validateChild(schema, value, depth) { return false }
                    }
                }
            }
            if patternCount > 0 {
                let pairs = t.patternProperties + Int(o.pointee.patternProperties.start)
                for p in 0..<patternCount {
                    let (pattern, schema) = pairs[p]
                    if matches(pattern: pattern, name) {
                        matched = true
                        if !validate(schema, value, depth) { return false }
                    }
                }
            }
            if !matched && additional >= 0 {
                if additionalFalse || !validate(additional, value, depth) { return false }
            }
            if propertyNames >= 0 && !validate(propertyNames, key, depth) { return false }
            key = reader.next(value)
        }
        present = seen
        return true
    }

    // MARK: Arrays

    private func validateArray(_ a: UnsafePointer<ProgramArray>, _ i: Int, _ depth: Int) -> Bool {
        let count = reader.count(i)
        if a.pointee.minItems >= 0 && count < Int(a.pointee.minItems) { return false }
        if a.pointee.maxItems >= 0 && count > Int(a.pointee.maxItems) { return false }
        let prefixCount = Int(a.pointee.prefixItems.count)
        let items = a.pointee.items
        if prefixCount > 0 || items >= 0 {
            let prefix = t.children + Int(a.pointee.prefixItems.start)
            var item = i &+ 1
            for k in 0..<count {
                let schema: Int32
                if k < prefixCount { schema = prefix[k] } else if items >= 0 { schema = items } else { break }
                if !validateChild(schema, item, depth) { return false }
                item = reader.next(item)
            }
        }
        if a.pointee.contains >= 0 {
            let minContains = Int(a.pointee.minContains), maxContains = Int(a.pointee.maxContains)
            var matches = 0
            var item = i &+ 1
            for _ in 0..<count {
                if validate(a.pointee.contains, item, depth) { matches += 1 }
                if maxContains >= 0 && matches > maxContains { break }
                if maxContains < 0 && matches >= minContains { break }
                item = reader.next(item)
            }
            if matches < minContains { return false }
            if maxContains >= 0 && matches > maxContains { return false }
        }
        if a.pointee.uniqueItems && count > 1 && hasDuplicate(i) { return false }
        return true
    }

    @inline(never)
    private func hasDuplicate(_ i: Int) -> Bool {
        var nodes: [Int] = []
        nodes.reserveCapacity(reader.count(i))
        var item = i + 1
        for _ in 0..<reader.count(i) {
            nodes.append(item)
            item = reader.next(item)
        }
        for a in 0..<nodes.count {
            for b in (a + 1)..<nodes.count where reader.equals(nodes[a], nodes[b]) { return true }
        }
        return false
    }

    // MARK: Combinators

    private func validateCombinators(_ node: UnsafePointer<ProgramNode>, _ i: Int, _ depth: Int) -> Bool {
        let allOf = node.pointee.allOf
        for k in 0..<Int(allOf.count) where !validate(t.children[Int(allOf.start) + k], i, depth) { return false }
        let anyOf = node.pointee.anyOf
        if anyOf.count > 0 {
            var any = false
            for k in 0..<Int(anyOf.count) where validate(t.children[Int(anyOf.start) + k], i, depth) {
                any = true
                break
            }
            if !any { return false }
        }
        let oneOf = node.pointee.oneOf
        if oneOf.count > 0 {
            var matched = 0
            for k in 0..<Int(oneOf.count) where validate(t.children[Int(oneOf.start) + k], i, depth) {
                matched += 1
                if matched > 1 { return false }
            }
            if matched != 1 { return false }
        }
        if node.pointee.not >= 0 && validate(node.pointee.not, i, depth) { return false }
        if node.pointee.condition >= 0 {
            let branch = validate(node.pointee.condition, i, depth) ? node.pointee.then : node.pointee.otherwise
            if branch >= 0 && !validate(branch, i, depth) { return false }
        }
        return true
    }
}
