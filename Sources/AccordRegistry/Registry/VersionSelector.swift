/// A version path segment: a number, or the latest live version (`latest`, `-1`).
public enum VersionSelector: Sendable, Hashable {
    case latest
    case number(Int)

    /// Parses Confluent's version ids; anything else is ``RegistryError/invalidVersion(_:)``.
    public init(parsing text: String) throws(RegistryError) {
        if text.lowercased() == "latest" || text == "-1" {
            self = .latest
        } else if let n = Int(text), n >= 1, n <= Int(Int32.max) {
            self = .number(n)
        } else {
            throw .invalidVersion(text)
        }
    }
}
