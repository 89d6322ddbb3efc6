import AccordJSON
import AccordSchema
import Foundation
import Testing

/// The two document sources must be indistinguishable: simdjson (the bulk fast path) and jansson give
/// the same tape, the same parse errors (kind, line, column, offset, reason) and therefore the same
/// validity and the same validation errors, on the official suite, the bench workload and a corpus
/// of awkward documents.
@Suite("simdjson and jansson give identical answers")
struct ParserDifferentialTests {
    /// What a parser made of one document: the tape's words and bytes, or the error.
    enum Parsed: Equatable {
        case tape(words: [UInt64], bytes: [UInt8])
        case error(JSONParseError)
    }

    /// jansson into a tape (the Result pattern avoids a compiler crash with typed throws and inout).
    static func parseJansson(_ document: [UInt8], options: JSONParseOptions = .default) -> Result<JSONTape, JSONParseError> {
        var tape = JSONTape()
        let result: Result<Void, JSONParseError> = document.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try JSONParser(options: options).parse(raw, into: &tape, file: "doc.ndjson") }
        }
        return result.map { tape }
    }

    /// The bulk parser into a tape, reading the first `count` bytes of `buffer`.
    static func parseBulk(_ buffer: [UInt8], count: Int, readable: Int, parser: BulkJSONParser) -> Result<JSONTape, JSONParseError> {
        var tape = JSONTape()
        let result: Result<Void, JSONParseError> = buffer.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in
                try parser.parse(UnsafeRawBufferPointer(rebasing: raw[0..<count]), readable: readable, into: &tape, file: "doc.ndjson")
            }
        }
        return result.map { tape }
    }

    static func parsed(_ result: Result<JSONTape, JSONParseError>) -> Parsed {
        switch result {
        case .success(let tape): return .tape(words: tape.words, bytes: tape.bytes)
        case .failure(let error): return .error(error)
        }
    }

    static func jansson(_ document: [UInt8], options: JSONParseOptions = .default) -> Parsed {
        parsed(parseJansson(document, options: options))
    }

    /// Parses with the simdjson backend twice: from a tight buffer (copied) and in place (padded).
    static func simdjson(_ document: [UInt8], parser: BulkJSONParser) -> (copied: Parsed, inPlace: Parsed) {
        let padded = document + [UInt8](repeating: UInt8(ascii: "x"), count: BulkJSONParser.padding)
        return (parsed(parseBulk(document, count: document.count, readable: document.count, parser: parser)),
                parsed(parseBulk(padded, count: document.count, readable: padded.count, parser: parser)))
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Documents where parsers are known to differ, or where getting it right is delicate.
    static let corpus: [[UInt8]] = {
        var docs: [[UInt8]] = [
            // Integers at and beyond 64 bits.
            "0", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
            #"[1, 18446744073709551616, {"a": -99999999999999999999}]"#, #"{"n": 12345678910111213141516171819202122232425262728293031}"#,
            // Negative zero, out-of-range and edge doubles.
            "-0", "-0.0", "[-0, -0.0, 0.0, -0e0]", #"{"x": -0}"#, "-1e-400", "1e400", "-1e400", "1.7976931348623157e308",
            "1.7976931348623159e308", "1e-400", "4.9e-324", "2.4703282292062328e-324", "0.1", "19.99", "1E2", "1.0", "1e+2",
            "-123.456e-7", "[0.30000000000000004, 3.141592653589793]",
            // Strings: escapes, non-BMP, NUL, lone surrogates, raw control characters, bad escapes.
            #""a\u00e9\n\t\"\\\/\b\f\r""#, #""\ud83d\ude00 \uD834\uDD1E""#, "\"😀 Zoë 山田\"", #""\ud800""#, #""\udc00x""#,
            #""\ud800\u0041""#, #""a\u0000b""#, #"{"k\u0000":1}"#, #"{"k":"v\u0000"}"#, #""\x""#, "\"tab\there\"", "\"a\nb\"",
            #""\u00""#, #"["\uDFFF"]"#,
            // Duplicate member names: small and large objects, escaped spellings, nested.
            #"{"a":1,"a":2}"#, #"{"a":1,"b":{"c":1,"c":1}}"#, #"{"\u0061":1,"a":2}"#, #"[{"a":1},{"a":1}]"#,
            #"{"a":{"x":1},"b":{"x":1}}"#, #"{"":1,"":2}"#, #"{"ab":1,"ba":2,"a":3,"b":4}"#,
            // Trailing garbage and several values.
            "{} x", "[1] [2]", "1 2", "{}}", #""a" "b""#, "[1]]", "null,",
            // Blank and whitespace-only documents.
            "", " ", "\t", "\r", "\u{0C}", "  {\"a\" : [ 1 , 2 ] }  ", "\r{}\r",
            // Syntax errors of many kinds.
            "[1,]", #"{"a":1,}"#, "01", "1.", ".5", "+1", "NaN", "Infinity", "-Infinity", "tru", "nul", "[", #"{"a"}"#,
            "'a'", "{a:1}", "[1 2]", "\u{FEFF}{}", "[\"unterminated", "{\"a\":", "--1", "1e", "1e+", "0x10", "[,]",
            // Plain documents.
            "{}", "[]", "[[],{}]", #"{"":""}"#, "true", "false", "null", #"[true,false,null,"s",1,1.5,{"k":[]}]"#,
            #"{"specversion":"1.0","id":"x","data":{"items":[{"sku":"A-1","qty":2,"price":19.99}],"total":39.98}}"#,
        ].map(bytes)
        // Invalid UTF-8 in and outside strings; overlong, surrogate and beyond-U+10FFFF encodings.
        docs += [
            [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x28, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0xE2, 0x82, 0x22], [0xFF], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D],
            [0x5B, 0x22, 0x61, 0x22, 0x2C, 0x80, 0x5D],
            // Raw NUL and control bytes, in and outside strings.
            [0x5B, 0x31, 0x5D, 0x00], [0x22, 0x61, 0x00, 0x62, 0x22], [0x00], [0x22, 0x1F, 0x22], [0x22, 0x7F, 0x22],
        ]
        // Objects with more than 16 members (the hashed duplicate check), with and without a duplicate.
        let wide = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        docs.append(bytes("{\(wide)}"))
        docs.append(bytes("{\(wide),\"k7\":0}"))
        docs.append(bytes("{\(wide),\"k40\":{\(wide)}}"))
        // Nesting at, just past, and far past the default limit (512), arrays and objects.
        for depth in [511, 512, 513, 1025, 100_000] {
            docs.append(Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth))
        }
        for depth in [512, 513] {
            docs.append(bytes(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)))
        }
        docs.append(bytes(String(repeating: "[", count: 600)))
        return docs
    }()

    @Test func awkwardDocumentsParseIdentically() throws {
        let parser = BulkJSONParser(backend: .simdjson)
        var differences: [String] = []
        for document in Self.corpus {
            let expected = Self.jansson(document)
            let (copied, inPlace) = Self.simdjson(document, parser: parser)
            if copied != expected || inPlace != expected {
                differences.append("\(String(decoding: document.prefix(80), as: UTF8.self)): jansson \(expected) simdjson \(copied) / \(inPlace)")
            }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        // The corpus exercises both paths: most documents go through simdjson, the awkward ones fall back.
        #expect(parser.fallbackCount > 0)
        #expect(parser.fallbackCount < 2 * Self.corpus.count)
    }

    @Test func limitsOfTheCallerApplyToBothParsers() throws {
        let options = JSONParseOptions(maxDepth: 3, maxDocumentBytes: 40)
        let parser = BulkJSONParser(backend: .simdjson, options: options)
        for text in ["[[[1]]]", "[[[[1]]]]", #"{"a":{"b":{"c":{}}}}"#, #"{"a":{"b":[]}}"#, "[" + String(repeating: "1,", count: 30) + "1]"] {
            let document = Self.bytes(text)
            let expected = Self.jansson(document, options: options)
            let (copied, inPlace) = Self.simdjson(document, parser: parser)
            #expect(copied == expected, "\(text)")
            #expect(inPlace == expected, "\(text)")
        }
    }

    @Test func fallbackReasonsAreThoseExpected() {
        let simdjson = SimdjsonParser()
        var tape = JSONTape()
        func reason(_ text: String, maxDepth: Int = 512) -> SimdjsonParser.Fallback? {
            let document = Self.bytes(text)
            return document.withUnsafeBytes { simdjson.parse($0, readable: $0.count, maxDepth: maxDepth, into: &tape) }
        }
        #expect(reason(#"{"a":1,"b":[true,null,"x",-2,0.5]}"#) == nil)
        #expect(reason("9223372036854775808") == .bigInteger)
        #expect(reason("-0.0") == .negativeZero)
        #expect(reason(#"{"a":1,"a":2}"#) == .duplicateKey)
        #expect(reason(#"{"a\u0000":1}"#) == .nulInKey)
        #expect(reason("[[1]]", maxDepth: 1) == .tooDeep)
        #expect(reason("[1,]") == .parseError)
    }

    /// Schemas that look at numbers, strings, containers and member names, with errors in depth.
    static let schemas: [String] = [
        #"{"type":"integer"}"#, #"{"type":"number","minimum":0,"multipleOf":0.01}"#,
        #"{"type":"string","maxLength":2,"pattern":"^[a-z]+$"}"#,
        #"{"type":"array","uniqueItems":true,"items":{"type":["integer","array"]}}"#,
        #"{"type":"object","required":["a"],"properties":{"a":{"const":1},"k7":{"maximum":3}},"additionalProperties":{"type":"integer"},"propertyNames":{"maxLength":2}}"#,
        #"{"not":{"enum":[0,-0.0,"😀 Zoë 山田",[],{}]}}"#,
    ]

    @Test func awkwardDocumentsValidateIdentically() throws {
        let parser = BulkJSONParser(backend: .simdjson)
        var checked = 0
        for schemaText in Self.schemas {
            let schema = try JSONSchema(compilingText: schemaText)
            for document in Self.corpus {
                let slowResult = Self.parseJansson(document)
                let fastResult = Self.parseBulk(document, count: document.count, readable: document.count, parser: parser)
                guard case .success(let slow) = slowResult, case .success(let fast) = fastResult else {
                    #expect(Self.parsed(slowResult) == Self.parsed(fastResult))
                    continue
                }
                #expect(schema.isValid(fast) == schema.isValid(slow))
                #expect(schema.validate(fast) == schema.validate(slow), "\(schemaText) on \(String(decoding: document.prefix(60), as: UTF8.self))")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func officialSuiteInstancesValidateIdentically() throws {
        let parser = BulkJSONParser(backend: .simdjson)
        var compared = 0
        var differences: [String] = []
        for (draft, folder) in SuiteRunner.drafts {
            var resources = SchemaResources()
            resources.addDirectory(SharedData.suite.appendingPathComponent("remotes").path, baseURI: "http://localhost:1234/")
            let runner = SuiteRunner(draft: draft, folder: folder)
            for (subfolder, assertFormat) in [("", false), ("optional", false), ("optional/format", true)] {
                var options = SchemaOptions(defaultDraft: draft, assertFormat: assertFormat, resources: resources)
                options.baseURI = "json-schema:///"
                for file in runner.files(subfolder) {
                    let cases = try JSONParser().parseFile(atPath: file.path)
                    for testCase in cases.arrayValue ?? [] {
                        guard let schema = try? JSONSchema(compiling: testCase["schema"]!, options: options) else { continue }
                        for test in testCase["tests"]?.arrayValue ?? [] {
                            let text = Array(JSONWriter.compact(test["data"]!).utf8)
                            let slow = try Self.parseJansson(text).get()
                            let fast = try Self.parseBulk(text, count: text.count, readable: text.count, parser: parser).get()
                            let (a, b) = (schema.validate(fast), schema.validate(slow))
                            if fast.words != slow.words || fast.bytes != slow.bytes || a != b || schema.isValid(fast) != schema.isValid(slow) {
                                differences.append("\(folder)/\(subfolder)/\(file.lastPathComponent): \(test["description"]?.stringValue ?? "?")")
                            }
                            compared += 1
                        }
                    }
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        #expect(compared > 5000)
    }

    @Test func benchWorkloadValidatesIdentically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-differential-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", SharedData.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/gen_events.py").path,
                               "--out", dir.path, "--count", "4000"]
        try generator.run()
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0)
        let schemaValue = try JSONParser().parseFile(atPath: dir.appendingPathComponent("order.placed.schema.json").path)
        let schemas = [try JSONSchema(compiling: schemaValue), try JSONSchema(compiling: schemaValue, options: SchemaOptions(assertFormat: true))]
        let parser = BulkJSONParser(backend: .simdjson)
        let reader = try NDJSONReader(path: dir.appendingPathComponent("order.placed.events.ndjson").path)
        var lines = 0
        var invalid = [0, 0]
        var differences: [Int] = []
        try reader.forEachBatch { batch in
            batch.forEachLine { line, readable in
                guard case .text(let number, let bytes) = line else { return }
                var fast = JSONTape(), slow = JSONTape()
                do {
                    try JSONParser().parse(bytes, into: &slow)
                    try parser.parse(bytes, readable: readable, into: &fast)
                } catch {
                    differences.append(number)
                    return
                }
                if fast.words != slow.words || fast.bytes != slow.bytes { differences.append(number) }
                for (k, schema) in schemas.enumerated() {
                    let (a, b) = (schema.validate(fast), schema.validate(slow))
                    if a != b || schema.isValid(fast) != a.isValid { differences.append(number) }
                    if !a.isValid { invalid[k] += 1 }
                }
                lines += 1
            }
            return true
        }
        #expect(lines == 4000)
        #expect(differences.isEmpty, "lines \(differences.prefix(20))")
        #expect(invalid[0] > 0 && invalid[1] > invalid[0])
        // Every event of the workload is plain JSON: none needs jansson.
        #expect(parser.fallbackCount == 0)
    }
}
