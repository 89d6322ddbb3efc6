import AccordJSON
import AccordSchema
import Testing

/// Draft 7 asserts `contentEncoding: base64` and `contentMediaType: application/json`; later
/// drafts treat both as annotations. The flag and basic paths must agree.
@Suite struct ContentAssertionTests {
    static func schema(_ draft: String, _ keywords: String) throws -> JSONSchema {
        try JSONSchema(compilingText: #"{"$schema": "\#(draft)", \#(keywords)}"#)
    }
    static let draft7 = "http://json-schema.org/draft-07/schema#"
    static let draft2020 = "https://json-schema.org/draft/2020-12/schema"

    static func check(_ schema: JSONSchema, _ instance: String, _ expected: Bool, _ comment: Comment? = nil) throws {
        let value = try JSONParser().parse(instance)
        #expect(schema.isValid(value) == expected, comment)
        let result = schema.validate(value)
        #expect(result.isValid == expected, comment)
    }

    @Test func base64IsCheckedInDraft7() throws {
        let schema = try Self.schema(Self.draft7, #""contentEncoding": "base64""#)
        try Self.check(schema, #""eyJmb28iOiAiYmFyIn0K""#, true)
        try Self.check(schema, #""aGk=""#, true, "one padding character")
        try Self.check(schema, #""aA==""#, true, "two padding characters")
        try Self.check(schema, #""""#, true, "empty")
        try Self.check(schema, #""eyJmb28iOi%iYmFyIn0K""#, false, "% is not base64")
        try Self.check(schema, #""aGk""#, false, "length not a multiple of 4")
        try Self.check(schema, #""a=Gk""#, false, "padding in the middle")
        try Self.check(schema, #""aGk=aGk=""#, false, "padding before the last quantum")
        try Self.check(schema, #"100"#, true, "non-strings are ignored")
        let error = try #require(schema.validate(try JSONParser().parse(#""%%%%""#)).errors.first)
        #expect(error.keywordLocation == "/contentEncoding")
    }

    @Test func jsonMediaTypeIsCheckedInDraft7() throws {
        let plain = try Self.schema(Self.draft7, #""contentMediaType": "application/json; charset=utf-8""#)
        try Self.check(plain, #""{\"foo\": \"bar\"}""#, true)
        try Self.check(plain, #""{:}""#, false)
        let encoded = try Self.schema(Self.draft7, #""contentEncoding": "base64", "contentMediaType": "application/json""#)
        try Self.check(encoded, #""eyJmb28iOiAiYmFyIn0K""#, true, "base64 of {\"foo\": \"bar\"}")
        try Self.check(encoded, #""ezp9Cg==""#, false, "base64 of {:}")
        try Self.check(encoded, #""{}""#, false, "valid JSON but not base64")
        let error = try #require(encoded.validate(try JSONParser().parse(#""ezp9Cg==""#)).errors.first)
        #expect(error.keywordLocation == "/contentMediaType")
    }

    @Test func laterDraftsOnlyAnnotate() throws {
        let schema = try Self.schema(Self.draft2020, #""contentEncoding": "base64", "contentMediaType": "application/json""#)
        try Self.check(schema, #""%%% not base64 {:}""#, true)
        let unknown = try Self.schema(Self.draft7, #""contentEncoding": "quoted-printable", "contentMediaType": "image/png""#)
        try Self.check(unknown, #""anything""#, true, "encodings and media types Accord cannot check are not asserted")
    }
}
