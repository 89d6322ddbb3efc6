import Foundation
import Testing

/// The `accord diff` contract: exit codes, the JSON shape, located errors.
@Suite("accord diff")
struct DiffCommandTests {
    func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-diff-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    let v1 = #"{"type":"object","properties":{"amount":{"type":"number"},"id":{"type":"string"}},"required":["id"]}"#
    let v2 = #"{"type":"object","properties":{"amount":{"type":"integer"},"id":{"type":"string"}},"required":["id"]}"#

    func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func compatibleExitsZero() throws {
        let a = try temp("c1.json", v2)
        let b = try temp("c2.json", v1)
        let out = try AccordBinary.run(["diff", a, b])
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("compatible (backward, strict)"))
    }

    @Test func narrowedTypeExitsOneWithWitnessInJSON() throws {
        let a = try temp("n1.json", v1)
        let b = try temp("n2.json", v2)
        let out = try AccordBinary.run(["diff", a, b, "--output", "json"])
        #expect(out.status == 1)
        let doc = try object(out.stdout)
        #expect(doc["compatible"] as? Bool == false)
        #expect(doc["level"] as? String == "backward")
        #expect(doc["policy"] as? String == "strict")
        let changes = try #require(doc["changes"] as? [[String: Any]])
        let change = try #require(changes.first { $0["kind"] as? String == "type-narrowed" })
        #expect(change["oldLocation"] as? String == "/properties/amount/type")
        #expect(change["newLocation"] as? String == "/properties/amount/type")
        #expect(change["breaksBackward"] as? Bool == true)
        #expect(change["breaksForward"] as? Bool == false)
        #expect((change["message"] as? String)?.contains("#/properties/amount") == true)
        let witness = try #require(doc["witness"] as? [String: Any])
        #expect(witness["validUnder"] as? String == "old")
        let instance = try #require(witness["instance"] as? [String: Any])
        #expect(instance["id"] is String)
        #expect((instance["amount"] as? Double).map { $0 != $0.rounded() } == true)
    }

    @Test func forwardAndFullLevels() throws {
        let a = try temp("f1.json", v1)
        let b = try temp("f2.json", v2)
        #expect(try AccordBinary.run(["diff", a, b, "--level", "forward"]).status == 0)
        let full = try AccordBinary.run(["diff", a, b, "--level", "full", "--output", "json"])
        #expect(full.status == 1)
        #expect(try object(full.stdout)["level"] as? String == "full")
    }

    @Test func lenientPolicyAllowsOptionalPropertyOnOpenObject() throws {
        let a = try temp("p1.json", #"{"type":"object","properties":{"a":{"type":"string"}}}"#)
        let b = try temp("p2.json", #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}"#)
        let strict = try AccordBinary.run(["diff", a, b, "--output", "json"])
        #expect(strict.status == 1)
        let witness = try #require(try object(strict.stdout)["witness"] as? [String: Any])
        #expect((witness["instance"] as? [String: Any])?["b"] != nil)
        let lenient = try AccordBinary.run(["diff", a, b, "--policy", "lenient", "--output", "json"])
        #expect(lenient.status == 0)
        #expect(try object(lenient.stdout)["policy"] as? String == "lenient")
    }

    @Test func textOutputListsChangesAndWitness() throws {
        let a = try temp("t1.json", #"{"enum":["a","b","c"]}"#)
        let b = try temp("t2.json", #"{"enum":["a","b"]}"#)
        let out = try AccordBinary.run(["diff", a, b])
        #expect(out.status == 1)
        #expect(out.stdout.contains("enum-value-removed"))
        #expect(out.stdout.contains("witness (valid under old, rejected by new): \"c\""))
    }

    @Test func invalidSchemaExitsTwoNamingSideAndPointer() throws {
        let a = try temp("i1.json", #"{"type":"string"}"#)
        let b = try temp("i2.json", #"{"type":"object","properties":{"x":{"type":12}}}"#)
        let out = try AccordBinary.run(["diff", a, b])
        #expect(out.status == 2)
        #expect(out.stderr.contains("new schema"))
        #expect(out.stderr.contains("#/properties/x"))
    }

    @Test func unresolvableReferenceExitsTwo() throws {
        let a = try temp("r1.json", #"{"type":"string"}"#)
        let b = try temp("r2.json", #"{"$ref":"missing.json"}"#)
        let out = try AccordBinary.run(["diff", a, b])
        #expect(out.status == 2)
        #expect(out.stderr.contains("missing.json"))
    }

    @Test func referencedSiblingDocumentIsCompared() throws {
        _ = try temp("money-v1.json", #"{"type":"number"}"#)
        _ = try temp("money-v2.json", #"{"type":"integer"}"#)
        let a = try temp("s1.json", #"{"type":"object","properties":{"m":{"$ref":"money-v1.json"}}}"#)
        let b = try temp("s2.json", #"{"type":"object","properties":{"m":{"$ref":"money-v2.json"}}}"#)
        let out = try AccordBinary.run(["diff", a, b, "--output", "json"])
        #expect(out.status == 1)
        #expect(try AccordBinary.run(["diff", b, a]).status == 0)
    }

    @Test func malformedJSONAndUsageErrorsExitTwo() throws {
        let a = try temp("m1.json", "{\"type\": ")
        let b = try temp("m2.json", #"{"type":"string"}"#)
        #expect(try AccordBinary.run(["diff", a, b]).status == 2)
        #expect(try AccordBinary.run(["diff", b, b, "--level", "sideways"]).status == 2)
        #expect(try AccordBinary.run(["diff", b]).status == 2)
    }
}
