import Testing
import AccordJSON
import AccordSchema

private func compileError(_ schemaText: String, options: SchemaOptions = SchemaOptions()) -> SchemaError? {
    do {
        _ = try JSONSchema(compilingText: schemaText, options: options)
        return nil
    } catch {
        return error
    }
}

private func schema(_ text: String, options: SchemaOptions = SchemaOptions()) throws -> JSONSchema {
    try JSONSchema(compilingText: text, options: options)
}

@Suite struct BadInputTests {
    @Test func wrongTypeForTypeKeywordViolatesMetaSchema() throws {
        let error = try #require(compileError(#"{"type": 12}"#))
        #expect(error.kind == .metaSchema)
        #expect(!error.violations.isEmpty)
        #expect(error.violations.contains { $0.instanceLocation.description == "/type" })
        #expect(error.violations.allSatisfy { $0.instanceLocation.description == "/type" })
        #expect(error.location.hasSuffix("#/type"))
    }

    @Test func negativeMinLengthViolatesMetaSchema() throws {
        let error = try #require(compileError(#"{"minLength": -1}"#))
        #expect(error.kind == .metaSchema)
        #expect(error.violations.contains { $0.instanceLocation.description == "/minLength" })
    }

    @Test func selfReferenceIsACycle() throws {
        #expect(try #require(compileError(##"{"$ref": "#"}"##)).kind == .referenceCycle)
        let mutual = ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##
        #expect(try #require(compileError(mutual)).kind == .referenceCycle)
    }

    /// The cycle check runs only when some reference was compiled (a self-contained schema skips
    /// it): references that appear only deep below the root must still count.
    @Test func aCycleDeepBelowTheRootIsFound() throws {
        let nested = ##"""
            {"type": "object", "properties": {"p": {"properties": {"q": {
              "$defs": {"a": {"$ref": "#/properties/p/properties/q/$defs/b"}, "b": {"allOf": [{"$ref": "#/properties/p/properties/q/$defs/a"}]}},
              "anyOf": [{"$ref": "#/properties/p/properties/q/$defs/a"}]}}}}}
            """##
        let error = try #require(compileError(nested))
        #expect(error.kind == .referenceCycle)
        #expect(error.message.contains("/properties/q/$defs/a"))
    }

    @Test func recursionThroughInstanceInputIsNotACycle() throws {
        let tree = try schema(##"{"type": "array", "items": {"$ref": "#"}}"##)
        #expect(tree.isValid(try JSONParser().parse("[[], [[]]]")))
        #expect(!tree.isValid(try JSONParser().parse("[[], [1]]")))
    }

    @Test func remoteReferenceIsNeverFetched() throws {
        let uri = "http://example.com/never.json"
        let error = try #require(compileError(#"{"$ref": "\#(uri)"}"#))
        #expect(error.kind == .unresolvableReference(uri))
        #expect(error.message.contains(uri))
    }

    @Test func registeredResourceResolves() throws {
        var resources = SchemaResources()
        resources.add(["type": "string"], uri: "http://example.com/never.json")
        let compiled = try schema(#"{"$ref": "http://example.com/never.json"}"#, options: SchemaOptions(resources: resources))
        #expect(compiled.isValid("x"))
        #expect(!compiled.isValid(1))
    }

    @Test func objectKeywordsWithoutTheApplicatorVocabularyReportErrors() throws {
        // A dialect with validation but no applicator vocabulary: `required` names a member that
        // no `properties` pass ever registers. Reporting an error for an instance holding that
        // member used to index past the end of the property schemas (a crash).
        var resources = SchemaResources()
        resources.add([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://example.com/meta-validation-only",
            "$vocabulary": [
                "https://json-schema.org/draft/2020-12/vocab/core": true,
                "https://json-schema.org/draft/2020-12/vocab/validation": true,
            ],
        ], uri: "https://example.com/meta-validation-only")
        let compiled = try schema(
            #"{"$schema": "https://example.com/meta-validation-only", "required": ["a"], "minProperties": 2, "properties": {"a": false}}"#,
            options: SchemaOptions(resources: resources))
        let result = compiled.validate(try JSONParser().parse(#"{"a": 1}"#))
        #expect(!result.isValid)
        #expect(result.errors.map(\.keywordLocation) == ["/minProperties"], "properties is not in the dialect, so only minProperties fails")
        #expect(compiled.isValid(try JSONParser().parse(#"{"a": 1, "b": 2}"#)))
    }

    @Test func invalidRegex() throws {
        #expect(try #require(compileError(#"{"pattern": "(unclosed"}"#)).kind == .invalidRegex)
        #expect(try #require(compileError(#"{"patternProperties": {"[z-a]": true}}"#)).kind == .invalidRegex)
    }

    @Test func invalidSchemaJSON() throws {
        let error = try #require(compileError(#"{"type": "string""#))
        #expect(error.kind == .invalidJSON)
        #expect(error.parseError?.kind == .prematureEnd)
    }

    @Test func catastrophicBacktrackingHitsTheLimit() throws {
        let compiled = try schema(#"{"type":"string","pattern":"^(a+)+$"}"#)
        let result = compiled.validate(.string(String(repeating: "a", count: 50_000) + "!"))
        #expect(!result.isValid)
        let error = try #require(result.errors.first)
        #expect(error.message.contains("limit"))
        #expect(error.keywordLocation == "/pattern")
        #expect(compiled.isValid("aaaa"))
    }

    @Test func multipleOfIsDecimal() throws {
        let compiled = try schema(#"{"multipleOf": 0.01}"#)
        #expect(compiled.isValid(try JSONParser().parse("19.99")))
        #expect(!compiled.isValid(try JSONParser().parse("19.995")))
        #expect(compiled.isValid(try JSONParser().parse("20")))
    }

    @Test func integerTypeDependsOnDraft() throws {
        let one = try JSONParser().parse("1.0")
        let modern = try schema(#"{"type":"integer"}"#)
        #expect(modern.isValid(one))
        #expect(!modern.isValid(try JSONParser().parse("1.5")))
        let draft4 = try schema(#"{"type":"integer"}"#, options: SchemaOptions(defaultDraft: .draft4))
        #expect(draft4.draft == .draft4)
        #expect(!draft4.isValid(one))
        #expect(draft4.isValid(try JSONParser().parse("1")))
    }

    @Test func deepInstanceIsRejectedByTheParser() throws {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser().parse(text)
            Issue.record("expected tooDeep")
        } catch {
            #expect(error.kind == .tooDeep(limit: 512))
        }
    }

    @Test func locationsEscapeAndEncodeUnusualPropertyNames() throws {
        // Plain names take the compiler's fast path; `/`, `~`, `%` and a space need escaping in the
        // JSON Pointer and percent-encoding in the URI fragment.
        let compiled = try schema(#"{"$id":"https://example.com/s","properties":{"a/b~c":{"properties":{"d%e f":{"type":"string"}}},"plain":{"type":"integer"}}}"#)
        let result = compiled.validate(try JSONParser().parse(#"{"a/b~c":{"d%e f":1},"plain":"x"}"#))
        #expect(result.errors.count == 2)
        let escaped = try #require(result.errors.first { $0.instanceLocation == ["a/b~c", "d%e f"] })
        #expect(escaped.keywordLocation == "/properties/a~1b~0c/properties/d%e f/type")
        #expect(escaped.absoluteKeywordLocation == "https://example.com/s#/properties/a~1b~0c/properties/d%25e%20f/type")
        let plain = try #require(result.errors.first { $0.instanceLocation == ["plain"] })
        #expect(plain.keywordLocation == "/properties/plain/type")
        #expect(plain.absoluteKeywordLocation == "https://example.com/s#/properties/plain/type")
    }

    @Test func basicOutputLocatesEachError() throws {
        let compiled = try schema(#"{"properties":{"a":{"type":"string"}}, "required":["b"]}"#)
        let result = compiled.validate(try JSONParser().parse(#"{"a":1}"#))
        #expect(!result.isValid)
        #expect(result.errors.count == 2)
        let typeError = try #require(result.errors.first { $0.instanceLocation == ["a"] })
        #expect(typeError.instanceLocation.description == "/a")
        #expect(typeError.keywordLocation == "/properties/a/type")
        #expect(typeError.absoluteKeywordLocation.hasSuffix("/properties/a/type"))
        #expect(!typeError.message.isEmpty)
        let requiredError = try #require(result.errors.first { $0.instanceLocation == .root })
        #expect(requiredError.instanceLocation.description == "")
        #expect(requiredError.keywordLocation == "/required")
        #expect(requiredError.absoluteKeywordLocation.hasSuffix("#/required"))
        #expect(requiredError.message.contains("b"))
        let output = result.basicOutput
        #expect(output["valid"] == false)
        #expect(output["errors"]?.arrayValue?.count == 2)
        #expect(compiled.validate(try JSONParser().parse(#"{"a":"s","b":0}"#)) == ValidationResult(isValid: true, errors: []))
    }
}
