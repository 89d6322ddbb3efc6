import AccordJSON
import Testing

/// `JSONSourceMap`: JSON Pointer → line and column in the source text.
@Suite("JSONSourceMap")
struct JSONSourceMapTests {
    let text = """
        {
          "type": "object",
          "properties": {
            "amount": { "type": "integer", "maximum": 100 },
            "tags": ["a", "b",
                     "c"],
            "a/b~c": true,
            "caf\\u00e9": null
          },
          "required": ["amount"]
        }
        """

    func at(_ pointer: String) throws -> JSONSourceMap.Location? {
        JSONSourceMap(text: text).location(of: try JSONPointer(parsing: pointer))
    }

    @Test func memberPointsAtItsName() throws {
        #expect(try at("/type") == JSONSourceMap.Location(line: 2, column: 3, byteOffset: 4))
        #expect(try at("/properties/amount")?.line == 4)
        #expect(try at("/properties/amount")?.column == 5)
        #expect(try at("/properties/amount/maximum").map { "\($0)" } == "4:36")
    }

    @Test func rootAndArrayElementsPointAtTheirValue() throws {
        #expect(try at("")?.description == "1:1")
        #expect(try at("/properties/tags/0")?.description == "5:14")
        #expect(try at("/properties/tags/1")?.description == "5:19")
        #expect(try at("/properties/tags/2")?.description == "6:14")
        #expect(try at("/required/0")?.description == "10:16")
    }

    @Test func escapedNamesAreDecoded() throws {
        #expect(try at("/properties/a~1b~0c")?.line == 7)
        #expect(try at("/properties/café")?.line == 8)
    }

    @Test func missingPointerFallsBackToNearestAncestor() throws {
        let map = JSONSourceMap(text: text)
        let found = map.nearestLocation(of: try JSONPointer(parsing: "/properties/amount/minimum"))
        #expect(found.pointer == (try JSONPointer(parsing: "/properties/amount")))
        #expect(found.location.line == 4)
        #expect(map.location(of: try JSONPointer(parsing: "/nothing")) == nil)
    }

    @Test func columnsCountUnicodeScalarsNotBytes() throws {
        let map = JSONSourceMap(text: "{\"é\": 1, \"x\": 2}")
        #expect(map.location(of: ["x"])?.column == 10)
        #expect(map.location(of: ["x"])?.byteOffset == 10)
    }

    @Test func deepNestingAndMalformedTextDoNotCrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let map = JSONSourceMap(text: deep)
        #expect(map.location(of: JSONPointer(tokens: Array(repeating: "0", count: 3)))?.column == 4)
        let broken = JSONSourceMap(text: "{\"a\": [1, 2, {\"b\": \"unterminated")
        #expect(broken.location(of: ["a", "1"])?.column == 11)
        #expect(broken.location(of: ["a", "2", "b"]) != nil)
    }
}
