import AccordCompatibility
import AccordJSON
import AccordSchema
import Testing

/// Invalid schemas are errors naming the side; hostile shapes return a verdict in bounded work.
@Suite("compatibility bad input")
struct CompatibilityBadInputTests {
    let checker = CompatibilityChecker()

    @Test func invalidNewSchemaIsAnErrorNamingSideAndPointer() {
        #expect {
            _ = try checker.check(old: parse(#"{"type":"string"}"#), new: parse(#"{"properties":{"a":{"minLength":-1}}}"#))
        } throws: { error in
            guard let e = error as? CompatibilityError else { return false }
            return e.schema == "new" && e.underlying.kind == .metaSchema && e.description.contains("/properties/a")
        }
    }

    @Test func invalidOldSchemaIsAnErrorNamingOld() {
        #expect {
            _ = try checker.check(old: parse(#"{"type":"strin"}"#), new: parse(#"{"type":"string"}"#))
        } throws: { error in
            (error as? CompatibilityError)?.schema == "old"
        }
    }

    @Test func unresolvableReferenceIsAnError() {
        #expect {
            _ = try checker.check(old: parse(#"{"type":"string"}"#), new: parse(##"{"$ref":"#/$defs/missing"}"##))
        } throws: { error in
            guard let e = error as? CompatibilityError, case .unresolvableReference = e.underlying.kind else { return false }
            return e.schema == "new"
        }
    }

    @Test func referencedDocumentFromResources() throws {
        var options = SchemaOptions()
        options.resources.add(parse(#"{"$defs":{"money":{"type":"number","minimum":0}}}"#), uri: "https://example.com/common.json")
        let checker = CompatibilityChecker(options: options)
        let old = parse(#"{"properties":{"m":{"$ref":"https://example.com/common.json#/$defs/money"}}}"#)
        let tighter = parse(#"{"properties":{"m":{"type":"number","minimum":0,"maximum":10}}}"#)
        #expect(try checker.check(old: old, new: tighter, level: .forward).isCompatible)
        let report = try checker.check(old: old, new: tighter, level: .backward)
        #expect(!report.isCompatible)
        let witness = try #require(report.witness)
        #expect(witness.validUnder == .old)
        #expect((witness.instance["m"]?.doubleValue ?? 0) > 10)
    }

    @Test func hugeEnumIsDecided() throws {
        let values = (0..<5000).map { JSONValue.string("v\($0)") }
        let old = JSONValue.object(JSONObject([("enum", .array(values))]))
        let new = JSONValue.object(JSONObject([("enum", .array(Array(values.dropLast())))]))
        let report = try checker.check(old: old, new: new, level: .full)
        #expect(!report.isCompatible)
        #expect(report.witness?.instance == .string("v4999"))
        #expect(report.changes.filter { $0.kind == "enum-value-removed" }.count == 1)
    }

    @Test func deepNestingReturns() throws {
        var old = JSONValue.object(JSONObject([("type", .string("number"))]))
        var new = JSONValue.object(JSONObject([("type", .string("integer"))]))
        for _ in 0..<120 {
            old = .object(JSONObject([("type", .string("object")), ("properties", .object(JSONObject([("x", old)])))]))
            new = .object(JSONObject([("type", .string("object")), ("properties", .object(JSONObject([("x", new)])))]))
        }
        let back = try checker.check(old: old, new: new, level: .backward)
        #expect(!back.isCompatible)
        if let w = back.witness { try expectSeparates(w, old: old, new: new) }
    }

    @Test func mutuallyRecursiveReferencesTerminate() throws {
        let old = parse(##"{"$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"},"v":{"type":"integer"}}},"b":{"type":"array","items":{"$ref":"#/$defs/a"}}},"$ref":"#/$defs/a"}"##)
        let new = parse(##"{"$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"},"v":{"type":"integer","maximum":5}}},"b":{"type":"array","items":{"$ref":"#/$defs/a"}}},"$ref":"#/$defs/a"}"##)
        #expect(try checker.check(old: new, new: old).isCompatible)
        let report = try checker.check(old: old, new: new)
        #expect(!report.isCompatible)
        let w = try #require(report.witness)
        try expectSeparates(w, old: old, new: new)
    }

    @Test func transitiveCheckNamesBrokenVersion() throws {
        let v1 = parse(#"{"type":"integer","maximum":10}"#)
        let v2 = parse(#"{"type":"integer","maximum":100}"#)
        let v3 = parse(#"{"type":"integer","maximum":50}"#)
        let report = try checker.check(new: v3, against: [v1, v2], level: .forwardTransitive)
        #expect(!report.isCompatible)
        #expect(report.brokenIndex == 0)
        #expect(try checker.check(new: v3, against: [v1, v2], level: .backward).isCompatible == false)
        #expect(try checker.check(new: v3, against: [v1, v2], level: .none).isCompatible)
    }

    @Test func cannotProveIsReportedIncompatibleWithReason() throws {
        let old = parse(#"{"type":"string","pattern":"^a+$"}"#)
        let new = parse(#"{"type":"string","pattern":"^a*$"}"#)
        let report = try checker.check(old: old, new: new)
        #expect(!report.isCompatible)
        #expect(report.changes.contains { $0.kind == "cannot-prove" && $0.breaksBackward && $0.message.contains("pattern") })
        #expect(report.witness == nil)
    }
}
