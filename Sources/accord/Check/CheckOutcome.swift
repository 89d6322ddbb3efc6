import AccordCompatibility
import AccordJSON

/// A position in a file, for located messages and annotations.
struct SourcePosition: Sendable, Hashable {
    /// The path as the user named it (relative to the working directory).
    var file: String
    /// The path relative to the repository root (GitHub annotations), when known.
    var repositoryFile: String
    var line: Int
    var column: Int
}

/// One breaking change of a subject, located in its new schema.
struct BreakingFinding: Sendable {
    var change: SchemaChange
    var position: SourcePosition
    /// The reviewed entry that accepts this change, if any.
    var acknowledgement: Acknowledgement?
}

/// A problem that is not a verdict (exit status 2): an invalid schema, unreadable JSON, …
struct CheckProblem: Sendable {
    var message: String
    var position: SourcePosition?
    var isWarning = false
}

/// What `accord check` found for one subject.
struct SubjectOutcome: Sendable {
    enum Status: String, Sendable {
        /// The schema and everything it references are unchanged.
        case unchanged
        /// Changed and proven compatible at its level.
        case compatible
        /// A subject with no earlier version.
        case added
        /// Breaking, but every breaking change is acknowledged.
        case acknowledged
        /// Breaking.
        case breaking
        /// A subject that existed before and is gone.
        case deleted
        /// Could not be checked.
        case error
    }

    var subject: String
    /// The schema file (`Schemas/order.placed/schema.json`).
    var file: String
    var status: Status
    var level: CompatibilityLevel
    var policy: CompatibilityPolicy
    /// The earlier versions compared with, oldest first (`git:3f2a9c1…`, `version 3`).
    var comparedWith: [String] = []
    /// For a breaking verdict: the earlier version the new schema breaks.
    var brokenVersion: String?
    var findings: [BreakingFinding] = []
    /// Changes that break nothing at the subject's level.
    var otherChanges: [SchemaChange] = []
    var witness: Witness?
    var problems: [CheckProblem] = []

    var failingFindings: [BreakingFinding] { findings.filter { $0.acknowledgement == nil } }
}

/// Everything `accord check` found.
struct CheckSummary: Sendable {
    /// What the schemas were compared with: `git:origin/main (3f2a9c1)`, `registry:http://…`.
    var against: String
    var outcomes: [SubjectOutcome]
    /// Problems not tied to one subject (configuration, acknowledgements file).
    var problems: [CheckProblem] = []
    var staleAcknowledgements: [Acknowledgement] = []
    var acknowledgementsFile: String?

    var hasErrors: Bool {
        problems.contains { !$0.isWarning } || outcomes.contains { $0.problems.contains { !$0.isWarning } }
    }

    var hasBreakingChanges: Bool { outcomes.contains { !$0.failingFindings.isEmpty } }

    /// 0 clean, 1 breaking, 2 error.
    var exitStatus: Int32 { hasErrors ? 2 : hasBreakingChanges ? 1 : 0 }

    func count(_ status: SubjectOutcome.Status) -> Int { outcomes.filter { $0.status == status }.count }
}
