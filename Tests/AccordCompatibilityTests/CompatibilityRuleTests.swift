import AccordCompatibility
import AccordJSON
import AccordSchema
import Testing

/// One case per rule, checked in both directions: the verdict, the change kinds and the witness.
@Suite("compatibility rules")
struct CompatibilityRuleTests {
    static let cases: [PairCase] = [
        // Types.
        PairCase(name: "identical", old: #"{"type":"string"}"#, new: #"{"type":"string"}"#, backward: true, forward: true),
        PairCase(name: "annotations ignored", old: #"{"type":"string","title":"a","description":"x"}"#,
                 new: #"{"type":"string","title":"b","examples":["q"],"x-custom":1}"#, backward: true, forward: true),
        PairCase(name: "number to integer", old: #"{"type":"number"}"#, new: #"{"type":"integer"}"#, backward: false, forward: true, kinds: ["type-narrowed"]),
        PairCase(name: "integer to number", old: #"{"type":"integer"}"#, new: #"{"type":"number"}"#, backward: true, forward: false, kinds: ["type-extended"]),
        PairCase(name: "type array widened", old: #"{"type":"string"}"#, new: #"{"type":["string","null"]}"#, backward: true, forward: false, kinds: ["type-extended"]),
        PairCase(name: "type changed", old: #"{"type":"string"}"#, new: #"{"type":"boolean"}"#, backward: false, forward: false, kinds: ["type-changed"]),
        PairCase(name: "boolean true to false", old: "true", new: "false", backward: false, forward: true),
        PairCase(name: "false to anything", old: "false", new: #"{"type":"string"}"#, backward: true, forward: false),
        PairCase(name: "empty object is true", old: "{}", new: "true", backward: true, forward: true),
        // Enum / const.
        PairCase(name: "enum value removed", old: #"{"enum":["a","b","c"]}"#, new: #"{"enum":["a","b"]}"#, backward: false, forward: true, kinds: ["enum-value-removed"]),
        PairCase(name: "enum value added", old: #"{"enum":["a","b"]}"#, new: #"{"enum":["a","b","c"]}"#, backward: true, forward: false, kinds: ["enum-value-added"]),
        PairCase(name: "enum to type", old: #"{"enum":["a",1]}"#, new: #"{"type":["string","integer"]}"#, backward: true, forward: false),
        PairCase(name: "const to enum", old: #"{"const":{"a":[1,2]}}"#, new: #"{"enum":[{"a":[1,2]},3]}"#, backward: true, forward: false),
        PairCase(name: "enum deep equality 1 == 1.0", old: #"{"enum":[1.0]}"#, new: #"{"enum":[1]}"#, backward: true, forward: true),
        // Numbers.
        PairCase(name: "maximum decreased", old: #"{"type":"integer","maximum":100}"#, new: #"{"type":"integer","maximum":50}"#, backward: false, forward: true, kinds: ["maximum-decreased"]),
        PairCase(name: "minimum added", old: #"{"type":"number"}"#, new: #"{"type":"number","minimum":0}"#, backward: false, forward: true, kinds: ["minimum-added"]),
        PairCase(name: "exclusive vs inclusive integer", old: #"{"type":"integer","minimum":1}"#, new: #"{"type":"integer","exclusiveMinimum":0}"#, backward: true, forward: true),
        PairCase(name: "draft-4 boolean exclusiveMaximum", old: #"{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","maximum":10}"#,
                 new: #"{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","maximum":10,"exclusiveMaximum":true}"#, backward: false, forward: true),
        PairCase(name: "multipleOf refined", old: #"{"type":"number","multipleOf":0.5}"#, new: #"{"type":"number","multipleOf":0.25}"#, backward: true, forward: false),
        PairCase(name: "multipleOf decimal exact", old: #"{"type":"number","multipleOf":0.3}"#, new: #"{"type":"number","multipleOf":0.1}"#, backward: true, forward: false),
        PairCase(name: "integer is multipleOf 1", old: #"{"type":"integer"}"#, new: #"{"type":"number","multipleOf":1}"#, backward: true, forward: true),
        // Strings.
        PairCase(name: "maxLength decreased", old: #"{"type":"string","maxLength":10}"#, new: #"{"type":"string","maxLength":5}"#, backward: false, forward: true, kinds: ["max-length-decreased"]),
        PairCase(name: "minLength removed", old: #"{"type":"string","minLength":3}"#, new: #"{"type":"string"}"#, backward: true, forward: false, kinds: ["min-length-removed"]),
        PairCase(name: "pattern added", old: #"{"type":"string"}"#, new: #"{"type":"string","pattern":"^[a-z]+$"}"#, backward: false, forward: true, kinds: ["pattern-added"]),
        PairCase(name: "pattern equal", old: #"{"type":"string","pattern":"^[a-z]+$"}"#, new: #"{"type":"string","pattern":"^[a-z]+$","maxLength":9999}"#, backward: false, forward: true),
        PairCase(name: "pattern changed cannot prove", old: #"{"type":"string","pattern":"^a"}"#, new: #"{"type":"string","pattern":"^[ab]"}"#, backward: false, forward: false, needsWitness: false),
        PairCase(name: "pattern matching the empty string is universal", old: #"{"type":"string"}"#, new: #"{"type":"string","pattern":"a*"}"#,
                 backward: true, forward: true),
        PairCase(name: "anchored .* is not universal", old: #"{"type":"string"}"#, new: #"{"type":"string","pattern":"^.*$"}"#,
                 backward: false, forward: true),
        PairCase(name: "not {} accepts nothing", old: #"{"not":{}}"#, new: #"{"type":"string"}"#, backward: true, forward: false),
        PairCase(name: "not true is false", old: #"{"not":true}"#, new: "false", backward: true, forward: true),
        PairCase(name: "format added", old: #"{"type":"string"}"#, new: #"{"type":"string","format":"email"}"#, backward: false, forward: true, kinds: ["format-added"]),
        // Objects.
        PairCase(name: "required property added", old: #"{"type":"object","properties":{"a":{"type":"string"}}}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}"#, backward: false, forward: true, kinds: ["required-property-added"]),
        PairCase(name: "property type narrowed", old: #"{"type":"object","properties":{"amount":{"type":"number"}}}"#,
                 new: #"{"type":"object","properties":{"amount":{"type":"integer"}}}"#, backward: false, forward: true, kinds: ["property-type-narrowed"]),
        PairCase(name: "optional property added to open model (strict)", old: #"{"type":"object","properties":{"a":{"type":"string"}}}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}"#, backward: false, forward: true, kinds: ["property-added-to-open-content-model"]),
        PairCase(name: "optional property added to open model (lenient)", old: #"{"type":"object","properties":{"a":{"type":"string"}}}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}"#, backward: true, forward: true, policy: .lenient, kinds: ["property-added-to-open-content-model"]),
        PairCase(name: "optional property removed from open model (strict)", old: #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"}}}"#, backward: true, forward: false, kinds: ["property-removed-from-open-content-model"]),
        PairCase(name: "optional property removed from open model (lenient)", old: #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"}}}"#, backward: true, forward: true, policy: .lenient),
        PairCase(name: "property added to closed model", old: #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"additionalProperties":false}"#, backward: true, forward: false, kinds: ["property-added-to-closed-content-model"]),
        PairCase(name: "property removed from closed model", old: #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"additionalProperties":false}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#, backward: false, forward: true, kinds: ["property-removed-from-closed-content-model"]),
        PairCase(name: "closing content model (strict)", old: #"{"type":"object","properties":{"a":{"type":"string"}}}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#, backward: false, forward: true, kinds: ["additional-properties-removed"]),
        PairCase(name: "closing content model (lenient)", old: #"{"type":"object","properties":{"a":{"type":"string"}}}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#, backward: true, forward: true, policy: .lenient),
        PairCase(name: "additionalProperties schema narrowed", old: #"{"type":"object","additionalProperties":{"type":"number"}}"#,
                 new: #"{"type":"object","additionalProperties":{"type":"integer"}}"#, backward: false, forward: true),
        PairCase(name: "patternProperties same", old: #"{"type":"object","patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}"#,
                 new: #"{"type":"object","patternProperties":{"^x-":{"type":["string","null"]}},"additionalProperties":false}"#, backward: true, forward: false),
        PairCase(name: "propertyNames added", old: #"{"type":"object"}"#, new: #"{"type":"object","propertyNames":{"maxLength":3}}"#, backward: false, forward: true),
        PairCase(name: "maxProperties decreased", old: #"{"type":"object","maxProperties":5}"#, new: #"{"type":"object","maxProperties":1}"#, backward: false, forward: true, kinds: ["max-properties-decreased"]),
        PairCase(name: "dependentRequired added", old: #"{"type":"object"}"#, new: #"{"type":"object","dependentRequired":{"a":["b"]}}"#, backward: false, forward: true, kinds: ["dependency-added"]),
        PairCase(name: "draft-7 dependencies schema", old: #"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}"#,
                 new: #"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","dependencies":{"a":{"required":["b"]}}}"#, backward: false, forward: true),
        // Arrays.
        PairCase(name: "items narrowed", old: #"{"type":"array","items":{"type":"number"}}"#, new: #"{"type":"array","items":{"type":"integer"}}"#, backward: false, forward: true, kinds: ["item-type-narrowed"]),
        PairCase(name: "maxItems added", old: #"{"type":"array"}"#, new: #"{"type":"array","maxItems":2}"#, backward: false, forward: true, kinds: ["max-items-added"]),
        PairCase(name: "uniqueItems added", old: #"{"type":"array","items":{"type":"integer"}}"#, new: #"{"type":"array","items":{"type":"integer"},"uniqueItems":true}"#, backward: false, forward: true, kinds: ["unique-items-added"]),
        PairCase(name: "prefixItems narrowed", old: #"{"type":"array","prefixItems":[{"type":"string"},{"type":"number"}]}"#,
                 new: #"{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}]}"#, backward: false, forward: true),
        PairCase(name: "draft-7 tuple additionalItems closed", old: #"{"$schema":"http://json-schema.org/draft-07/schema#","type":"array","items":[{"type":"string"}]}"#,
                 new: #"{"$schema":"http://json-schema.org/draft-07/schema#","type":"array","items":[{"type":"string"}],"additionalItems":false}"#, backward: false, forward: true),
        PairCase(name: "contains added", old: #"{"type":"array"}"#, new: #"{"type":"array","contains":{"type":"string"}}"#, backward: false, forward: true),
        PairCase(name: "contains relaxed", old: #"{"type":"array","contains":{"const":"x"}}"#, new: #"{"type":"array","contains":{"type":"string"}}"#, backward: true, forward: false),
        // Combinators.
        PairCase(name: "anyOf branch added", old: #"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#,
                 new: #"{"anyOf":[{"type":"string"},{"type":"integer"},{"type":"null"}]}"#, backward: true, forward: false, kinds: ["any-of-branch-added"]),
        PairCase(name: "oneOf disjoint types", old: #"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#, new: #"{"type":["string","integer"]}"#, backward: true, forward: true),
        PairCase(name: "type array to anyOf", old: #"{"type":["string","number"]}"#, new: #"{"anyOf":[{"type":"string"},{"type":"number"}]}"#, backward: true, forward: true),
        PairCase(name: "allOf merge", old: #"{"allOf":[{"type":"integer"},{"minimum":0}]}"#, new: #"{"type":"integer","minimum":0}"#, backward: true, forward: true),
        PairCase(name: "not added", old: #"{"type":"string"}"#, new: #"{"type":"string","not":{"const":"x"}}"#, backward: false, forward: true),
        PairCase(name: "not type", old: #"{"type":"integer"}"#, new: #"{"not":{"type":"string"}}"#, backward: true, forward: false),
        PairCase(name: "if/then added", old: #"{"type":"object"}"#,
                 new: #"{"type":"object","if":{"properties":{"k":{"const":"a"}},"required":["k"]},"then":{"required":["v"]}}"#, backward: false, forward: true),
        PairCase(name: "tagged oneOf same", old: #"{"oneOf":[{"type":"object","properties":{"t":{"const":"a"}},"required":["t"]},{"type":"object","properties":{"t":{"const":"b"}},"required":["t"]}]}"#,
                 new: #"{"oneOf":[{"type":"object","properties":{"t":{"const":"a"}},"required":["t"]},{"type":"object","properties":{"t":{"const":"b"}},"required":["t"]},{"type":"object","properties":{"t":{"const":"c"}},"required":["t"]}]}"#,
                 backward: true, forward: false),
        // Content models, more.
        PairCase(name: "required-only member then closed (lenient)", old: #"{"type":"object","required":["id"]}"#,
                 new: #"{"type":"object","required":["id"],"additionalProperties":false}"#, backward: false, forward: true, policy: .lenient),
        PairCase(name: "property covered by partially open model", old: #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 new: #"{"type":"object","properties":{"b":{"type":"string"}},"additionalProperties":{"type":"string"}}"#, backward: true, forward: true),
        PairCase(name: "property not covered by partially open model", old: #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 new: #"{"type":"object","properties":{"b":{"type":"integer"}},"additionalProperties":{"type":"string"}}"#, backward: false, forward: false),
        PairCase(name: "required property with default still breaks", old: #"{"type":"object","properties":{"a":{"type":"string"}}}"#,
                 new: #"{"type":"object","properties":{"a":{"type":"string","default":"x"}},"required":["a"]}"#, backward: false, forward: true, kinds: ["required-property-added"]),
        PairCase(name: "oneOf to anyOf", old: #"{"oneOf":[{"type":"string"},{"maxLength":3}]}"#, new: #"{"anyOf":[{"type":"string"},{"maxLength":3}]}"#, backward: true, forward: false),
        PairCase(name: "draft-4 exclusive bound equals draft 2020 one", old: #"{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","minimum":0,"exclusiveMinimum":true}"#,
                 new: #"{"type":"number","exclusiveMinimum":0}"#, backward: true, forward: true),
        PairCase(name: "nullable property widened (lenient)", old: #"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}"#,
                 new: #"{"type":"object","properties":{"a":{"type":["string","null"]}},"required":["a"]}"#, backward: true, forward: false, policy: .lenient),
        PairCase(name: "enum value removed in nested property (lenient)", old: #"{"type":"object","properties":{"s":{"enum":["A","B"]}}}"#,
                 new: #"{"type":"object","properties":{"s":{"enum":["A"]}}}"#, backward: false, forward: true, policy: .lenient, kinds: ["enum-value-removed"]),
        // References.
        PairCase(name: "ref into $defs narrowed", old: ##"{"$defs":{"m":{"type":"number"}},"type":"object","properties":{"a":{"$ref":"#/$defs/m"}}}"##,
                 new: ##"{"$defs":{"m":{"type":"integer"}},"type":"object","properties":{"a":{"$ref":"#/$defs/m"}}}"##, backward: false, forward: true),
        PairCase(name: "ref inlined", old: ##"{"definitions":{"m":{"type":"string","maxLength":3}},"properties":{"a":{"$ref":"#/definitions/m"}}}"##,
                 new: #"{"properties":{"a":{"type":"string","maxLength":3}}}"#, backward: true, forward: true),
        PairCase(name: "recursive tree widened", old: ##"{"$defs":{"t":{"type":"object","properties":{"v":{"type":"integer"},"kids":{"type":"array","items":{"$ref":"#/$defs/t"}}}}},"$ref":"#/$defs/t"}"##,
                 new: ##"{"$defs":{"t":{"type":"object","properties":{"v":{"type":"number"},"kids":{"type":"array","items":{"$ref":"#/$defs/t"}}}}},"$ref":"#/$defs/t"}"##, backward: true, forward: false),
        PairCase(name: "recursive identical", old: ##"{"type":"object","properties":{"next":{"$ref":"#"}, "v":{"type":"string"}}}"##,
                 new: ##"{"type":"object","properties":{"next":{"$ref":"#"}, "v":{"type":"string"}}}"##, backward: true, forward: true),
        // unevaluated* without in-place applicators: read as additionalProperties / items.
        PairCase(name: "unevaluatedProperties false closes the model", old: #"{"properties":{"foo":{"type":"string"}},"unevaluatedProperties":false}"#,
                 new: #"{"properties":{"foo":{"type":"string"},"bar":{"type":"number"}},"unevaluatedProperties":false}"#,
                 backward: true, forward: false, kinds: ["property-added-to-closed-content-model"]),
        PairCase(name: "unevaluatedProperties equals additionalProperties", old: #"{"type":"object","unevaluatedProperties":{"type":"integer"}}"#,
                 new: #"{"type":"object","additionalProperties":{"type":"integer"}}"#, backward: true, forward: true),
        PairCase(name: "unevaluatedProperties beside additionalProperties is inert", old: #"{"additionalProperties":{"type":"string"},"unevaluatedProperties":false}"#,
                 new: #"{"additionalProperties":{"type":"string"}}"#, backward: true, forward: true),
        PairCase(name: "unevaluatedItems after prefixItems", old: #"{"prefixItems":[{"type":"string"},{"type":"number"}],"unevaluatedItems":{"type":"string"}}"#,
                 new: #"{"prefixItems":[{"type":"string"},{"type":"number"},{"type":"string"}],"unevaluatedItems":{"type":"string"}}"#, backward: true, forward: true),
        PairCase(name: "unevaluatedItems false removed", old: #"{"type":"array","prefixItems":[{"type":"string"}],"unevaluatedItems":false}"#,
                 new: #"{"type":"array","prefixItems":[{"type":"string"}]}"#, backward: true, forward: false),
        PairCase(name: "unevaluatedItems beside items is inert", old: #"{"items":{"type":"string"},"unevaluatedItems":false}"#,
                 new: #"{"items":{"type":"string"}}"#, backward: true, forward: true),
        PairCase(name: "2019-09 unevaluatedItems after array items", old: #"{"$schema":"https://json-schema.org/draft/2019-09/schema","items":[{"type":"string"}],"unevaluatedItems":false}"#,
                 new: #"{"$schema":"https://json-schema.org/draft/2019-09/schema","items":[{"type":"string"}],"additionalItems":false}"#, backward: true, forward: true),
        PairCase(name: "unevaluatedProperties over an allOf $ref base", old: ##"{"$defs":{"base":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}},"allOf":[{"$ref":"#/$defs/base"}],"properties":{"amount":{"type":"number"}},"unevaluatedProperties":false}"##,
                 new: ##"{"$defs":{"base":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}},"allOf":[{"$ref":"#/$defs/base"}],"properties":{"amount":{"type":"number"},"note":{"type":"string"}},"unevaluatedProperties":false}"##,
                 backward: true, forward: false, kinds: ["property-added-to-closed-content-model"]),
        PairCase(name: "unevaluatedProperties: allOf $ref equals sibling $ref", old: ##"{"$defs":{"base":{"properties":{"id":{"type":"string"}}}},"allOf":[{"$ref":"#/$defs/base"}],"unevaluatedProperties":false}"##,
                 new: ##"{"$defs":{"base":{"properties":{"id":{"type":"string"}}}},"$ref":"#/$defs/base","unevaluatedProperties":false}"##, backward: true, forward: true),
        PairCase(name: "unevaluatedProperties over a recursive $ref", old: ##"{"$defs":{"n":{"properties":{"next":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n","unevaluatedProperties":false}"##,
                 new: ##"{"$defs":{"n":{"properties":{"next":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n","unevaluatedProperties":false}"##, backward: true, forward: true),
        // Witnesses for schemas without `type` (the generator offers objects and arrays first).
        PairCase(name: "typeless items narrowed", old: #"{"items":{"type":"string"}}"#, new: #"{"items":{"type":"number"}}"#, backward: false, forward: false),
        PairCase(name: "typeless required changed", old: #"{"required":["foo"]}"#, new: #"{"required":["bar"]}"#, backward: false, forward: false),
        PairCase(name: "typeless content model closed", old: #"{"additionalProperties":{"type":"string"}}"#, new: #"{"additionalProperties":false}"#,
                 backward: false, forward: true),
        PairCase(name: "additionalProperties schema changed (lenient)", old: #"{"additionalProperties":{"type":"string"}}"#,
                 new: #"{"additionalProperties":{"type":"number"}}"#, backward: false, forward: false, policy: .lenient),
        PairCase(name: "minProperties raised", old: #"{"type":"object","minProperties":1}"#, new: #"{"type":"object","minProperties":2}"#,
                 backward: false, forward: true),
        PairCase(name: "literal pattern changed", old: #"{"type":"string","pattern":"date-time"}"#, new: #"{"type":"string","pattern":"uuid"}"#,
                 backward: false, forward: false),
        PairCase(name: "draft 7 has no unevaluatedProperties", old: #"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","unevaluatedProperties":false}"#,
                 new: #"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}"#, backward: true, forward: true),
    ]

    @Test(arguments: cases)
    func backwardAndForward(_ c: PairCase) throws {
        let old = parse(c.old)
        let new = parse(c.new)
        let checker = CompatibilityChecker()
        let back = try checker.check(old: old, new: new, level: .backward, policy: c.policy)
        let forward = try checker.check(old: old, new: new, level: .forward, policy: c.policy)
        #expect(back.isCompatible == c.backward, "backward: \(back.changes.map(\.message))")
        #expect(forward.isCompatible == c.forward, "forward: \(forward.changes.map(\.message))")
        let full = try checker.check(old: old, new: new, level: .full, policy: c.policy)
        #expect(full.isCompatible == (c.backward && c.forward))
        for kind in c.kinds {
            #expect(back.changes.contains { $0.kind == kind }, "missing change kind \(kind) in \(back.changes.map(\.kind))")
        }
        for report in [back, forward] where !report.isCompatible {
            #expect(!report.breakingChanges.isEmpty)
            if c.needsWitness {
                let witness = try #require(report.witness, "no witness for \(report.level)")
                #expect(witness.validUnder == (report.level == .backward ? .old : .new))
                try expectSeparates(witness, old: old, new: new)
            } else if let witness = report.witness {
                try expectSeparates(witness, old: old, new: new)
            }
        }
        if back.isCompatible { #expect(back.breakingChanges.isEmpty) }
    }
}
