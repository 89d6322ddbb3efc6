import AccordJSON
import AccordSchema

/// Why two schemas could not be compared (as opposed to a verdict).
public struct CompatibilityError: Error, Sendable, CustomStringConvertible {
    /// Which side failed: `old`, `new`, or `old[3]` for the fourth earlier schema.
    public var schema: String
    /// The underlying schema error (invalid schema, unresolvable `$ref`, …).
    public var underlying: SchemaError

    public init(schema: String, underlying: SchemaError) {
        self.schema = schema
        self.underlying = underlying
    }

    public var description: String { "\(schema) schema: \(underlying)" }
}

/// Compares JSON Schemas by meaning and returns a located change list, a verdict per
/// compatibility level and a witness instance.
public struct CompatibilityChecker: Sendable {
    /// Options used to compile both schemas (default draft, resources for `$ref`s).
    public var options: SchemaOptions

    public init(options: SchemaOptions = SchemaOptions()) {
        self.options = options
    }

    /// Compares `new` with `old` at `level` under `policy`.
    ///
    /// The verdict comes from a sound inclusion prover: `isCompatible` is `true` only when every
    /// instance of the source schema is proven valid under the target schema in each checked direction.
    /// A breaking verdict carries a witness checked with AccordSchema when one was found; a direction the
    /// prover can neither prove nor refute is reported as incompatible with a `cannot-prove` change.
    public func check(
        old: JSONValue, new: JSONValue,
        level: CompatibilityLevel = .backward, policy: CompatibilityPolicy = .strict
    ) throws(CompatibilityError) -> CompatibilityReport {
        try check(old: old, oldBaseURI: nil, new: new, newBaseURI: nil, level: level, policy: policy)
    }

    /// As ``check(old:new:level:policy:)``, with the URI each schema was read from (for relative `$ref`s
    /// to sibling documents); nil uses `options.baseURI`.
    public func check(
        old: JSONValue, oldBaseURI: String?, new: JSONValue, newBaseURI: String?,
        level: CompatibilityLevel = .backward, policy: CompatibilityPolicy = .strict
    ) throws(CompatibilityError) -> CompatibilityReport {
        let oldSide = try Side(document: old, baseURI: oldBaseURI ?? options.baseURI, options: options, name: "old")
        let newSide = try Side(document: new, baseURI: newBaseURI ?? options.baseURI, options: options, name: "new")
        let lenient = policy == .lenient
        var walker = ChangeWalker(lenient: lenient, oldDraft: oldSide.graph.root.draft, newDraft: newSide.graph.root.draft)
        // The roots as the reasoning reads them (UnevaluatedRewrite), so both describe the same schema.
        walker.walk(oldSide.graph.root.value, newSide.graph.root.value)
        var changes = walker.changes
        var compatible = true
        var witness: Witness?
        let directions: [(backward: Bool, checked: Bool)] = [(true, level.checksBackward), (false, level.checksForward)]
        for (backward, checked) in directions where checked {
            let (source, target) = backward ? (oldSide, newSide) : (newSide, oldSide)
            let prover = SubschemaProver(left: source.graph, right: target.graph, leftValidators: source.validators,
                                         rightValidators: target.validators, lenient: lenient)
            let outcome = prover.includes(LeftSchema(nodes: [source.graph.root]), in: target.graph.root)
            guard case .failed(let failure) = outcome else {
                for i in changes.indices {
                    if backward { changes[i].breaksBackward = false } else { changes[i].breaksForward = false }
                }
                continue
            }
            compatible = false
            var search = WitnessSearch(graph: source.graph, validators: source.validators, source: source.witnessSchema,
                                       target: target.witnessSchema, sourceDocument: source.document, targetDocument: target.document,
                                       lenient: lenient)
            let found = search.find(hint: failure.hint, at: failure.instancePath)
            if witness == nil, var instance = found {
                var needsFormats = false
                // Prefer a witness that also separates with `format` as an annotation, as most validators read it.
                // Only when a `format` is among the target's reasons to reject (compiling costs more than checking).
                let formatInvolved = target.witnessSchema.validate(instance).errors.contains { $0.keywordLocation.hasSuffix("/format") }
                if formatInvolved, let (plainSource, plainTarget) = Self.schemasWithoutFormatAssertion(source: source, target: target),
                   !(plainSource.isValid(instance) && !plainTarget.isValid(instance)) {
                    var plainSearch = WitnessSearch(graph: source.graph, validators: source.validators, source: plainSource,
                                                    target: plainTarget, sourceDocument: source.document, targetDocument: target.document,
                                                    lenient: lenient)
                    if let other = plainSearch.find(hint: failure.hint, at: failure.instancePath),
                       source.witnessSchema.isValid(other), !target.witnessSchema.isValid(other) {
                        instance = other
                    } else {
                        needsFormats = true
                    }
                }
                witness = Witness(instance: instance, validUnder: backward ? .old : .new, needsFormatAssertion: needsFormats)
            }
            let flagged = changes.contains { backward ? $0.breaksBackward : $0.breaksForward }
            if found == nil || !flagged {
                let (leftPointer, rightPointer) = (failure.leftPointer, failure.rightPointer)
                let kind = found == nil ? "cannot-prove" : failure.kind
                let direction = backward ? "old data read with the new schema" : "new data read with the old schema"
                let location = backward ? rightPointer : leftPointer
                let instanceText = failure.instancePath.isEmpty ? "" : " (at instance path /\(failure.instancePath.joined(separator: "/")))"
                var message = "`#\(location)`: \(failure.reason)\(instanceText)"
                if found == nil { message += "; cannot prove that \(direction) stays valid" }
                changes.append(SchemaChange(kind: kind, oldLocation: backward ? leftPointer : rightPointer,
                                            newLocation: backward ? rightPointer : leftPointer,
                                            breaksBackward: backward, breaksForward: !backward, message: message))
            }
        }
        return CompatibilityReport(isCompatible: compatible, level: level, policy: policy, changes: changes, witness: witness)
    }

    /// Both sides compiled with `format` as an annotation; nil when one does not compile.
    private static func schemasWithoutFormatAssertion(source: Side, target: Side) -> (JSONSchema, JSONSchema)? {
        func plain(_ side: Side) -> JSONSchema? {
            var options = side.compileOptions
            options.assertFormat = false
            return try? JSONSchema(compiling: side.document, options: options)
        }
        guard let plainSource = plain(source), let plainTarget = plain(target) else { return nil }
        return (plainSource, plainTarget)
    }

    /// Compares `new` with earlier schemas (oldest first). Non-transitive levels compare
    /// with the last element only; transitive levels with every element, and the report's
    /// `brokenIndex` names the first one broken.
    public func check(
        new: JSONValue, against earlier: [JSONValue],
        level: CompatibilityLevel = .backward, policy: CompatibilityPolicy = .strict
    ) throws(CompatibilityError) -> CompatibilityReport {
        guard !earlier.isEmpty else {
            return CompatibilityReport(isCompatible: true, level: level, policy: policy, changes: [], witness: nil)
        }
        let indices = level.isTransitive ? Array(earlier.indices.reversed()) : [earlier.count - 1]
        var merged = CompatibilityReport(isCompatible: true, level: level, policy: policy, changes: [], witness: nil)
        for index in indices {
            var report: CompatibilityReport
            do {
                report = try check(old: earlier[index], new: new, level: level, policy: policy)
            } catch {
                throw CompatibilityError(schema: error.schema == "old" ? "old[\(index)]" : error.schema, underlying: error.underlying)
            }
            if !report.isCompatible {
                report.brokenIndex = index
                return report
            }
            merged.changes.append(contentsOf: report.changes)
        }
        return merged
    }
}

/// One schema prepared for comparison: validated, indexed for `$ref`s, compiled for witness checks.
struct Side {
    let document: JSONValue
    /// The options the schema was compiled with (formats as the caller set them).
    let compileOptions: SchemaOptions
    let graph: SchemaGraph
    let validators: NodeValidators
    /// The whole schema compiled with formats asserted (witnesses are checked against it).
    let witnessSchema: JSONSchema

    init(document: JSONValue, baseURI: String, options: SchemaOptions, name: String) throws(CompatibilityError) {
        self.document = document
        var compileOptions = options
        compileOptions.baseURI = baseURI
        self.compileOptions = compileOptions
        do {
            // One compile both checks the schema (meta-schema, $refs) and checks witnesses (formats asserted).
            var asserting = compileOptions
            asserting.assertFormat = true
            witnessSchema = try JSONSchema(compiling: document, options: asserting)
            graph = try SchemaGraph(root: document, uri: baseURI, options: compileOptions)
        } catch {
            throw CompatibilityError(schema: name, underlying: error)
        }
        validators = NodeValidators(graph: graph, options: compileOptions)
        validators.seed(graph.root, with: witnessSchema)
    }
}
