import AccordCompatibility
import AccordJSON
import AccordSchema
import Testing

/// A witness is shown as text: it must still separate the schemas once printed and read back,
/// and it says when it separates them only with `format` asserted.
@Suite("witness presentation")
struct WitnessPresentationTests {
    @Test func aWitnessSeparatesAsPrinted() throws {
        // Draft 4: 2.0 is not an integer, but it prints as 2, which is.
        let old = parse(#"{"$schema":"http://json-schema.org/draft-04/schema#","enum":[1,2.0,3]}"#)
        let new = parse(#"{"$schema":"http://json-schema.org/draft-04/schema#","type":"integer"}"#)
        let report = try CompatibilityChecker().check(old: old, new: new, level: .backward)
        #expect(!report.isCompatible)
        if let witness = report.witness {
            let printed = try JSONParser().parse(JSONWriter.compact(witness.instance))
            #expect(try JSONSchema(compiling: old).isValid(printed))
            #expect(!(try JSONSchema(compiling: new).isValid(printed)), "printed witness \(JSONWriter.compact(witness.instance)) is valid under new")
        }
    }

    @Test func aFormatOnlyWitnessSaysSo() throws {
        let old = parse(#"{"type":"object","properties":{"e":{"type":"string"}}}"#)
        let formatted = parse(#"{"type":"object","properties":{"e":{"type":"string","format":"email"}}}"#)
        let report = try CompatibilityChecker().check(old: old, new: formatted, level: .backward)
        let witness = try #require(report.witness)
        #expect(witness.needsFormatAssertion)
        #expect(try JSONSchema(compiling: formatted).isValid(witness.instance), "valid with format as an annotation")

        // Another change breaks too: the witness shown is one that needs no format assertion.
        let alsoRequired = parse(#"{"type":"object","properties":{"e":{"type":"string","format":"email"}},"required":["x"]}"#)
        let both = try #require(try CompatibilityChecker().check(old: old, new: alsoRequired, level: .backward).witness)
        #expect(!both.needsFormatAssertion, "\(JSONWriter.compact(both.instance))")
        #expect(!(try JSONSchema(compiling: alsoRequired).isValid(both.instance)))

        let narrowed = parse(#"{"type":"object","properties":{"e":{"type":"string","format":"email","maxLength":3}}}"#)
        let other = try CompatibilityChecker().check(old: formatted, new: narrowed, level: .backward)
        #expect(other.witness?.needsFormatAssertion == false)
    }
}
