extension SchemaRegistry {
    /// Soft-deletes a version, or with `permanent` removes a soft-deleted one. Returns its number.
    public func deleteVersion(subject: String, _ selector: VersionSelector, permanent: Bool = false) async throws(RegistryError) -> Int {
        let (number, orphan) = try await transaction(.write) { tx -> (Int, Int64?) in
            try await tx.lockSubject(subject)
            try await Self.refuseWhenReadOnly(subject: subject, tx)
            let all = try await tx.versions(subject: subject)
            if all.isEmpty || (!permanent && !all.contains(where: { !$0.deleted })) { throw RegistryError.subjectNotFound(subject) }
            let target: SubjectVersion
            switch selector {
            case .latest:
                guard let latest = all.last(where: { !$0.deleted }) else { throw RegistryError.versionNotFound("latest") }
                if permanent { throw RegistryError.versionNotSoftDeleted(subject: subject, version: latest.version) }
                target = latest
            case .number(let n):
                guard let found = all.first(where: { $0.version == n }) else { throw RegistryError.versionNotFound(String(n)) }
                target = found
            }
            if permanent {
                guard target.deleted else { throw RegistryError.versionNotSoftDeleted(subject: subject, version: target.version) }
                if try await Self.isReferenced(subject: subject, version: target.version, byLiveOnly: false, tx) {
                    throw RegistryError.referenceExists("\(subject) version \(target.version)")
                }
                try await tx.removeVersion(subject: subject, version: target.version)
                let remaining = try await tx.versions(schemaID: target.schemaID)
                return (target.version, remaining.isEmpty ? target.schemaID : nil)
            }
            if target.deleted { throw RegistryError.versionSoftDeleted(subject: subject, version: target.version) }
            if try await Self.isReferenced(subject: subject, version: target.version, byLiveOnly: true, tx) {
                throw RegistryError.referenceExists("\(subject) version \(target.version)")
            }
            try await tx.setVersionDeleted(subject: subject, version: target.version, deleted: true)
            return (target.version, nil)
        }
        if let orphan { cache.remove(orphan) }
        return number
    }

    /// Soft-deletes every live version of `subject`, or with `permanent` removes a soft-deleted
    /// subject with its config and mode. Returns the version numbers.
    public func deleteSubject(_ subject: String, permanent: Bool = false) async throws(RegistryError) -> [Int] {
        let (numbers, orphans) = try await transaction(.write) { tx -> ([Int], [Int64]) in
            try await tx.lockSubject(subject)
            try await Self.refuseWhenReadOnly(subject: subject, tx)
            let all = try await tx.versions(subject: subject)
            if all.isEmpty { throw RegistryError.subjectNotFound(subject) }
            let live = all.filter { !$0.deleted }
            if permanent {
                if !live.isEmpty { throw RegistryError.subjectNotSoftDeleted(subject) }
                for version in all where try await Self.isReferenced(subject: subject, version: version.version, byLiveOnly: false, tx) {
                    throw RegistryError.referenceExists("\(subject) version \(version.version)")
                }
                var orphans: [Int64] = []
                for version in all {
                    try await tx.removeVersion(subject: subject, version: version.version)
                    if try await tx.versions(schemaID: version.schemaID).isEmpty { orphans.append(version.schemaID) }
                }
                try await tx.setConfig(nil, subject: subject)
                try await tx.setMode(nil, subject: subject)
                return (all.map(\.version), orphans)
            }
            if live.isEmpty { throw RegistryError.subjectSoftDeleted(subject) }
            for version in live where try await Self.isReferenced(subject: subject, version: version.version, byLiveOnly: true, tx) {
                throw RegistryError.referenceExists("\(subject) version \(version.version)")
            }
            for version in live {
                try await tx.setVersionDeleted(subject: subject, version: version.version, deleted: true)
            }
            return (live.map(\.version), [])
        }
        for id in orphans { cache.remove(id) }
        return numbers
    }

    /// Whether a schema still used by a (live, or any) version references `subject` `version`.
    static func isReferenced(subject: String, version: Int, byLiveOnly: Bool, _ tx: any SchemaStoreTransaction) async throws -> Bool {
        for id in try await tx.referrers(subject: subject, version: version) {
            let users = try await tx.versions(schemaID: id)
            if byLiveOnly ? users.contains(where: { !$0.deleted }) : !users.isEmpty { return true }
        }
        return false
    }
}
