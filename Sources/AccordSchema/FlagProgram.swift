import AccordJSON

/// The compiled schema graph frozen for the flag (`isValid`) path: every node, constraint, member
/// name and child list laid out in flat, immutable tables of plain values that refer to each other by
/// `Int32` index. Reading them costs no reference counting, no exclusivity checks and no copies of
/// constraint structs, which is what the ``SchemaNode`` graph (built incrementally, with cycles)
/// cannot offer. Built once per ``JSONSchema`` by ``FlagProgramBuilder``; nodes whose keywords
/// need annotations or the dynamic scope (`unevaluated*`, `$dynamicRef`, `$recursiveRef`,
/// `dependentSchemas`, more than 64 member names) delegate to the general ``Evaluator``.
final class FlagProgram: @unchecked Sendable {
    /// The tables, behind one pointer so that the evaluator stays a few words long (a large `self`
    /// is copied on every call).
    let tables: UnsafePointer<FlagProgramTables>
    /// Keeps the regexes and fallback nodes referenced by `Unmanaged` entries alive.
    private let owners: [AnyObject]
    private let storage: [UnsafeMutableRawPointer]

    init(tables: FlagProgramTables, owners: [AnyObject], storage: [UnsafeMutableRawPointer]) {
        let pointer = UnsafeMutablePointer<FlagProgramTables>.allocate(capacity: 1)
        pointer.initialize(to: tables)
        self.tables = UnsafePointer(pointer)
        self.owners = owners
        self.storage = storage + [UnsafeMutableRawPointer(pointer)]
    }

    deinit {
        for block in storage { block.deallocate() }
    }
}

/// Node flags: which checks a ``ProgramNode`` carries. A node with no flags accepts everything.
enum ProgramFlag {
    static let alwaysFalse: UInt32 = 1 << 0
    static let fallback: UInt32 = 1 << 1
    static let type: UInt32 = 1 << 2
    static let string: UInt32 = 1 << 3
    static let numeric: UInt32 = 1 << 4
    static let object: UInt32 = 1 << 5
    static let array: UInt32 = 1 << 6
    static let enumeration: UInt32 = 1 << 7
    static let constant: UInt32 = 1 << 8
    static let ref: UInt32 = 1 << 9
    static let combinators: UInt32 = 1 << 10
    /// `type` accepts only integral numbers in the draft 4 sense (`1.0` is not an integer).
    static let draft4Integers: UInt32 = 1 << 11
}

/// The common leaf schemas, recognised when the program is built, so that checking one is a
/// switch and the one test it needs rather than a walk through every leaf flag.
enum LeafKind {
    /// Anything else: the flag-by-flag checks.
    static let general: UInt8 = 0
    /// `{"type": "string"}`.
    static let anyString: UInt8 = 1
    /// `{"type": "string", "pattern": …}`.
    static let stringPattern: UInt8 = 2
    /// `{"type": "string", "minLength": …, "maxLength": …}` (either or both).
    static let stringLength: UInt8 = 3
    /// `enum` or `const` of strings only, nothing else: `leafIndex` is the ``ProgramEnum``.
    static let stringChoice: UInt8 = 4
}

/// A start and a count in one of the index tables.
struct ProgramRange {
    var start: Int32 = 0
    var count: Int32 = 0
}

/// One schema. Optional parts are indexes into the side tables, -1 when absent.
struct ProgramNode {
    var flags: UInt32 = 0
    var typeMask: UInt8 = TypeMask.any
    var format: UInt8 = 0  // FormatKind raw value, 0 for none
    var leafKind: UInt8 = LeafKind.general
    var leafIndex: Int32 = -1
    var minLength: Int32 = -1
    var maxLength: Int32 = -1
    var pattern: Int32 = -1
    var numeric: Int32 = -1
    var enumeration: Int32 = -1
    var constant: Int32 = -1
    var object: Int32 = -1
    var array: Int32 = -1
    var ref: Int32 = -1
    var allOf = ProgramRange()
    var anyOf = ProgramRange()
    var oneOf = ProgramRange()
    var not: Int32 = -1
    var condition: Int32 = -1
    var then: Int32 = -1
    var otherwise: Int32 = -1
    /// Index into the fallback table (the ``SchemaNode`` the general evaluator validates).
    var fallback: Int32 = -1
}

/// A compiled `pattern`: the simple matcher's atoms when the pattern allows it, else the PCRE2 regex.
struct ProgramPattern {
    var atoms = ProgramRange()
    var simple = false
    var regex: Unmanaged<ECMARegex>
}

/// Numeric bounds and `multipleOf`.
struct ProgramNumeric {
    var bounds = ProgramRange()
    var multipleOf: Int32 = -1
}

struct ProgramBound {
    var value: Double
    var exact: Int64
    var hasExact: Bool
    var exclusive: Bool
    var lower: Bool
}

/// A member name known to an object schema; `schema` is its `properties` subschema or -1.
struct ProgramName {
    var offset: Int32
    var length: Int32
    var schema: Int32
}

struct ProgramObject {
    /// Entries in the names table; a name's bit in the masks below is its position in this range.
    var names = ProgramRange()
    var requiredMask: UInt64 = 0
    var minProperties: Int32 = -1
    var maxProperties: Int32 = -1
    var additional: Int32 = -1
    var additionalFalse = false
    var propertyNames: Int32 = -1
    /// Pairs (pattern, schema) in the pattern-properties table.
    var patternProperties = ProgramRange()
    /// Pairs (name bit, required mask) in the dependencies table.
    var dependentRequired = ProgramRange()
    /// Whether the members must be visited at all (beyond counting them for required).
    var visitsMembers = false
    /// Whether members meet only `properties` and at most `additionalProperties: false` (no
    /// `patternProperties`, `propertyNames` or additional schema): the lean member loop suffices.
    var namesOnly = false
}

struct ProgramArray {
    var minItems: Int32 = -1
    var maxItems: Int32 = -1
    var prefixItems = ProgramRange()
    var items: Int32 = -1
    var contains: Int32 = -1
    var minContains: Int32 = 1
    var maxContains: Int32 = -1
    var uniqueItems = false
}

/// `enum` / `const`: string candidates as (offset, length) in the bytes table, and the general values.
struct ProgramEnum {
    var strings = ProgramRange()
    var onlyStrings: Bool
    var values: Int32
}

/// Raw pointers to every table; a plain value, so the evaluator holds it without any ARC traffic.
struct FlagProgramTables {
    var root: Int32
    var nodes: UnsafePointer<ProgramNode>
    var patterns: UnsafePointer<ProgramPattern>
    var atoms: UnsafePointer<SimplePattern.Atom>
    var numerics: UnsafePointer<ProgramNumeric>
    var bounds: UnsafePointer<ProgramBound>
    var multiples: UnsafePointer<MultipleOf>
    var objects: UnsafePointer<ProgramObject>
    var names: UnsafePointer<ProgramName>
    var patternProperties: UnsafePointer<(pattern: Int32, schema: Int32)>
    var dependencies: UnsafePointer<(bit: Int32, required: UInt64)>
    var arrays: UnsafePointer<ProgramArray>
    var enums: UnsafePointer<ProgramEnum>
    var enumStrings: UnsafePointer<(offset: Int32, length: Int32)>
    var enumValues: UnsafePointer<Unmanaged<EnumValues>>
    var children: UnsafePointer<Int32>
    var fallbacks: UnsafePointer<Unmanaged<SchemaNode>>
    var bytes: UnsafePointer<UInt8>
}

/// The values of an `enum`/`const` for instances other than strings.
final class EnumValues: @unchecked Sendable {
    let values: [JSONValue]
    init(_ values: [JSONValue]) { self.values = values }
}
