/// How a new version of a subject's schema must relate to earlier versions.
///
/// The raw values are Confluent Schema Registry's spellings, so they round-trip through
/// the registry's `/config` endpoints and through configuration files unchanged.
public enum CompatibilityLevel: String, Sendable, CaseIterable, Codable {
    /// No check.
    case none = "NONE"
    /// Every instance valid under the latest old schema is valid under the new one.
    case backward = "BACKWARD"
    /// As `backward`, against every earlier version.
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    /// Every instance valid under the new schema is valid under the latest old one.
    case forward = "FORWARD"
    /// As `forward`, against every earlier version.
    case forwardTransitive = "FORWARD_TRANSITIVE"
    /// Both `backward` and `forward` against the latest version.
    case full = "FULL"
    /// Both `backward` and `forward` against every earlier version.
    case fullTransitive = "FULL_TRANSITIVE"

    /// Whether the level compares with every earlier version rather than the latest one.
    public var isTransitive: Bool {
        self == .backwardTransitive || self == .forwardTransitive || self == .fullTransitive
    }

    /// Whether old data must stay readable by consumers of the new schema.
    public var checksBackward: Bool {
        self == .backward || self == .backwardTransitive || self == .full || self == .fullTransitive
    }

    /// Whether new data must stay readable by consumers of the old schema.
    public var checksForward: Bool {
        self == .forward || self == .forwardTransitive || self == .full || self == .fullTransitive
    }

    /// Parses a level case-insensitively, accepting `-` or `_` as the separator
    /// (`backward`, `FULL_TRANSITIVE`, `full-transitive`).
    public init?(parsing text: String) {
        let normalized = String(text.uppercased().map { $0 == "-" ? "_" : $0 })
        self.init(rawValue: normalized)
    }
}

/// Which members producers are assumed to emit on an open content model.
///
/// Matches Confluent Schema Registry's `compatibilityPolicy` (8.0.3+).
public enum CompatibilityPolicy: String, Sendable, CaseIterable, Codable {
    /// Pure set semantics: on an open object a producer may already send any member.
    case strict = "STRICT"
    /// Producers emit only declared members: adding or removing optional properties on
    /// open objects, and closing `additionalProperties`, are allowed.
    case lenient = "LENIENT"

    /// Parses a policy case-insensitively.
    public init?(parsing text: String) {
        self.init(rawValue: text.uppercased())
    }
}
