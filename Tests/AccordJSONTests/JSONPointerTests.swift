import Testing
import AccordJSON

@Suite struct JSONPointerTests {
    private let document: JSONValue = [
        "arr": ["zero", "one", ["nested": true]],
        "a/b": ["c~d": 42],
        "a b": "spaced",
        "": "empty key",
        "obj": ["k": nil],
    ]

    @Test func parsesEscapedTokens() throws {
        let pointer = try JSONPointer(parsing: "/a~1b/c~0d")
        #expect(pointer.tokens == ["a/b", "c~d"])
        #expect(try JSONPointer(parsing: "/~01").tokens == ["~1"])
        #expect(try JSONPointer(parsing: "").tokens == [])
        #expect(try JSONPointer(parsing: "/").tokens == [""])
        #expect(try JSONPointer(parsing: "/a//b").tokens == ["a", "", "b"])
    }

    @Test(arguments: ["/a~1b/c~0d", "", "/", "/arr/0", "/~01", "/x/~0~1/y"])
    func descriptionRoundTrips(_ text: String) throws {
        let pointer = try JSONPointer(parsing: text)
        #expect(pointer.description == text)
        #expect(try JSONPointer(parsing: pointer.description) == pointer)
    }

    @Test func rejectsMalformedPointers() {
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "a") }
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "/~2") }
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "/a~") }
        do {
            _ = try JSONPointer(parsing: "~2")
            Issue.record("\"~2\" should not parse")
        } catch {
            #expect(error.pointer == "~2")
        }
    }

    @Test func resolvesObjectsAndArrays() throws {
        #expect(try JSONPointer(parsing: "").resolve(in: document) == document)
        #expect(try JSONPointer(parsing: "/arr/0").resolve(in: document) == "zero")
        #expect(try JSONPointer(parsing: "/arr/2/nested").resolve(in: document) == true)
        #expect(try JSONPointer(parsing: "/a~1b/c~0d").resolve(in: document) == 42)
        #expect(try JSONPointer(parsing: "/").resolve(in: document) == "empty key")
        #expect(try JSONPointer(parsing: "/obj/k").resolve(in: document) == .null)
    }

    @Test(arguments: ["/missing", "/arr/3", "/arr/01", "/arr/-", "/arr/-1", "/arr/x", "/arr/0/deeper", "/obj/k/z", "/arr/+1"])
    func unresolvableGivesNil(_ text: String) throws {
        #expect(try JSONPointer(parsing: text).resolve(in: document) == nil)
    }

    @Test func uriFragmentWithoutHashIsPercentDecoded() throws {
        let pointer = try JSONPointer(uriFragment: "/a%20b")
        #expect(pointer.tokens == ["a b"])
        #expect(pointer.resolve(in: document) == "spaced")
        #expect(try JSONPointer(uriFragment: "/a~1b/c%7E0d").tokens == ["a/b", "c~d"])
        #expect(throws: JSONPointerError.self) { try JSONPointer(uriFragment: "/a%2") }
        #expect(throws: JSONPointerError.self) { try JSONPointer(uriFragment: "/a%zz") }
    }

    @Test func uriFragmentProperty() throws {
        let pointer = JSONPointer(tokens: ["a b", "c/d", "é"])
        #expect(pointer.uriFragment == "#/a%20b/c~1d/%C3%A9")
        let awkward = JSONPointer(tokens: ["50%", "a#b", "q\"", "ok-._~!$&'()*+,;=:@?", ""])
        #expect(awkward.uriFragment == "#/50%25/a%23b/q%22/ok-._~0!$&'()*+,;=:@?/")
        #expect(try JSONPointer(uriFragment: String(awkward.uriFragment.dropFirst())) == awkward)
        #expect(JSONPointer(tokens: ["t~1", "a/b~", "plain"]).description == "/t~01/a~1b~0/plain")
    }

    /// The initializer's documentation gives `#/a/b%20c` as its input, and ``JSONPointer/uriFragment``
    /// produces text with the leading `#`, but the initializer rejects a leading `#`.
    @Test func uriFragmentWithLeadingHash() throws {
        do {
            let pointer = try JSONPointer(uriFragment: "#/a%20b")
            #expect(pointer.tokens == ["a b"])
            #expect(pointer.resolve(in: document) == "spaced")
            let original = JSONPointer(tokens: ["a b", "é"])
            #expect(try JSONPointer(uriFragment: original.uriFragment) == original)
        }
    }

    @Test func appendingAndParent() {
        let pointer = JSONPointer.root.appending("a/b").appending(3)
        #expect(pointer.description == "/a~1b/3")
        #expect(pointer.parent == ["a/b"])
        #expect(JSONPointer.root.parent == nil)
    }
}
