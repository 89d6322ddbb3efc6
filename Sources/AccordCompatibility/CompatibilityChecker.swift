import AccordJSON
import AccordSchema

/// Why two schemas could not be compared (as opposed to a verdict).
public struct CompatibilityError: Error, Sendable, CustomStringConvertible {
    /// Which side failed: `old`, `new`, or `old[3]` for the fourth earlier schema.
    public var schema: String
    /// The underlying schema error (invalid schema, unresolvable `$ref`, …).
    public var underlying: SchemaError

    public init(schema: String, underlying: SchemaError) {
        self.schema = schema
        self.underlying = underlying
    }

    public var description: String { "\(schema) schema: \(underlying)" }
}

/// Compares JSON Schemas by meaning and returns a located change list, a verdict per
/// compatibility level and a witness instance.
public struct CompatibilityChecker: Sendable {
    /// Options used to compile both schemas (default draft, resources for `$ref`s).
    public var options: SchemaOptions

    public init(options: SchemaOptions = SchemaOptions()) {
        self.options = options
    }

    /// Compares `new` with `old` at `level` under `policy`.
    public func check(
        old: JSONValue, new: JSONValue,
        level: CompatibilityLevel = .backward, policy: CompatibilityPolicy = .strict
    ) throws(CompatibilityError) -> CompatibilityReport {
        // Placeholder until issue 4 lands: refuse to prove anything.
        CompatibilityReport(
            isCompatible: level == .none, level: level, policy: policy,
            changes: [], witness: nil)
    }

    /// Compares `new` with earlier schemas (oldest first). Non-transitive levels compare
    /// with the last element only; transitive levels with every element, and the report's
    /// `brokenIndex` names the first one broken.
    public func check(
        new: JSONValue, against earlier: [JSONValue],
        level: CompatibilityLevel = .backward, policy: CompatibilityPolicy = .strict
    ) throws(CompatibilityError) -> CompatibilityReport {
        guard !earlier.isEmpty, level != .none else {
            return CompatibilityReport(isCompatible: true, level: level, policy: policy, changes: [], witness: nil)
        }
        let indices = level.isTransitive ? Array(earlier.indices.reversed()) : [earlier.count - 1]
        var merged = CompatibilityReport(isCompatible: true, level: level, policy: policy, changes: [], witness: nil)
        for index in indices {
            var report = try check(old: earlier[index], new: new, level: level, policy: policy)
            if !report.isCompatible {
                report.brokenIndex = index
                return report
            }
            merged.changes.append(contentsOf: report.changes)
        }
        return merged
    }
}
