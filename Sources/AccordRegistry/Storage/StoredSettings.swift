/// The config and mode rows that decide a subject's effective settings: its own and the global
/// ones, each nil when not stored.
public struct StoredSettings: Sendable, Hashable {
    public var globalConfig: RegistryConfig?
    public var subjectConfig: RegistryConfig?
    public var globalMode: RegistryMode?
    public var subjectMode: RegistryMode?

    public init(globalConfig: RegistryConfig? = nil, subjectConfig: RegistryConfig? = nil, globalMode: RegistryMode? = nil, subjectMode: RegistryMode? = nil) {
        self.globalConfig = globalConfig
        self.subjectConfig = subjectConfig
        self.globalMode = globalMode
        self.subjectMode = subjectMode
    }
}

extension SchemaStoreTransaction {
    /// The four rows by four reads; stores override it with one query.
    public func settings(subject: String) async throws -> StoredSettings {
        StoredSettings(
            globalConfig: try await config(subject: nil), subjectConfig: try await config(subject: subject),
            globalMode: try await mode(subject: nil), subjectMode: try await mode(subject: subject))
    }
}
