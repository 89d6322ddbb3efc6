import Testing
import AccordJSON

@Suite struct CanonicalFormTests {
    @Test func keysSortByUTF16CodeUnits() throws {
        // RFC 8785 §3.2.3 sorting example.
        let text = #"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\u0080":"Control","\ud83d\ude00":"Emoji: Grinning Face","\u00f6":"Latin Small Letter O With Diaeresis"}"#
        let canonical = JSONWriter.canonical(try JSONParser().parse(text))
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(canonical == expected)
    }

    @Test func simpleKeysSortedWithoutWhitespace() {
        let value: JSONValue = ["b": [1, 2, ["z": true, "a": nil]], "a": "x", "B": 0]
        #expect(JSONWriter.canonical(value) == #"{"B":0,"a":"x","b":[1,2,{"a":null,"z":true}]}"#)
    }

    @Test(arguments: [
        (1.0, "1"), (1e21, "1e+21"), (1e-7, "1e-7"), (0.000001, "0.000001"),
        (123456789012345680000.0, "123456789012345680000"), (-0.0, "0"), (4.5, "4.5"), (2e-3, "0.002"),
        (1e20, "100000000000000000000"), (-1.5e300, "-1.5e+300"), (5e-324, "5e-324"), (0.1, "0.1"),
        (333333333.33333329, "333333333.3333333"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    ])
    func numberSpelling(_ number: Double, _ expected: String) {
        #expect(JSONWriter.canonical(.number(number)) == expected)
    }

    @Test func integersAreExact() {
        #expect(JSONWriter.canonical(.integer(Int64.min)) == "-9223372036854775808")
        #expect(JSONWriter.canonical(.integer(0)) == "0")
    }

    @Test func stringEscaping() {
        let s = "q\"b\\n\nt\tr\rf\u{0C}b\u{08}u\u{1F}\u{01}é😀/"
        #expect(JSONWriter.canonical(.string(s)) == #""q\"b\\n\nt\tr\rf\fb\bu\u001f\u0001é😀/""#)
        #expect(JSONWriter.canonical(.string("\u{7F}")) == "\"\u{7F}\"")
    }

    @Test func equalDocumentsHaveIdenticalCanonicalText() throws {
        let a = try JSONParser().parse(#"{"id": 1.0, "tags": ["x", "y"], "meta": {"b": 2, "a": [1e2, 0.5]}}"#)
        let b = try JSONParser().parse("{\n  \"meta\" : { \"a\" : [ 100 , 5e-1 ], \"b\":2.0 },\n\t\"tags\":[\"x\",\"y\"],\"id\":1\n}")
        #expect(a == b)
        #expect(JSONWriter.canonical(a) == JSONWriter.canonical(b))
        #expect(JSONWriter.canonical(a) == #"{"id":1,"meta":{"a":[100,0.5],"b":2},"tags":["x","y"]}"#)
        let c = try JSONParser().parse(#"{"id": 1, "tags": ["y", "x"], "meta": {"b": 2, "a": [100, 0.5]}}"#)
        #expect(JSONWriter.canonical(a) != JSONWriter.canonical(c))
    }

    @Test func equalIntegralNumbersBeyond2To53() throws {
        // `.integer(2^62) == .number(2^62)`, yet one is written exactly and the other in ECMAScript form.
        let integer = try JSONParser().parse("4611686018427387904")
        let double = try JSONParser().parse("4611686018427387904.0")
        #expect(integer == double)
        do {
            #expect(JSONWriter.canonical(integer) == JSONWriter.canonical(double))
        }
    }

    @Test func canonicalTextParsesBackToEqualValue() throws {
        let value = try JSONParser().parse(#"{"z": [1.25, -3, "\u0000\u001f"], "ä": {"": null}}"#)
        #expect(try JSONParser().parse(JSONWriter.canonical(value)) == value)
    }
}
