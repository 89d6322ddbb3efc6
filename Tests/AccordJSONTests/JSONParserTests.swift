import Testing
import AccordJSON

/// Parses `text` and returns the error it throws, or nil when it parses.
private func parseError(_ text: String, options: JSONParseOptions = .default) -> JSONParseError? {
    do {
        _ = try JSONParser(options: options).parse(text)
        return nil
    } catch {
        return error
    }
}

private func parseError(bytes: [UInt8]) -> JSONParseError? {
    do {
        _ = try JSONParser().parse(bytes)
        return nil
    } catch {
        return error
    }
}

@Suite struct JSONParserTests {
    @Test func scalars() throws {
        let parser = JSONParser()
        #expect(try parser.parse("null") == .null)
        #expect(try parser.parse("true") == .bool(true))
        #expect(try parser.parse("false") == .bool(false))
        #expect(try parser.parse("42") == .integer(42))
        #expect(try parser.parse("-1.5") == .number(-1.5))
        #expect(try parser.parse(#""h\u00e9""#) == .string("hé"))
    }

    @Test func arraysAndObjects() throws {
        let value = try JSONParser().parse(#"{"a": [1, "x", null], "b": {"c": false}}"#)
        #expect(value["a"] == .array([.integer(1), .string("x"), .null]))
        #expect(value["b"]?["c"] == .bool(false))
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(try JSONParser().parse("[]") == .array([]))
        #expect(try JSONParser().parse("{}") == .object(JSONObject()))
    }

    @Test func memberOrderIsIrrelevantToEquality() throws {
        let ab = try JSONParser().parse(#"{"a":1,"b":2}"#)
        let ba = try JSONParser().parse(#"{"b":2,"a":1}"#)
        #expect(ab == ba)
        #expect(ab.hashValue == ba.hashValue)
        #expect(ab != (try JSONParser().parse(#"{"a":1,"b":3}"#)))
    }

    @Test func duplicateKeyNamesTheKey() throws {
        let error = try #require(parseError(#"{"a": 1, "b": 2, "a": 3}"#))
        #expect(error.kind == .duplicateKey("a"))
        #expect(error.reason.contains("\"a\""))
    }

    @Test func duplicateKeyIsNamedWhateverItsSpelling() throws {
        // jansson only quotes tokens of up to 20 bytes, and quotes them as written (escapes included).
        do {
            let long = String(repeating: "k", count: 25)
            #expect(try #require(parseError(#"{"\#(long)": 1, "\#(long)": 2}"#)).kind == .duplicateKey(long))
            #expect(try #require(parseError(#"{"a": 1, "\u0061": 2}"#)).kind == .duplicateKey("a"))
            #expect(try #require(parseError(#"{"a\"b": 1, "a\"b": 2}"#)).kind == .duplicateKey("a\"b"))
        }
    }

    @Test func syntaxErrorIsLocated() throws {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}"
        let error = try #require(parseError(text))
        #expect(error.kind == .syntax)
        #expect(error.line == 3)
        // Line 3 is `  "b" 2`: the offending `2` is its 7th character and byte 18 of the text.
        #expect(error.column == 7)
        #expect(error.byteOffset == 18)
        #expect(Array(text.utf8)[error.byteOffset] == UInt8(ascii: "2"))
        #expect(error.file == nil)
        #expect(error.description.hasPrefix("line 3, column \(error.column): "))
    }

    @Test func trailingContent() throws {
        #expect(try #require(parseError("[1] x")).kind == .trailingContent)
        #expect(try #require(parseError("1 2")).kind == .trailingContent)
    }

    @Test func prematureEnd() throws {
        #expect(try #require(parseError(#"{"a": [1, 2"#)).kind == .prematureEnd)
        #expect(try #require(parseError("")).kind == .prematureEnd)
    }

    @Test func invalidUTF8() throws {
        let bytes: [UInt8] = Array(#"["ok", ""#.utf8) + [0xC3, 0x28] + Array(#""]"#.utf8)
        #expect(try #require(parseError(bytes: bytes)).kind == .invalidUTF8)
        #expect(try #require(parseError(bytes: [0x22, 0xFF, 0x22])).kind == .invalidUTF8)
    }

    @Test func hugeNestingIsTooDeepWithoutCrashing() throws {
        let text = String(repeating: "[", count: 100_000)
        let error = try #require(parseError(text))
        #expect(error.kind == .tooDeep(limit: 512))
        #expect(error.byteOffset == 512)  // the 513th `[` is the first past the limit
    }

    @Test func customMaxDepth() throws {
        let options = JSONParseOptions(maxDepth: 10)
        let ten = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(parseError(ten, options: options) == nil)
        let eleven = String(repeating: "[", count: 11) + String(repeating: "]", count: 11)
        let error = try #require(parseError(eleven, options: options))
        #expect(error.kind == .tooDeep(limit: 10))
        let objects = String(repeating: #"{"k":"#, count: 11) + "1" + String(repeating: "}", count: 11)
        #expect(try #require(parseError(objects, options: options)).kind == .tooDeep(limit: 10))
    }

    @Test func tooLarge() throws {
        let text = "[" + String(repeating: "1,", count: 60) + "1]"
        let error = try #require(parseError(text, options: JSONParseOptions(maxDocumentBytes: 100)))
        #expect(error.kind == .tooLarge(limit: 100, size: text.utf8.count))
        #expect(parseError("[1,2]", options: JSONParseOptions(maxDocumentBytes: 100)) == nil)
    }

    @Test func integerBeyond64BitsBecomesNearestDouble() throws {
        let value = try JSONParser().parse("123456789012345678901234567890")
        guard case .number(let d) = value else {
            Issue.record("expected .number, got \(value)")
            return
        }
        #expect(d == 1.2345678901234568e29)
        let inArray = try JSONParser().parse(#"["123456789012345678901234567890", -99999999999999999999]"#)
        #expect(inArray == .array([.string("123456789012345678901234567890"), .number(-1e20)]))
    }

    @Test func bigIntegerDoesNotMaskALaterError() throws {
        do {
            let error = try #require(parseError("[123456789012345678901234567890, x]"))
            #expect(error.kind == .syntax)
            #expect(error.byteOffset == 33)
            #expect(try #require(parseError("[123456789012345678901234567890, 1e400]")).byteOffset >= 33)
        }
    }

    @Test func int64MinIsAnInteger() throws {
        #expect(try JSONParser().parse("-9223372036854775808") == .integer(Int64.min))
        #expect(try JSONParser().parse("9223372036854775807") == .integer(Int64.max))
    }

    @Test func numberOutOfRange() throws {
        #expect(try #require(parseError("1e400")).kind == .numberOutOfRange)
        #expect(try #require(parseError("[1" + String(repeating: "0", count: 400) + "]")).kind == .numberOutOfRange)
    }

    @Test func fractionsAndIntegerEquality() throws {
        #expect(try JSONParser().parse("0.1") == .number(0.1))
        if case .number = try JSONParser().parse("1.0") {} else { Issue.record("1.0 should be .number") }
        #expect(try JSONParser().parse("1") == (try JSONParser().parse("1.0")))
        #expect(JSONValue.integer(1) == .number(1.0))
        #expect(JSONValue.integer(1) != .number(1.5))
        #expect(JSONValue.integer(9_007_199_254_740_993) != .number(9_007_199_254_740_992))
    }
}
