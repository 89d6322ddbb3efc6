import AccordJSON
import AccordSchema
import Testing

/// Objects whose schema has only `properties` and at most `additionalProperties: false` take the
/// flag path's lean member loop; its answers must be the general evaluator's (the `basic` output).
@Suite struct ObjectFastPathTests {
    static let schemas = [
        #"{"properties": {"a": {"type": "integer"}, "b": {}}, "required": ["a"]}"#,
        #"{"properties": {"a": {"type": "integer"}}, "required": ["a", "z"], "additionalProperties": false}"#,
        #"{"required": ["z"], "additionalProperties": false}"#,
        #"{"properties": {"a": {"const": 1}, "b": {"enum": ["x", "y"]}}, "additionalProperties": false}"#,
        #"{"properties": {"a": {"type": "integer"}}, "additionalProperties": {"type": "string"}}"#,
        #"{"properties": {"a": {"type": "integer"}}, "patternProperties": {"^x": {"type": "string"}}, "additionalProperties": false}"#,
        #"{"properties": {"a": {"type": "integer"}}, "propertyNames": {"maxLength": 1}}"#,
        #"{"properties": {"a": {"type": "integer"}}, "dependentRequired": {"a": ["b"]}, "required": ["b"]}"#,
    ]
    static let instances = [
        #"{}"#, #"{"a": 1}"#, #"{"a": "1"}"#, #"{"z": 1}"#, #"{"a": 1, "z": 1}"#, #"{"a": 1, "b": "x"}"#,
        #"{"b": "y", "a": 1}"#, #"{"a": 1, "b": "w"}"#, #"{"a": 1, "xa": "s"}"#, #"{"a": 1, "xa": 2}"#, #"{"a": 1, "c": "s"}"#,
        #"{"a": 1, "c": 2}"#, #"{"ab": 1}"#, #"{"a": 1, "b": 1}"#, #"[1]"#, #"3"#,
    ]

    @Test func flagPathAgreesWithBasic() throws {
        let parser = JSONParser()
        for text in Self.schemas {
            let schema = try JSONSchema(compiling: try parser.parse(text))
            for instanceText in Self.instances {
                let instance = try parser.parse(instanceText)
                #expect(schema.isValid(instance) == schema.validate(instance).isValid, "\(text) on \(instanceText)")
            }
        }
    }

    @Test func namesOnlyInRequiredAreStillAdditional() throws {
        let schema = try JSONSchema(compiling: try JSONParser().parse(
            #"{"properties": {"a": {}}, "required": ["a", "b"], "additionalProperties": false}"#))
        #expect(!schema.isValid(try JSONParser().parse(#"{"a": 1, "b": 2}"#)), "b is required but not a property: additionalProperties forbids it")
        #expect(!schema.isValid(try JSONParser().parse(#"{"a": 1}"#)), "b is missing")
        let open = try JSONSchema(compiling: try JSONParser().parse(#"{"properties": {"a": {}}, "required": ["a", "b"]}"#))
        #expect(open.isValid(try JSONParser().parse(#"{"b": 2, "a": 1, "c": 3}"#)))
    }

    /// Leaf schemas recognised as one kind (a string, a string with a pattern or lengths, a choice
    /// of strings) must answer as the general evaluator does, non-strings and code points included.
    @Test func leafKindsAgreeWithBasic() throws {
        let parser = JSONParser()
        let schemas = [
            #"{"type": "string"}"#, #"{"type": "string", "pattern": "^[A-Z]{2}$"}"#, #"{"type": "string", "pattern": "(?:a|b)+"}"#,
            #"{"type": "string", "minLength": 2, "maxLength": 3}"#, #"{"type": "string", "maxLength": 1}"#, #"{"const": "1.0"}"#,
            #"{"enum": ["USD", "EUR"]}"#, #"{"enum": []}"#, #"{"enum": ["a", 1]}"#, #"{"const": 1.0}"#,
            #"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "string", "minLength": 1}"#,
            #"{"type": ["string", "null"], "pattern": "^a$"}"#, #"{"type": "string", "pattern": "^a$", "minLength": 2}"#,
        ]
        let instances = [#""GB""#, #""gb""#, #""ab""#, #""éé""#, #""😀""#, #""""#, #""1.0""#, #""USD""#, #""EUR ""#, #"1"#, #"1.0"#, #"null"#, #""a""#, #"["a"]"#]
        for text in schemas {
            let schema = try JSONSchema(compiling: try parser.parse(text))
            for instanceText in instances {
                let instance = try parser.parse(instanceText)
                #expect(schema.isValid(instance) == schema.validate(instance).isValid, "\(text) on \(instanceText)")
            }
        }
        let country = try JSONSchema(compiling: try parser.parse(#"{"type": "string", "pattern": "^[A-Z]{2}$"}"#))
        #expect(country.isValid(.string("GB")) && !country.isValid(.string("GBR")) && !country.isValid(.integer(1)))
        let short = try JSONSchema(compiling: try parser.parse(#"{"type": "string", "maxLength": 1}"#))
        #expect(short.isValid(.string("😀")), "one code point, four bytes")
        let choice = try JSONSchema(compiling: try parser.parse(#"{"const": "1.0"}"#))
        #expect(choice.isValid(.string("1.0")) && !choice.isValid(.number(1.0)))
    }
}
