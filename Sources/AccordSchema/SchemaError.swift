import AccordJSON

/// Why a schema could not be compiled, and where.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The schema text is not JSON.
        case invalidJSON
        /// The schema does not conform to its draft's meta-schema.
        case metaSchema
        /// A `$ref` (or `$schema`) names a resource that is not in the resource registry.
        case unresolvableReference(String)
        /// `$ref`s form a cycle that never consumes instance input, e.g. `{"$ref": "#"}`.
        case referenceCycle
        /// A `pattern` or `patternProperties` key is not a valid ECMA-262 regular expression.
        case invalidRegex
        /// The meta-schema requires a vocabulary Accord does not implement.
        case unsupportedVocabulary(String)
        /// A keyword's value is unusable in a way the meta-schema cannot express.
        case invalidKeyword
    }

    public var kind: Kind
    /// Where in the schema: `URI#/json/pointer` (or the file and pointer).
    public var location: String
    /// What is wrong, in plain words.
    public var message: String
    /// For ``Kind/metaSchema``: each meta-schema violation, located in the schema by `instanceLocation`.
    public var violations: [ValidationError]
    /// For ``Kind/invalidJSON``: the parse error.
    public var parseError: JSONParseError?

    public init(kind: Kind, location: String, message: String, violations: [ValidationError] = [], parseError: JSONParseError? = nil) {
        self.kind = kind
        self.location = location
        self.message = message
        self.violations = violations
        self.parseError = parseError
    }

    public var description: String {
        var text = "invalid schema at \(location): \(message)"
        for v in violations.prefix(20) {
            text += "\n  at #\(v.instanceLocation): \(v.message) (meta-schema keyword \(v.keywordLocation))"
        }
        if violations.count > 20 { text += "\n  … and \(violations.count - 20) more" }
        return text
    }
}
