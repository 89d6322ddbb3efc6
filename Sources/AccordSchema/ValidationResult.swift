import AccordJSON

/// One reason an instance is invalid, in the shape of the JSON Schema "basic" output unit.
public struct ValidationError: Sendable, Equatable, CustomStringConvertible {
    /// JSON Pointer to the failing part of the instance.
    public var instanceLocation: JSONPointer
    /// JSON Pointer path of keywords from the root schema, through any `$ref`s.
    public var keywordLocation: String
    /// The failing keyword's absolute URI (`URI#/pointer`).
    public var absoluteKeywordLocation: String
    /// A readable explanation.
    public var message: String

    public var description: String {
        let at = instanceLocation.tokens.isEmpty ? "(root)" : instanceLocation.description
        return "\(at): \(message) [\(keywordLocation)]"
    }

    /// The output unit as JSON.
    public var json: JSONValue {
        [
            "instanceLocation": .string(instanceLocation.description),
            "keywordLocation": .string(keywordLocation),
            "absoluteKeywordLocation": .string(absoluteKeywordLocation),
            "error": .string(message),
        ]
    }
}

/// The result of validating one instance.
public struct ValidationResult: Sendable, Equatable {
    public var isValid: Bool
    /// Empty when valid, or when only the flag was asked for.
    public var errors: [ValidationError]

    public init(isValid: Bool, errors: [ValidationError]) {
        self.isValid = isValid
        self.errors = errors
    }

    /// The `flag` output format: `{"valid": bool}`.
    public var flagOutput: JSONValue { ["valid": .bool(isValid)] }

    /// The `basic` output format: `{"valid": bool, "errors": [...]}` (errors only when invalid).
    public var basicOutput: JSONValue {
        if isValid { return ["valid": true] }
        return ["valid": false, "errors": .array(errors.map(\.json))]
    }
}
