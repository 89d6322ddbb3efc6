import AccordCompatibility

extension SchemaRegistry {
    // MARK: Effective settings

    static func effectiveConfig(subject: String?, _ tx: any SchemaStoreTransaction, defaultLevel: CompatibilityLevel) async throws -> RegistryConfig {
        var config = RegistryConfig(compatibilityLevel: defaultLevel)
        if let global = try await tx.config(subject: nil) { config = config.merging(global) }
        if let subject, let own = try await tx.config(subject: subject) { config = config.merging(own) }
        return config
    }

    static func effectiveMode(subject: String?, _ tx: any SchemaStoreTransaction) async throws -> RegistryMode {
        if let subject, let own = try await tx.mode(subject: subject) {
            // A global READONLY_OVERRIDE (deprecated in Confluent 8.2) acts like READONLY.
            return own
        }
        return try await tx.mode(subject: nil) ?? .readWrite
    }

    /// The effective config from rows read together (``SchemaStoreTransaction/settings(subject:)``).
    static func effectiveConfig(_ settings: StoredSettings, defaultLevel: CompatibilityLevel) -> RegistryConfig {
        var config = RegistryConfig(compatibilityLevel: defaultLevel)
        if let global = settings.globalConfig { config = config.merging(global) }
        if let own = settings.subjectConfig { config = config.merging(own) }
        return config
    }

    /// The effective mode from rows read together.
    static func effectiveMode(_ settings: StoredSettings) -> RegistryMode {
        settings.subjectMode ?? settings.globalMode ?? .readWrite
    }

    static func refuseWhenReadOnly(subject: String?, _ tx: any SchemaStoreTransaction) async throws {
        let mode = try await effectiveMode(subject: subject, tx)
        if mode.isReadOnly {
            throw RegistryError.operationNotPermitted("Subject \(subject ?? "__GLOBAL") in context . is in read-only mode")
        }
    }

    // MARK: Config

    /// The config of `subject` (or the global one). A subject without its own config is
    /// 40408 unless `defaultToGlobal`, which returns the effective config.
    public func config(subject: String?, defaultToGlobal: Bool = false) async throws(RegistryError) -> RegistryConfig {
        let defaultLevel = self.defaultLevel
        return try await transaction(.read) { tx in
            guard let subject else {
                return RegistryConfig(compatibilityLevel: defaultLevel).merging(try await tx.config(subject: nil) ?? RegistryConfig())
            }
            if let own = try await tx.config(subject: subject) {
                return defaultToGlobal ? try await Self.effectiveConfig(subject: subject, tx, defaultLevel: defaultLevel) : own
            }
            guard defaultToGlobal else { throw RegistryError.subjectConfigNotFound(subject) }
            return try await Self.effectiveConfig(subject: subject, tx, defaultLevel: defaultLevel)
        }
    }

    /// Merges `update` over the stored config of `subject` (or the global one) and returns the result.
    public func updateConfig(_ update: RegistryConfig, subject: String?) async throws(RegistryError) -> RegistryConfig {
        if let subject { try Self.checkSubjectName(subject) }
        return try await transaction(.write) { tx in
            try await Self.refuseWhenReadOnly(subject: subject, tx)
            let merged = (try await tx.config(subject: subject) ?? RegistryConfig()).merging(update)
            try await tx.setConfig(merged, subject: subject)
            return merged
        }
    }

    /// Removes the config of `subject` (or the global one) and returns the previous one.
    public func deleteConfig(subject: String?) async throws(RegistryError) -> RegistryConfig {
        let defaultLevel = self.defaultLevel
        return try await transaction(.write) { tx in
            try await Self.refuseWhenReadOnly(subject: subject, tx)
            let previous = try await tx.config(subject: subject)
            guard let subject else {
                try await tx.setConfig(nil, subject: nil)
                return RegistryConfig(compatibilityLevel: defaultLevel).merging(previous ?? RegistryConfig())
            }
            guard let previous else { throw RegistryError.subjectNotFound(subject) }
            try await tx.setConfig(nil, subject: subject)
            return previous
        }
    }

    // MARK: Mode

    /// The mode of `subject` (or the global one). A subject without its own mode is 40409
    /// unless `defaultToGlobal`.
    public func mode(subject: String?, defaultToGlobal: Bool = false) async throws(RegistryError) -> RegistryMode {
        try await transaction(.read) { tx in
            guard let subject else { return try await tx.mode(subject: nil) ?? .readWrite }
            if let own = try await tx.mode(subject: subject) { return own }
            guard defaultToGlobal else { throw RegistryError.subjectModeNotFound(subject) }
            return try await tx.mode(subject: nil) ?? .readWrite
        }
    }

    /// Sets the mode of `subject` (or the global one). IMPORT needs `force` while live subjects exist.
    public func setMode(_ mode: RegistryMode, subject: String?, force: Bool = false) async throws(RegistryError) {
        if let subject {
            try Self.checkSubjectName(subject)
            if mode == .forward { throw .invalidMode }
        }
        try await transaction(.write) { tx in
            if mode == .import, !force {
                let hasLive: Bool
                if let subject {
                    hasLive = try await tx.versions(subject: subject).contains { !$0.deleted }
                } else {
                    hasLive = !(try await tx.subjectNames(includeDeleted: false)).isEmpty
                }
                if hasLive { throw RegistryError.operationNotPermitted("Cannot import since found existing subjects") }
            }
            try await tx.setMode(mode, subject: subject)
        }
    }

    /// Removes the mode of `subject` (or the global one) and returns the previous one.
    public func deleteMode(subject: String?) async throws(RegistryError) -> RegistryMode {
        try await transaction(.write) { tx in
            let previous = try await tx.mode(subject: subject)
            if let subject, previous == nil { throw RegistryError.subjectNotFound(subject) }
            try await tx.setMode(nil, subject: subject)
            return previous ?? .readWrite
        }
    }
}
