import AccordCompatibility
import AccordJSON

/// Compatibility configuration, global or per subject. Unset fields inherit
/// (subject over global over the server default).
public struct RegistryConfig: Sendable, Hashable {
    public var compatibilityLevel: CompatibilityLevel?
    public var compatibilityPolicy: CompatibilityPolicy?
    /// Whether schemas are normalized (keys sorted) before they are stored and compared.
    public var normalize: Bool?

    public init(compatibilityLevel: CompatibilityLevel? = nil, compatibilityPolicy: CompatibilityPolicy? = nil, normalize: Bool? = nil) {
        self.compatibilityLevel = compatibilityLevel
        self.compatibilityPolicy = compatibilityPolicy
        self.normalize = normalize
    }

    /// `other`'s set fields over this one's.
    public func merging(_ other: RegistryConfig) -> RegistryConfig {
        RegistryConfig(
            compatibilityLevel: other.compatibilityLevel ?? compatibilityLevel,
            compatibilityPolicy: other.compatibilityPolicy ?? compatibilityPolicy,
            normalize: other.normalize ?? normalize)
    }

    /// The text a store persists (a JSON object, so new fields need no migration).
    public var storageText: String {
        var members: [(String, JSONValue)] = []
        if let compatibilityLevel { members.append(("compatibilityLevel", .string(compatibilityLevel.rawValue))) }
        if let compatibilityPolicy { members.append(("compatibilityPolicy", .string(compatibilityPolicy.rawValue))) }
        if let normalize { members.append(("normalize", .bool(normalize))) }
        return JSONWriter.compact(.object(JSONObject(members)))
    }

    /// Reads ``storageText``; unknown or unreadable fields are left unset.
    public init(storageText: String) {
        let value = (try? JSONParser().parse(storageText)) ?? .object(JSONObject())
        self.init(
            compatibilityLevel: value["compatibilityLevel"]?.stringValue.flatMap(CompatibilityLevel.init(rawValue:)),
            compatibilityPolicy: value["compatibilityPolicy"]?.stringValue.flatMap(CompatibilityPolicy.init(rawValue:)),
            normalize: value["normalize"]?.boolValue)
    }
}

/// What a registry (or one subject) accepts, as in Confluent Schema Registry.
public enum RegistryMode: String, Sendable, CaseIterable, Codable {
    case readWrite = "READWRITE"
    case readOnly = "READONLY"
    case readOnlyOverride = "READONLY_OVERRIDE"
    case `import` = "IMPORT"
    /// Accepted globally only; behaves like IMPORT for explicit ids.
    case forward = "FORWARD"

    /// Parses case-insensitively.
    public init?(parsing text: String) { self.init(rawValue: text.uppercased()) }

    /// Whether writes (register, delete, config) are refused.
    public var isReadOnly: Bool { self == .readOnly || self == .readOnlyOverride }
}
