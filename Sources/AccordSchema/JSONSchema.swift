import AccordJSON
import Synchronization

/// A compiled JSON Schema: compile once, validate many instances.
///
/// ```swift
/// let schema = try JSONSchema(compiling: schemaValue)
/// let result = schema.validate(instanceValue)
/// ```
/// Compiling checks the schema against its draft's meta-schema (bundled, never fetched), resolves every
/// `$ref` from ``SchemaResources``, and builds a graph of specialised validators. Validation reads
/// instances as ``JSONTape``s; ``isValid(_:)`` stops at the first failure and records nothing, and
/// ``validate(_:)`` collects every error with its locations. A `JSONSchema` is immutable and can be
/// used from any number of threads at once.
public final class JSONSchema: Sendable {
    let root: SchemaNode
    /// The draft the root schema is read with.
    public let draft: Draft
    let tracksScope: Bool
    /// Every compiled node by document index and JSON Pointer, so that `deinit` can break the reference
    /// cycles of recursive schemas and ``subschema(document:pointer:)`` can find a position. Empty in a view.
    private let nodes: [NodeKey: SchemaNode]
    /// The URI of each compiled document, by document index.
    private let documentURIs: [String]
    /// For a view made by ``subschema(document:pointer:)``: the schema that owns the nodes.
    private let owner: JSONSchema?
    /// The graph frozen for ``isValid(_:)``, built by the first validation that needs it: a schema
    /// compiled only to be checked (as the registry does on every registration) never pays for it.
    /// Holds a retained `FlagProgram` pointer once built, 0 before. A plain atomic word rather than
    /// `AtomicLazyReference`, whose unspecialised `load()` cost ~400 instructions per ``isValid(_:at:)``
    /// in generic-metadata lookups.
    private let programWord = Atomic<UInt>(0)
    /// Whether ``isValid(_:)`` uses the frozen graph: not when validation needs the dynamic scope,
    /// nor in a view (which validates with the general evaluator).
    private let usesProgram: Bool

    /// Compiles `schema`.
    public init(compiling schema: JSONValue, options: SchemaOptions = SchemaOptions()) throws(SchemaError) {
        let compiler = SchemaCompiler(options: options)
        let rootLocation = try compiler.addDocument(schema, uri: options.baseURI, dialect: Dialect(draft: options.defaultDraft))
        let entered = try compiler.enter(rootLocation)
        if options.validateAgainstMetaSchema {
            try MetaSchemas.check(schema, draft: entered.dialect.draft, location: options.baseURI)
        }
        self.root = try compiler.node(rootLocation)
        self.draft = entered.dialect.draft
        if compiler.resolvedReferences {
            let reachable = ReferenceCycles.reachable(root)
            try ReferenceCycles.check(reachable)
            ReferenceCycles.bindDynamicReferences(from: root, reachable)
            self.tracksScope = ReferenceCycles.usesDynamicScope(reachable)
        } else {
            // No reference edges: nothing can loop, and nothing needs the dynamic scope (every
            // registration of a self-contained schema skips the walk over its graph).
            self.tracksScope = false
        }
        self.nodes = compiler.nodes
        self.documentURIs = compiler.documentURIs
        self.owner = nil
        self.usesProgram = !tracksScope
    }

    private init(view root: SchemaNode, of owner: JSONSchema) {
        self.root = root
        self.draft = root.draft
        self.tracksScope = owner.tracksScope
        self.nodes = [:]
        self.documentURIs = []
        self.owner = owner
        self.usesProgram = false
    }

    /// The frozen graph, built once on first use; nil when ``usesProgram`` is false.
    /// The returned reference is unowned: the schema keeps the program alive for as long as it lives.
    @inline(__always)
    private var programTables: UnsafePointer<FlagProgramTables>? {
        guard usesProgram else { return nil }
        let word = programWord.load(ordering: .acquiring)
        if word != 0 {
            return Unmanaged<FlagProgram>.fromOpaque(UnsafeRawPointer(bitPattern: word)!)._withUnsafeGuaranteedRef { $0.tables }
        }
        return buildProgram()
    }

    @inline(never)
    private func buildProgram() -> UnsafePointer<FlagProgramTables> {
        // Two threads may both build it; one result is kept and the other dropped.
        let built = Unmanaged.passRetained(FlagProgramBuilder.build(root: root))
        let word = UInt(bitPattern: built.toOpaque())
        let (exchanged, current) = programWord.compareExchange(expected: 0, desired: word, ordering: .acquiringAndReleasing)
        if exchanged { return built.takeUnretainedValue().tables }
        built.release()
        return Unmanaged<FlagProgram>.fromOpaque(UnsafeRawPointer(bitPattern: current)!).takeUnretainedValue().tables
    }

    deinit {
        for node in nodes.values { node.unlink() }
        let word = programWord.load(ordering: .acquiring)
        if word != 0 { Unmanaged<FlagProgram>.fromOpaque(UnsafeRawPointer(bitPattern: word)!).release() }
    }

    /// The already compiled subschema at `pointer` (JSON Pointer text) inside the document loaded from
    /// `document`, as a schema of its own that shares this one's nodes; nil when that position was not
    /// compiled (not reachable from the root). Lets a caller test instances against many positions of one
    /// schema without compiling each again. Validation of a view uses the general evaluator.
    package func subschema(document: String, pointer: String) -> JSONSchema? {
        if let owner { return owner.subschema(document: document, pointer: pointer) }
        guard let index = documentURIs.firstIndex(of: URIs.withoutFragment(document)),
              let node = nodes[NodeKey(document: index, pointer: pointer)] else { return nil }
        return JSONSchema(view: node, of: self)
    }

    /// Parses and compiles schema text (`file` names it in errors).
    public convenience init(compilingText text: String, file: String? = nil, options: SchemaOptions = SchemaOptions()) throws(SchemaError) {
        let value: JSONValue
        do {
            value = try JSONParser(options: options.resources.parseOptions).parse(text, file: file)
        } catch {
            throw SchemaError(kind: .invalidJSON, location: file ?? options.baseURI, message: error.description, parseError: error)
        }
        try self.init(compiling: value, options: options)
    }

    /// Whether the document rooted at tape node `node` is valid. Stops at the first failure; allocates
    /// nothing on the valid path.
    ///
    /// A tape may hold several documents one after another (each ``JSONParser/parse(_:into:file:)``
    /// appends one): `node` is the first node of the one to validate, the tape's ``JSONTape/nodeCount``
    /// before it was parsed. Error locations are relative to that document.
    public func isValid(_ tape: JSONTape, at node: Int = 0) -> Bool {
        if let tables = programTables {
            return tape.withReader { reader in
                FlagProgramEvaluator(reader: reader, tables: tables).validate(tables.pointee.root, node)
            }
        }
        return tape.withReader { reader in
            var evaluator = Evaluator(reader: reader, tracksScope: tracksScope, state: EvaluationState(), sink: FlagSink())
            return evaluator.validate(root, node)
        }
    }

    /// Validates the document rooted at tape node `node`, collecting every error (the "basic" output).
    public func validate(_ tape: JSONTape, at node: Int = 0) -> ValidationResult {
        if isValid(tape, at: node) { return ValidationResult(isValid: true, errors: []) }
        return tape.withReader { reader in
            var evaluator = Evaluator(reader: reader, tracksScope: tracksScope, state: EvaluationState(), sink: BasicSink(reader: reader))
            _ = evaluator.validate(root, node)
            var errors = evaluator.sink.errors
            if errors.isEmpty {
                errors.append(ValidationError(instanceLocation: .root, keywordLocation: "", absoluteKeywordLocation: root.absoluteLocation,
                                              message: "the instance is invalid"))
            }
            return ValidationResult(isValid: false, errors: errors)
        }
    }

    public func isValid(_ value: JSONValue) -> Bool { isValid(JSONTape(value)) }
    public func validate(_ value: JSONValue) -> ValidationResult { validate(JSONTape(value)) }
}

/// The bundled meta-schemas, compiled once per draft and shared.
enum MetaSchemas {
    // One `static let` per draft: initialised once, thread-safely, on first use, and read
    // afterwards without a lock (a registration checks its schema against one of these).
    private static let draft4 = compile(.draft4)
    private static let draft6 = compile(.draft6)
    private static let draft7 = compile(.draft7)
    private static let draft2019_09 = compile(.draft2019_09)
    private static let draft2020_12 = compile(.draft2020_12)

    static func schema(for draft: Draft) -> JSONSchema {
        switch draft {
        case .draft4: draft4
        case .draft6: draft6
        case .draft7: draft7
        case .draft2019_09: draft2019_09
        case .draft2020_12: draft2020_12
        }
    }

    private static func compile(_ draft: Draft) -> JSONSchema {
        var options = SchemaOptions(defaultDraft: draft)
        options.validateAgainstMetaSchema = false
        options.baseURI = draft.metaSchemaURI
        let text = BundledMetaSchemas.documents[draft.metaSchemaURI]!
        // The bundled documents are known-good; failing here is a build defect.
        return try! JSONSchema(compiling: try! JSONParser().parse(text), options: options)
    }

    static func check(_ schema: JSONValue, draft: Draft, location: String) throws(SchemaError) {
        let result = Self.schema(for: draft).validate(schema)
        guard !result.isValid else { return }
        let first = result.errors.first!
        throw SchemaError(kind: .metaSchema, location: location + first.instanceLocation.uriFragment,
                          message: "the schema does not conform to the draft \(draft.rawValue) meta-schema: \(first.message)",
                          violations: result.errors)
    }
}
