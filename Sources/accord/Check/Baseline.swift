import AccordCompatibility
import AccordJSON

/// One earlier version of a subject's schema, relocated (see ``Relocator``).
struct EarlierVersion: Sendable {
    /// How messages name it: `git 3f2a9c1d0e4b`, `version 3 (id 12)`.
    var label: String
    var document: JSONValue
}

/// What a subject is compared with.
struct SubjectBaseline: Sendable {
    /// Oldest first; the last is the latest.
    var versions: [EarlierVersion] = []
    /// The documents the earlier versions reference, by relocated URI.
    var resources: [String: JSONValue] = [:]
    /// The level and policy the baseline prescribes (the registry's configuration).
    var level: CompatibilityLevel?
    var policy: CompatibilityPolicy?
    /// Nothing the subject's schema reaches has changed: no need to compare.
    var isUnchanged = false
    var problems: [CheckProblem] = []
}

/// The earlier state the schemas are compared with.
struct Baseline: Sendable {
    /// `git:origin/main (3f2a9c1)`, `registry:http://localhost:8081`.
    var description: String
    /// By subject name; subjects absent here are new.
    var subjects: [String: SubjectBaseline]
    /// Subjects that existed in the baseline and have no schema now (git mode), with their old path.
    var deletedSubjects: [(subject: String, path: String)] = []
}
