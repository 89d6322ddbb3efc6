import Testing
import AccordJSON

private let variedDocument = #"""
{
  "name": "Zoë 山田 😀",
  "escapes": "tab\tquote\"back\\slash\/nl\n\u00e9\ud83d\ude00",
  "nul": "a\u0000b",
  "numbers": [0, -7, 3.25, -1.5e-3, 6.02E23, -9223372036854775808],
  "nested": {"empty": {}, "list": [[], [null, true, false], {"k": [1, {"deep": "x"}]}]},
  "": "empty key"
}
"""#

private func tape(_ text: String, into tape: inout JSONTape) throws(JSONParseError) {
    var text = text
    try text.withUTF8 { buffer in
        Result { () throws(JSONParseError) in try JSONParser().parse(UnsafeRawBufferPointer(buffer), into: &tape) }
    }.get()
}

@Suite struct JSONTapeTests {
    @Test func tapeMatchesValueParse() throws {
        let expected = try JSONParser().parse(variedDocument)
        var t = JSONTape()
        try tape(variedDocument, into: &t)
        #expect(t.value(at: 0) == expected)
        // Spot-check content the comparison depends on, so a broken parse of both cannot agree vacuously.
        #expect(expected["name"] == .string("Zoë 山田 😀"))
        #expect(expected["escapes"] == .string("tab\tquote\"back\\slash/nl\né😀"))
        #expect(expected["nul"]?.stringValue?.utf8.count == 3)
        #expect(t.value(at: 0)["nul"] == .string("a\u{0}b"))
        #expect(expected["numbers"] == [0, -7, 3.25, -0.0015, 6.02e23, .integer(Int64.min)])
        #expect(t.value(at: 0)["nested"]?["list"] == [[], [nil, true, false], ["k": [1, ["deep": "x"]]]])
    }

    @Test func tapeKeepsIntegerAndDoubleTags() throws {
        var t = JSONTape()
        try tape("[1, 1.0]", into: &t)
        let kinds = t.withReader { r in [r.tag(1), r.tag(2)] }
        #expect(kinds == [.integer, .double])
        #expect(t.nodeCount == 3)
    }

    @Test func tapeFromValueRoundTrips() throws {
        let value = try JSONParser().parse(variedDocument)
        let t = JSONTape(value)
        #expect(t.value(at: 0) == value)
        #expect(t.value() == value)
        // Member order is kept on the tape.
        #expect(t.value().objectValue?.keys == value.objectValue?.keys)
        #expect(JSONTape(.string("")).value() == .string(""))
        #expect(JSONTape(.array([])).value() == .array([]))
    }

    @Test func subtreeValues() throws {
        var t = JSONTape()
        try tape(#"[{"a": [1, 2]}, "s"]"#, into: &t)
        // Nodes: 0 array, 1 object, 2 key "a", 3 array, 4 1, 5 2, 6 "s".
        #expect(t.value(at: 1) == ["a": [1, 2]])
        #expect(t.value(at: 3) == [1, 2])
        #expect(t.value(at: 6) == "s")
        #expect(t.withReader { $0.next(1) } == 6)
    }

    @Test func removeAllThenReuse() throws {
        var t = JSONTape()
        try tape(variedDocument, into: &t)
        let firstCount = t.nodeCount
        #expect(firstCount > 20)
        t.removeAll()
        #expect(t.nodeCount == 0)
        try tape(#"{"second": ["doc", 2]}"#, into: &t)
        #expect(t.value(at: 0) == ["second": ["doc", 2]])
        #expect(t.nodeCount == 5)
        t.removeAll()
        try tape("\"z\"", into: &t)
        #expect(t.value() == "z")
    }

    @Test func tapeParseReportsErrors() throws {
        var t = JSONTape()
        #expect(throws: JSONParseError.self) { try tape("[1,", into: &t) }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        do {
            try tape(deep, into: &t)
            Issue.record("expected tooDeep")
        } catch {
            #expect(error.kind == .tooDeep(limit: 512))
        }
    }
}
