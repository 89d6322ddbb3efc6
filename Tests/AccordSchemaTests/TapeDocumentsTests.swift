import AccordJSON
import AccordSchema
import Testing

/// A tape can hold several documents one after another (each parse appends one); validating at a
/// document's root node must answer for that document alone, on both the flag and the basic path.
@Suite struct TapeDocumentsTests {
    static let schemaText = #"{"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}, "s": {"type": "string", "pattern": "^[a-z]+$"}}, "required": ["n"]}"#
    static let documents = [#"{"n": 1, "s": "ok"}"#, #"{"s": "no n"}"#, #"[1, 2]"#, #"{"n": -1}"#, #"{"n": 2, "s": "UPPER"}"#, #"{"n": 0}"#]
    static let expected = [true, false, false, false, false, true]

    @Test func eachDocumentIsValidatedOnItsOwn() throws {
        let schema = try JSONSchema(compilingText: Self.schemaText)
        var tape = JSONTape()
        var roots: [Int] = []
        let parser = JSONParser()
        for text in Self.documents {
            roots.append(tape.nodeCount)
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBytes { try parser.parse($0, into: &tape) }
        }
        for (k, root) in roots.enumerated() {
            #expect(schema.isValid(tape, at: root) == Self.expected[k], "document \(k): \(Self.documents[k])")
            let result = schema.validate(tape, at: root)
            #expect(result.isValid == Self.expected[k])
            // Locations are relative to the document, and match validating it on a tape of its own.
            let alone = schema.validate(try parser.parse(Self.documents[k]))
            #expect(result == alone, "document \(k)")
        }
    }
}
