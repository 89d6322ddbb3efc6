import AccordCompatibility
import AccordJSON
import AccordSchema
import Testing

/// One schema pair and what each direction must answer.
struct PairCase: CustomStringConvertible, Sendable {
    var name: String
    var old: String
    var new: String
    /// Expected BACKWARD verdict (old data valid under new).
    var backward: Bool
    /// Expected FORWARD verdict (new data valid under old).
    var forward: Bool
    var policy: CompatibilityPolicy = .strict
    /// Change kinds that must be listed.
    var kinds: [String] = []
    /// Whether a witness must be found for each breaking direction.
    var needsWitness = true

    var description: String { "\(name) [\(policy.rawValue.lowercased())]" }
}

func parse(_ text: String) -> JSONValue {
    try! JSONParser().parse(text)
}

/// Validates that `witness` separates the two schemas, with formats asserted as the checker does.
func expectSeparates(_ witness: Witness, old: JSONValue, new: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws {
    var options = SchemaOptions()
    options.assertFormat = true
    let oldSchema = try JSONSchema(compiling: old, options: options)
    let newSchema = try JSONSchema(compiling: new, options: options)
    let validOld = oldSchema.isValid(witness.instance)
    let validNew = newSchema.isValid(witness.instance)
    switch witness.validUnder {
    case .old: #expect(validOld && !validNew, "witness \(JSONWriter.compact(witness.instance)) must be valid under old only", sourceLocation: sourceLocation)
    case .new: #expect(validNew && !validOld, "witness \(JSONWriter.compact(witness.instance)) must be valid under new only", sourceLocation: sourceLocation)
    }
}
