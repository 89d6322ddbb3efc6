import Testing
@testable import AccordJSON

@Suite struct JSONObjectTests {
    /// Both storage forms: a scan below the index threshold, a dictionary above it.
    @Test(arguments: [3, JSONObject.indexThreshold + 5])
    func lookupInsertReplaceRemove(size: Int) {
        var object = JSONObject((0..<size).map { ("k\($0)", JSONValue.integer(Int64($0))) })
        #expect(object.count == size)
        for i in 0..<size { #expect(object["k\(i)"] == .integer(Int64(i))) }
        #expect(object["missing"] == nil)
        object["k1"] = .string("replaced")
        #expect(object.keys[1] == "k1" && object["k1"] == .string("replaced") && object.count == size)
        object["k0"] = nil
        #expect(object.count == size - 1 && object["k0"] == nil && !object.contains("k0"))
        // Positions after the removed member are still found.
        for i in 1..<size { #expect(object.contains("k\(i)")) }
        #expect(object.keys.first == "k1")
        object["new"] = .null
        #expect(object.keys.last == "new" && object["new"] == .null)
    }

    @Test(arguments: [4, JSONObject.indexThreshold + 3])
    func equalityAndHashIgnoreOrder(size: Int) {
        let members = (0..<size).map { ("m\($0)", JSONValue.string("v\($0)")) }
        let forward = JSONObject(members), backward = JSONObject(members.reversed())
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        #expect(Set([JSONValue.object(forward), .object(backward)]).count == 1)
        var different = backward
        different["m0"] = .string("other")
        #expect(forward != different)
        var fewer = forward
        fewer["m1"] = nil
        #expect(forward != fewer && fewer != forward)
    }

    @Test func iterationKeepsInsertionOrder() {
        let object = JSONObject([("z", .integer(1)), ("a", .integer(2)), ("m", .integer(3))])
        #expect(object.map(\.key) == ["z", "a", "m"])
        #expect(object.map(\.value) == [.integer(1), .integer(2), .integer(3)])
    }
}
