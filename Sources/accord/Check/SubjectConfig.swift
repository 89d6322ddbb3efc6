import AccordCompatibility
import AccordJSON
import Yams

/// The settings in `Schemas/accord.json` (repo default) or `Schemas/<folder>/accord.json|yaml`.
///
/// ```json
/// { "level": "FULL_TRANSITIVE", "policy": "LENIENT", "subject": "order.placed" }
/// ```
/// The repo default may also set `baseURI`, the URI the `Schemas/` folder is known by for `$ref`
/// (default `https://schemas.accord.dev/`; only a name, never fetched).
struct SubjectConfig: Sendable, Equatable, Decodable {
    var level: CompatibilityLevel?
    var policy: CompatibilityPolicy?
    /// The registry subject, when it differs from the folder name. Keeping it while renaming the
    /// folder keeps the subject's history (a rename, not a delete plus an add).
    var subject: String?
    var baseURI: String?

    private enum CodingKeys: String, CodingKey {
        case level, compatibility, compatibilityLevel, policy, compatibilityPolicy, subject, baseURI
    }

    init(level: CompatibilityLevel? = nil, policy: CompatibilityPolicy? = nil, subject: String? = nil, baseURI: String? = nil) {
        self.level = level
        self.policy = policy
        self.subject = subject
        self.baseURI = baseURI
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let levelText = try container.decodeIfPresent(String.self, forKey: .level)
            ?? container.decodeIfPresent(String.self, forKey: .compatibility)
            ?? container.decodeIfPresent(String.self, forKey: .compatibilityLevel)
        if let levelText {
            guard let level = CompatibilityLevel(parsing: levelText) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .level, in: container,
                    debugDescription: "unknown level \"\(levelText)\"; use one of \(CompatibilityLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.level = level
        }
        let policyText = try container.decodeIfPresent(String.self, forKey: .policy)
            ?? container.decodeIfPresent(String.self, forKey: .compatibilityPolicy)
        if let policyText {
            guard let policy = CompatibilityPolicy(parsing: policyText) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .policy, in: container, debugDescription: "unknown policy \"\(policyText)\"; use STRICT or LENIENT")
            }
            self.policy = policy
        }
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        baseURI = try container.decodeIfPresent(String.self, forKey: .baseURI)
    }

    /// Parses a config file (JSON is YAML, so Yams reads both).
    static func parse(_ bytes: [UInt8], path: String) throws(CheckError) -> SubjectConfig {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.allSatisfy(\.isWhitespace) { return SubjectConfig() }
        do {
            return try YAMLDecoder().decode(SubjectConfig.self, from: text)
        } catch {
            throw CheckError("\(path): invalid configuration: \(Self.describe(error))",
                             fix: "expected keys level, policy, subject (and baseURI in the repo default)")
        }
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        }
        return "\(error)"
    }

    /// `self` with unset fields taken from `fallback`.
    func overriding(_ fallback: SubjectConfig) -> SubjectConfig {
        SubjectConfig(level: level ?? fallback.level, policy: policy ?? fallback.policy,
                      subject: subject ?? fallback.subject, baseURI: baseURI ?? fallback.baseURI)
    }
}
