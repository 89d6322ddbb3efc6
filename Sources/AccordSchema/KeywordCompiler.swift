import AccordJSON

/// Compiles one schema object's keywords into its ``SchemaNode``, honouring the draft and the
/// vocabularies in force. Keywords a draft does not define are ignored, as the specifications say.
struct KeywordCompiler {
    let compiler: SchemaCompiler
    let node: SchemaNode
    let location: SchemaLocation
    let entered: SchemaCompiler.Entered

    var object: JSONObject { entered.object! }
    var keywords: KeywordSet { entered.keywords }
    var draft: Draft { entered.dialect.draft }
    var vocabularies: Vocabularies { entered.dialect.vocabularies }

    func fail(_ tokens: [String], _ message: String, kind: SchemaError.Kind = .invalidKeyword) -> SchemaError {
        SchemaError(kind: kind, location: compiler.pointerLocation(location.child(tokens, .null)), message: message)
    }

    func sub(_ tokens: [String], _ value: JSONValue) throws(SchemaError) -> SchemaNode {
        try compiler.node(location.child(tokens, value))
    }

    /// The value of `keyword`, if the object has it (a bit test when it has not).
    subscript(_ keyword: Keyword) -> JSONValue? {
        keywords.contains(keyword) ? object[keyword.name] : nil
    }

    func subschemas(_ keyword: Keyword) throws(SchemaError) -> [SchemaNode] {
        guard case .array(let items)? = self[keyword] else { return [] }
        var out: [SchemaNode] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { out.append(try sub([keyword.name, String(i)], item)) }
        return out
    }

    func nonNegativeInteger(_ keyword: Keyword) throws(SchemaError) -> Int? {
        guard let value = self[keyword] else { return nil }
        guard let i = value.integerValue, i >= 0 else {
            throw fail([keyword.name], "\(keyword.name) must be a non-negative integer")
        }
        return Int(clamping: i)
    }

    func compile() throws(SchemaError) {
        node.isResourceRoot = entered.isResourceRoot
        try compileReferences()
        if draft.refOverridesSiblings && keywords.contains(.ref) { return }
        if vocabularies.contains(.validation) { try compileValidation() }
        if vocabularies.contains(.applicator) { try compileApplicators() }
        if vocabularies.contains(.unevaluated) || (draft == .draft2019_09 && vocabularies.contains(.applicator)) {
            if draft >= .draft2019_09 {
                if let v = self[.unevaluatedProperties] { node.unevaluatedProperties = try sub(["unevaluatedProperties"], v) }
                if let v = self[.unevaluatedItems] { node.unevaluatedItems = try sub(["unevaluatedItems"], v) }
            }
        }
        try compileFormat()
        if draft == .draft7 && vocabularies.contains(.validation) && keywords.intersects(.content) { compileContent() }
    }

    // MARK: Core

    private func compileReferences() throws(SchemaError) {
        if let ref = self[.ref]?.stringValue {
            let (target, _) = try compiler.resolve(ref, base: entered.base, dialect: entered.dialect, from: location.child(["$ref"], .null))
            node.ref = try compiler.node(target)
        }
        if draft.refOverridesSiblings && keywords.contains(.ref) { return }
        if draft == .draft2019_09 {
            node.recursiveAnchor = self[.recursiveAnchor] == .bool(true)
            if let ref = self[.recursiveRef]?.stringValue {
                let (target, _) = try compiler.resolve(ref, base: entered.base, dialect: entered.dialect, from: location.child(["$recursiveRef"], .null))
                node.recursiveRef = try compiler.node(target)
            }
        }
        if draft >= .draft2020_12, let ref = self[.dynamicRef]?.stringValue {
            let (target, isDynamic) = try compiler.resolve(ref, base: entered.base, dialect: entered.dialect, from: location.child(["$dynamicRef"], .null))
            let fragment = URIs.split(ref).fragment
            node.dynamicRef = (try compiler.node(target), isDynamic ? fragment : nil)
        }
        if entered.isResourceRoot, draft >= .draft2020_12 {
            for (name, anchorLocation) in compiler.index.dynamicAnchorsByResource[entered.base] ?? [:] {
                node.dynamicAnchors[name] = try compiler.node(anchorLocation)
            }
        }
    }

    // MARK: Validation vocabulary

    private func compileValidation() throws(SchemaError) {
        guard keywords.intersects(.validation) else { return }
        switch self[.type] {
        case .string(let name)?:
            node.typeMask = try typeBit(name, ["type"])
            node.typeNames = [name]
        case .array(let names)?:
            var mask: UInt8 = 0
            for (i, n) in names.enumerated() {
                guard let name = n.stringValue else { throw fail(["type", String(i)], "type names must be strings") }
                mask |= try typeBit(name, ["type", String(i)])
                node.typeNames.append(name)
            }
            node.typeMask = mask
        default: break
        }
        if case .array(let values)? = self[.enumeration] { node.enumValues = EnumConstraint(values) }
        if draft >= .draft6, let value = self[.const] { node.constValue = EnumConstraint([value]) }
        if keywords.intersects(.numeric) { try compileNumeric() }
        if keywords.intersects(.string) { try compileString() }
        if keywords.intersects(.arrayValidation) { try compileArrayValidation() }
        if keywords.intersects(.objectValidation) { try compileObjectValidation() }
    }

    private func typeBit(_ name: String, _ tokens: [String]) throws(SchemaError) -> UInt8 {
        guard let bit = TypeMask.bit(named: name) else { throw fail(tokens, "unknown type \"\(name)\"") }
        return bit
    }

    private func compileNumeric() throws(SchemaError) {
        var numeric = NumericConstraints()
        var any = false
        func bound(_ keyword: Keyword, exclusive: Bool) -> NumericBound? {
            guard let v = self[keyword], let d = v.doubleValue else { return nil }
            return NumericBound(value: d, exactInteger: v.integerValue, exclusive: exclusive, keyword: keyword.name)
        }
        if draft == .draft4 {
            numeric.minimum = bound(.minimum, exclusive: self[.exclusiveMinimum] == .bool(true))
            numeric.maximum = bound(.maximum, exclusive: self[.exclusiveMaximum] == .bool(true))
            if numeric.minimum?.exclusive == true { numeric.minimum?.keyword = "exclusiveMinimum" }
            if numeric.maximum?.exclusive == true { numeric.maximum?.keyword = "exclusiveMaximum" }
        } else {
            numeric.minimum = bound(.minimum, exclusive: false)
            numeric.maximum = bound(.maximum, exclusive: false)
            if let b = bound(.exclusiveMinimum, exclusive: true) {
                if numeric.minimum == nil { numeric.minimum = b } else { numeric.extra.append(b) }
            }
            if let b = bound(.exclusiveMaximum, exclusive: true) {
                if numeric.maximum == nil { numeric.maximum = b } else { numeric.extra.append(b) }
            }
        }
        any = numeric.minimum != nil || numeric.maximum != nil || !numeric.extra.isEmpty
        if let m = self[.multipleOf] {
            guard let d = m.doubleValue, let multiple = MultipleOf(d) else {
                throw fail(["multipleOf"], "multipleOf must be a number greater than 0")
            }
            numeric.multipleOf = multiple
            any = true
        }
        if any { node.numeric = numeric }
    }

    private func compileString() throws(SchemaError) {
        var string = StringConstraints()
        string.minLength = try nonNegativeInteger(.minLength)
        string.maxLength = try nonNegativeInteger(.maxLength)
        if let pattern = self[.pattern]?.stringValue {
            string.pattern = try regex(pattern, ["pattern"])
        }
        if string.minLength != nil || string.maxLength != nil || string.pattern != nil { node.string = string }
    }

    func regex(_ pattern: String, _ tokens: [String]) throws(SchemaError) -> ECMARegex {
        do {
            return try ECMARegex(pattern)
        } catch {
            throw fail(tokens, "invalid regular expression \"\(pattern)\": \(error.message) at offset \(error.offset)", kind: .invalidRegex)
        }
    }

    private func compileArrayValidation() throws(SchemaError) {
        var array = node.array ?? ArrayConstraints()
        array.minItems = try nonNegativeInteger(.minItems)
        array.maxItems = try nonNegativeInteger(.maxItems)
        array.uniqueItems = self[.uniqueItems] == .bool(true)
        // minContains/maxContains matter only beside contains: compiled with the applicators.
        if array.minItems != nil || array.maxItems != nil || array.uniqueItems { node.array = array }
    }

    private func compileObjectValidation() throws(SchemaError) {
        var object = node.object ?? ObjectConstraints()
        var used = false
        if case .array(let names)? = self[.required] {
            for n in names { if let name = n.stringValue { object.required.append(object.intern(name)); used = true } }
        }
        object.minProperties = try nonNegativeInteger(.minProperties)
        object.maxProperties = try nonNegativeInteger(.maxProperties)
        used = used || object.minProperties != nil || object.maxProperties != nil
        let dependentKeyword: Keyword = draft >= .draft2019_09 ? .dependentRequired : .dependencies
        if case .object(let dependencies)? = self[dependentKeyword] {
            for (name, value) in dependencies {
                guard case .array(let names) = value else { continue }
                let required = names.compactMap { $0.stringValue }.map { object.intern($0) }
                object.dependentRequired.append((object.intern(name), required))
                object.dependentRequiredKeyword = dependentKeyword.name
                used = true
            }
        }
        if used { node.object = object }
    }

    // MARK: Applicator vocabulary

    private func compileApplicators() throws(SchemaError) {
        node.allOf = try subschemas(.allOf)
        node.anyOf = try subschemas(.anyOf)
        node.oneOf = try subschemas(.oneOf)
        if let v = self[.not] { node.not = try sub(["not"], v) }
        if draft >= .draft7, let v = self[.if] {
            let then = try self[.then].map { (t) throws(SchemaError) in try sub(["then"], t) }
            let otherwise = try self[.else].map { (e) throws(SchemaError) in try sub(["else"], e) }
            // Kept even without then/else: `if` still contributes annotations to unevaluated*.
            node.ifThenElse = (try sub(["if"], v), then, otherwise)
        }
        if keywords.intersects(.objectApplicators) { try compileObjectApplicators() }
        if keywords.intersects(.arrayApplicators) { try compileArrayApplicators() }
    }

    private func compileObjectApplicators() throws(SchemaError) {
        var object = node.object ?? ObjectConstraints()
        var used = false
        if case .object(let properties)? = self[.properties] {
            object.propertySchemas.reserveCapacity(properties.count)
            for (name, schema) in properties {
                let i = object.intern(name)
                object.propertySchemas[i] = try sub(["properties", name], schema)
                used = true
            }
        }
        if case .object(let patterns)? = self[.patternProperties] {
            for (pattern, schema) in patterns {
                object.patternProperties.append((try regex(pattern, ["patternProperties", pattern]), try sub(["patternProperties", pattern], schema)))
                used = true
            }
        }
        if let v = self[.additionalProperties] {
            object.additionalProperties = try sub(["additionalProperties"], v)
            used = true
        }
        if draft >= .draft6, let v = self[.propertyNames] {
            object.propertyNames = try sub(["propertyNames"], v)
            used = true
        }
        let schemaDependencies: [Keyword] = draft >= .draft2019_09 ? [.dependentSchemas, .dependencies] : [.dependencies]
        for keyword in schemaDependencies {
            guard case .object(let dependencies)? = self[keyword] else { continue }
            for (name, value) in dependencies {
                switch value {
                case .object, .bool:
                    object.dependentSchemas.append((object.intern(name), try sub([keyword.name, name], value)))
                    object.dependentSchemasKeyword = keyword.name
                    used = true
                case .array(let names) where keyword == .dependencies && draft >= .draft2019_09:
                    let required = names.compactMap { $0.stringValue }.map { object.intern($0) }
                    object.dependentRequired.append((object.intern(name), required))
                    object.dependentRequiredKeyword = keyword.name
                    used = true
                default: break
                }
            }
        }
        if used { node.object = object }
    }

    private func compileArrayApplicators() throws(SchemaError) {
        var array = node.array ?? ArrayConstraints()
        var used = node.array != nil
        if draft >= .draft2020_12 {
            array.prefixItems = try subschemas(.prefixItems)
            if let v = self[.items] { array.items = try sub(["items"], v) }
        } else if case .array? = self[.items] {
            array.prefixItems = try subschemas(.items)
            array.prefixKeyword = "items"
            if let v = self[.additionalItems] {
                array.items = try sub(["additionalItems"], v)
                array.itemsKeyword = "additionalItems"
            }
        } else if let v = self[.items] {
            array.items = try sub(["items"], v)
        }
        used = used || !array.prefixItems.isEmpty || array.items != nil
        if draft >= .draft6, let v = self[.contains] {
            array.contains = try sub(["contains"], v)
            if draft >= .draft2019_09, vocabularies.contains(.validation) {
                if let v = try nonNegativeInteger(.minContains) { array.minContains = v }
                array.maxContains = try nonNegativeInteger(.maxContains)
            }
            used = true
        }
        if used { node.array = array }
    }

    // MARK: Content (draft 7)

    private func compileContent() {
        guard let content = ContentAssertion(encoding: self[.contentEncoding]?.stringValue,
                                             mediaType: self[.contentMediaType]?.stringValue) else { return }
        var string = node.string ?? StringConstraints()
        string.content = content
        node.string = string
    }

    // MARK: Format

    private func compileFormat() throws(SchemaError) {
        guard let name = self[.format]?.stringValue else { return }
        let asserting = vocabularies.contains(.formatAssertion)
            || (compiler.options.assertFormat && (vocabularies.contains(.formatAnnotation) || draft <= .draft7))
        guard asserting, let kind = FormatKind(name: name) else { return }
        var string = node.string ?? StringConstraints()
        string.format = (name, kind)
        node.string = string
    }
}
