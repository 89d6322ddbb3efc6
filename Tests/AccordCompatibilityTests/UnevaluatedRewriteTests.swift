@testable import AccordCompatibility
import AccordJSON
import AccordSchema
import Testing

/// The rewrite of `unevaluated*` must not change what a schema accepts: each schema below, and
/// its rewrite, is compiled with AccordSchema and run over the same instances.
@Suite("unevaluated* rewrite")
struct UnevaluatedRewriteTests {
    static let base = ##""$defs":{"base":{"type":"object","properties":{"id":{"type":"string"}},"patternProperties":{"^x-":{"type":"integer"}}}}"##

    /// (schema, whether the rewrite removes every unevaluated* keyword)
    static let schemas: [(String, Bool)] = [
        (#"{"properties":{"a":{"type":"string"}},"unevaluatedProperties":false}"#, true),
        (#"{"properties":{"a":{"type":"string"}},"unevaluatedProperties":{"type":"integer"}}"#, true),
        (#"{"additionalProperties":{"type":"string"},"unevaluatedProperties":false}"#, true),
        (#"{"patternProperties":{"^a":true},"unevaluatedProperties":false}"#, true),
        ("{\(base),\"allOf\":[{\"$ref\":\"#/$defs/base\"}],\"properties\":{\"n\":{\"type\":\"number\"}},\"unevaluatedProperties\":false}", true),
        ("{\(base),\"$ref\":\"#/$defs/base\",\"unevaluatedProperties\":{\"type\":\"boolean\"}}", true),
        (##"{"$defs":{"open":{"additionalProperties":true}},"$ref":"#/$defs/open","unevaluatedProperties":false}"##, true),
        (#"{"anyOf":[{"properties":{"a":true}}],"unevaluatedProperties":false}"#, false),
        (#"{"prefixItems":[{"type":"string"}],"unevaluatedItems":false}"#, true),
        (#"{"prefixItems":[{"type":"string"}],"unevaluatedItems":{"type":"integer"}}"#, true),
        (#"{"items":{"type":"string"},"unevaluatedItems":false}"#, true),
        (#"{"prefixItems":[true],"contains":{"type":"string"},"unevaluatedItems":false}"#, false),
        (#"{"$schema":"https://json-schema.org/draft/2019-09/schema","items":[{"type":"string"}],"unevaluatedItems":false}"#, true),
        (#"{"$schema":"https://json-schema.org/draft/2019-09/schema","unevaluatedItems":{"type":"string"}}"#, true),
    ]

    static let instances: [String] = [
        "null", "1", #""s""#, "{}", #"{"a":"s"}"#, #"{"a":1}"#, #"{"b":1}"#, #"{"b":true}"#, #"{"id":"i"}"#, #"{"id":"i","n":2}"#,
        #"{"id":"i","x-1":3}"#, #"{"id":"i","x-1":"no"}"#, #"{"id":"i","other":true}"#, #"{"aa":1,"b":"s"}"#,
        "[]", #"["s"]"#, #"["s",1]"#, #"["s","t"]"#, "[1]", #"["s",1,2]"#,
    ]

    @Test(arguments: schemas.indices)
    func rewritePreservesMeaning(_ index: Int) throws {
        let (text, removesAll) = Self.schemas[index]
        let original = try JSONParser().parse(text)
        let rewritten = UnevaluatedRewrite.apply(original, draft: .draft2020_12)
        let serialized = JSONWriter.compact(rewritten)
        #expect(serialized.contains("unevaluated") == !removesAll, "\(serialized)")
        let before = try JSONSchema(compiling: original)
        let after = try JSONSchema(compiling: rewritten)
        for instance in Self.instances {
            let value = try JSONParser().parse(instance)
            #expect(before.isValid(value) == after.isValid(value), "\(instance) under \(text) → \(serialized)")
        }
    }
}
