import AccordJSON

/// One located difference between an old and a new schema.
public struct SchemaChange: Sendable, Hashable, Codable {
    /// A stable rule id naming what changed, e.g. `required-property-added`.
    /// Usable in configuration and acknowledgements.
    public var kind: String
    /// JSON Pointer (RFC 6901, without the leading `#`) into the old schema.
    public var oldLocation: String
    /// JSON Pointer (RFC 6901, without the leading `#`) into the new schema.
    public var newLocation: String
    /// Whether the change lets old data be rejected by the new schema.
    public var breaksBackward: Bool
    /// Whether the change lets new data be rejected by the old schema.
    public var breaksForward: Bool
    /// One line a person understands, including the location.
    public var message: String

    public init(
        kind: String, oldLocation: String, newLocation: String,
        breaksBackward: Bool, breaksForward: Bool, message: String
    ) {
        self.kind = kind
        self.oldLocation = oldLocation
        self.newLocation = newLocation
        self.breaksBackward = breaksBackward
        self.breaksForward = breaksForward
        self.message = message
    }
}

/// Which schema a witness instance is valid under.
public enum WitnessSide: String, Sendable, Codable {
    case old
    case new
}

/// A concrete instance valid under one schema and rejected by the other, checked with
/// AccordSchema before it is reported.
public struct Witness: Sendable, Hashable {
    /// The separating instance.
    public var instance: JSONValue
    /// The schema that accepts `instance`; the other one rejects it.
    public var validUnder: WitnessSide
    /// Whether the instance separates the schemas only with `format` asserted (comparisons assert
    /// it; a validator that treats `format` as an annotation accepts the instance under both).
    public var needsFormatAssertion: Bool

    public init(instance: JSONValue, validUnder: WitnessSide, needsFormatAssertion: Bool = false) {
        self.instance = instance
        self.validUnder = validUnder
        self.needsFormatAssertion = needsFormatAssertion
    }
}

/// The verdict of comparing a new schema with one or more earlier ones.
public struct CompatibilityReport: Sendable {
    /// `true` only when compatibility at `level` is proven.
    /// "Cannot prove" is reported as `false`, with a change saying why.
    public var isCompatible: Bool
    /// The level that was checked.
    public var level: CompatibilityLevel
    /// The policy that was applied.
    public var policy: CompatibilityPolicy
    /// Every difference found, breaking or not.
    public var changes: [SchemaChange]
    /// A separating instance for a breaking verdict, when one was found.
    public var witness: Witness?
    /// For checks against a list of earlier schemas: the index (into that list) of the
    /// first earlier schema the new one breaks.
    public var brokenIndex: Int?

    public init(
        isCompatible: Bool, level: CompatibilityLevel, policy: CompatibilityPolicy,
        changes: [SchemaChange], witness: Witness?, brokenIndex: Int? = nil
    ) {
        self.isCompatible = isCompatible
        self.level = level
        self.policy = policy
        self.changes = changes
        self.witness = witness
        self.brokenIndex = brokenIndex
    }

    /// The changes that break the checked level.
    public var breakingChanges: [SchemaChange] {
        changes.filter { (level.checksBackward && $0.breaksBackward) || (level.checksForward && $0.breaksForward) }
    }
}
