import AccordCompatibility
import ArgumentParser
import Foundation

/// `accord check`: refuse breaking changes to the schemas in `Schemas/` before they reach the
/// registry.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check Schemas/ for breaking changes against a git revision or a schema registry.",
        discussion: """
            Layout: <schemas>/<subject>/schema.json (one folder per subject, named after it), optional \
            <subject>/accord.json|yaml ({"level": …, "policy": …, "subject": …}), a repo default \
            <schemas>/accord.json, and reviewed deliberate breaks in <schemas>/accord-acknowledged.yaml.

            --against git:REF compares with the same folder at REF (default: the merge base of HEAD \
            with origin/main, else HEAD~1): a deleted subject is breaking, a new one is fine. \
            --against registry:URL compares with each subject's latest registered version (all of \
            them for _TRANSITIVE levels) at the level the registry has configured; credentials come \
            from ACCORD_REGISTRY_TOKEN (bearer) or ACCORD_REGISTRY_USER/ACCORD_REGISTRY_PASSWORD (basic).

            Level: --level, else (registry mode) the registry's level, else the subject's accord.json, \
            else the repo default, else BACKWARD. Policy likewise, default STRICT.

            Exit status: 0 no breaking change (acknowledged ones allowed), 1 a breaking change, \
            2 an error (invalid schema or JSON, unreadable git revision, unreachable registry).

            Examples:
              accord check
              accord check --against git:origin/main --output github
              accord check --against registry:http://localhost:8081 --junit accord-check.xml
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, github, junit, json
    }

    @Option(name: .long, help: "The folder with one sub-folder per subject.")
    var schemas: String = "Schemas"

    @Option(name: .long, help: ArgumentHelp("What to compare with: git:REF or registry:URL.", valueName: "git:REF|registry:URL"))
    var against: String?

    @Option(name: .long, help: "Compatibility level for every subject (overrides configuration): NONE, BACKWARD, FORWARD, FULL, …_TRANSITIVE.")
    var level: String?

    @Option(name: .long, help: "Compatibility policy for every subject: STRICT or LENIENT.")
    var policy: String?

    @Option(name: .long, help: "Report format: text, github (workflow annotations), junit (XML) or json.")
    var output: OutputFormat = .text

    @Option(name: .long, help: ArgumentHelp("Also write a JUnit XML report to FILE.", valueName: "FILE"))
    var junit: String?

    func validate() throws {
        if let against, !against.hasPrefix("git:"), !against.hasPrefix("registry:") {
            throw ValidationError("--against must be git:REF or registry:URL (got \"\(against)\")")
        }
        if let level, CompatibilityLevel(parsing: level) == nil {
            throw ValidationError("--level must be one of \(CompatibilityLevel.allCases.map(\.rawValue).joined(separator: ", ")) (got \"\(level)\")")
        }
        if let policy, CompatibilityPolicy(parsing: policy) == nil {
            throw ValidationError("--policy must be STRICT or LENIENT (got \"\(policy)\")")
        }
    }

    func run() async throws {
        let summary: CheckSummary
        do {
            summary = try await perform()
        } catch {
            if output == .github {
                StandardOutput.write(GitHubCheckReporter.command("error", position: nil, title: "accord check", message: error.description))
            }
            FileHandleOutput.standardError("accord: \(error)")
            throw ExitCode(2)
        }
        StandardOutput.write(CheckReporter.render(summary, format: output))
        if output == .github, let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty,
           let handle = FileHandle(forWritingAtPath: path) {
            // The job summary page gets a table of what changed (best effort: never fails the check).
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data(MarkdownCheckReporter.render(summary).utf8))
            try? handle.close()
        }
        if let junit {
            do {
                try Data(JUnitCheckReporter.render(summary).utf8).write(to: URL(fileURLWithPath: junit), options: .atomic)
            } catch {
                FileHandleOutput.standardError("accord: cannot write the JUnit report to \(junit): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }

    private func perform() async throws(CheckError) -> CheckSummary {
        let displayPrefix = schemas.hasSuffix("/") && schemas.count > 1 ? String(schemas.dropLast()) : schemas
        let snapshot = try SchemaSnapshot.workingTree(at: displayPrefix)
        let catalog = try SchemaCatalog(snapshot)
        let acknowledgements = try AcknowledgementFile.load(from: snapshot)
        var run = CompatibilityRun(
            catalog: catalog, displayPrefix: displayPrefix, repositoryPrefix: displayPrefix + "/",
            levelOverride: level.flatMap(CompatibilityLevel.init(parsing:)),
            policyOverride: policy.flatMap(CompatibilityPolicy.init(parsing:)),
            acknowledgements: acknowledgements)
        let baseline: Baseline
        if let against, against.hasPrefix("registry:") {
            let client = try RegistryClient(url: String(against.dropFirst("registry:".count)))
            if let repository = try? GitRepository.discover(schemasDirectory: displayPrefix) {
                run.repositoryPrefix = repository.schemasPrefix
            }
            baseline = try await RegistryBaseline(client: client, levelOverride: run.levelOverride).load(current: catalog)
        } else {
            let repository = try GitRepository.discover(schemasDirectory: displayPrefix)
            run.repositoryPrefix = repository.schemasPrefix
            let revision: String
            let commit: String
            if let against {
                revision = String(against.dropFirst("git:".count))
                commit = try repository.commit(of: revision)
            } else {
                (revision, commit) = try repository.defaultBase()
            }
            let label = "\(revision) (\(commit.prefix(12)))"
            baseline = try GitBaseline(repository: repository, commit: commit, label: label)
                .load(current: catalog) { run.level(of: $0) }
        }
        return await run.run(against: baseline)
    }
}

/// Writes to standard output in one piece.
enum StandardOutput {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
