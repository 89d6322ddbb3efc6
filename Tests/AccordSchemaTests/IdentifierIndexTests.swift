import Testing
import AccordJSON
import AccordSchema

/// The compiler indexes below a document's root only when some member is named like an identifier
/// keyword; these pin both sides of that shortcut.
@Suite struct IdentifierIndexTests {
    private func isValid(_ schemaText: String, _ instanceText: String) throws -> Bool {
        try JSONSchema(compilingText: schemaText).isValid(try JSONParser().parse(instanceText))
    }

    @Test func nestedAnchorAndIDAreFound() throws {
        let schema = ##"""
            {"properties": {"a": {"$ref": "#small"}, "b": {"$ref": "urn:example:item"}},
             "$defs": {"small": {"$anchor": "small", "maximum": 3}, "item": {"$id": "urn:example:item", "type": "string"}}}
            """##
        #expect(try isValid(schema, #"{"a": 2, "b": "x"}"#))
        #expect(try !isValid(schema, #"{"a": 4}"#))
        #expect(try !isValid(schema, #"{"b": 5}"#))
    }

    @Test func anAnchorOnlyDeepInsideIsFound() throws {
        let schema = ##"{"items": {"items": {"properties": {"x": {"$anchor": "deep", "type": "integer"}}}}, "properties": {"y": {"$ref": "#deep"}}}"##
        #expect(try isValid(schema, #"{"y": 1}"#))
        #expect(try !isValid(schema, #"{"y": "one"}"#))
    }

    @Test func withoutIdentifiersReferencesByPointerStillResolve() throws {
        let schema = ##"{"properties": {"id": {"type": "string"}, "n": {"$ref": "#/$defs/n"}}, "$defs": {"n": {"minimum": 0}}}"##
        #expect(try isValid(schema, #"{"id": "a", "n": 1}"#))
        #expect(try !isValid(schema, #"{"n": -1}"#))
        // An anchor that no subschema declares is still an unresolvable reference.
        #expect(throws: SchemaError.self) { try JSONSchema(compilingText: ##"{"properties": {"n": {"$ref": "#nowhere"}}}"##) }
    }
}
