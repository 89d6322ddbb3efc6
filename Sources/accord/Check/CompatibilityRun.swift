import AccordCompatibility
import AccordJSON
import AccordSchema

/// Compares every subject of a `Schemas/` catalog with its baseline and collects located,
/// acknowledged-or-not findings. Subjects are checked concurrently.
struct CompatibilityRun: Sendable {
    var catalog: SchemaCatalog
    /// The folder as the user named it (`Schemas`), for file names in messages.
    var displayPrefix: String
    /// The folder relative to the repository root (`Schemas/`), for annotations.
    var repositoryPrefix: String
    var levelOverride: CompatibilityLevel?
    var policyOverride: CompatibilityPolicy?
    var acknowledgements: AcknowledgementFile

    func level(of subject: SchemaCatalog.Subject, baseline: SubjectBaseline? = nil) -> CompatibilityLevel {
        levelOverride ?? baseline?.level ?? subject.config.level ?? .backward
    }

    func policy(of subject: SchemaCatalog.Subject, baseline: SubjectBaseline? = nil) -> CompatibilityPolicy {
        policyOverride ?? baseline?.policy ?? subject.config.policy ?? .strict
    }

    func position(_ path: String, line: Int = 1, column: Int = 1) -> SourcePosition {
        SourcePosition(file: displayPrefix.isEmpty ? path : displayPrefix + "/" + path,
                       repositoryFile: repositoryPrefix + path, line: line, column: column)
    }

    /// The documents of the current catalog, by every URI they are known by.
    private func currentResources() -> SchemaResources {
        var resources = SchemaResources()
        for (uri, path) in catalog.pathsByURI {
            if let document = catalog.documents[path] { resources.add(document, uri: uri) }
        }
        return resources
    }

    func run(against baseline: Baseline) async -> CheckSummary {
        let resources = currentResources()
        var outcomes = await withTaskGroup(of: SubjectOutcome.self) { group in
            for name in catalog.subjectNames {
                let subject = catalog.subjects[name]!
                let subjectBaseline = baseline.subjects[name]
                group.addTask { check(subject, against: subjectBaseline, resources: resources, baselineName: baseline.description) }
            }
            var collected: [SubjectOutcome] = []
            for await outcome in group { collected.append(outcome) }
            return collected
        }
        for deleted in baseline.deletedSubjects {
            let change = SchemaChange(
                kind: "subject-deleted", oldLocation: "", newLocation: "", breaksBackward: true, breaksForward: true,
                message: "subject \(deleted.subject) was deleted (\(deleted.path) is gone); its consumers and producers lose their contract")
            let acknowledgement = acknowledgements.entries.first {
                $0.matches(subject: deleted.subject, kind: change.kind, newLocation: "", oldLocation: "")
            }
            outcomes.append(SubjectOutcome(
                subject: deleted.subject, file: position(deleted.path).file,
                status: acknowledgement == nil ? .deleted : .acknowledged,
                level: levelOverride ?? .backward, policy: policyOverride ?? .strict,
                comparedWith: [baseline.description],
                findings: [BreakingFinding(change: change, position: position(deleted.path), acknowledgement: acknowledgement)]))
        }
        outcomes.sort { $0.subject < $1.subject }
        var summary = CheckSummary(against: baseline.description, outcomes: outcomes)
        summary.acknowledgementsFile = acknowledgements.path.map { position($0).file }
        let used = Set(outcomes.flatMap { $0.findings.compactMap(\.acknowledgement) })
        summary.staleAcknowledgements = acknowledgements.entries.filter { !used.contains($0) }
        return summary
    }

    /// Checks one subject; never throws: problems are part of the outcome.
    func check(
        _ subject: SchemaCatalog.Subject, against baseline: SubjectBaseline?, resources: SchemaResources, baselineName: String
    ) -> SubjectOutcome {
        let level = level(of: subject, baseline: baseline)
        let policy = policy(of: subject, baseline: baseline)
        var outcome = SubjectOutcome(
            subject: subject.name, file: position(subject.path).file, status: .compatible, level: level, policy: policy,
            comparedWith: baseline?.versions.map(\.label) ?? [])
        outcome.problems = baseline?.problems ?? []
        let document: JSONValue
        switch subject.document {
        case .failure(let error):
            outcome.status = .error
            outcome.problems.append(CheckProblem(
                message: "\(subject.name): \(position(subject.path).file) is not valid JSON: \(error.reason)",
                position: position(subject.path, line: error.line, column: error.column)))
            return outcome
        case .success(let value):
            document = value
        }
        if baseline?.isUnchanged == true {
            outcome.status = .unchanged
            return outcome
        }
        var options = SchemaOptions()
        options.resources = resources
        for (uri, earlier) in baseline?.resources ?? [:] { options.resources.add(earlier, uri: uri) }
        options.baseURI = catalog.uri(ofPath: subject.path)
        let sourceMap = JSONSourceMap(bytes: subject.bytes)
        let hasBaseline = baseline.map { !$0.versions.isEmpty } ?? false
        if !hasBaseline || level == .none {
            // The checker will not compile it (nothing to compare with, or no check): compile it here.
            do {
                _ = try JSONSchema(compiling: document, options: options)
            } catch {
                outcome.status = .error
                outcome.problems.append(invalidSchemaProblem(error, subject: subject, sourceMap: sourceMap))
                return outcome
            }
        }
        guard let baseline, hasBaseline else {
            outcome.status = .added
            return outcome
        }
        let report: CompatibilityReport
        do {
            // The checker compiles both sides; an invalid new schema is reported, located, as such.
            report = try CompatibilityChecker(options: options).check(
                new: document, against: baseline.versions.map(\.document), level: level, policy: policy)
        } catch {
            outcome.status = .error
            if error.schema.hasPrefix("new") {
                outcome.problems.append(invalidSchemaProblem(error.underlying, subject: subject, sourceMap: sourceMap))
            } else {
                outcome.problems.append(CheckProblem(
                    message: "\(subject.name): cannot compare, the schema at \(baselineName) is unusable: \(error.underlying)",
                    position: position(subject.path)))
            }
            return outcome
        }
        outcome.witness = report.witness
        if let index = report.brokenIndex, baseline.versions.indices.contains(index) {
            outcome.brokenVersion = baseline.versions[index].label
        } else if !report.isCompatible {
            outcome.brokenVersion = baseline.versions.last?.label
        }
        var breaking = report.breakingChanges
        if !report.isCompatible && breaking.isEmpty {
            breaking = [SchemaChange(
                kind: "not-proven-compatible", oldLocation: "", newLocation: "",
                breaksBackward: level.checksBackward, breaksForward: level.checksForward,
                message: "the new schema could not be proven \(level.rawValue) compatible with \(outcome.brokenVersion ?? baselineName)")]
        }
        let breakingSet = Set(breaking)
        outcome.otherChanges = report.changes.filter { !breakingSet.contains($0) }
        var referencedMaps: [(path: String, map: JSONSourceMap)]?
        outcome.findings = breaking.map { change in
            let pointer = (try? JSONPointer(parsing: Acknowledgement.normalize(change.newLocation))) ?? .root
            var found = position(subject.path)
            if let exact = sourceMap.location(of: pointer) {
                found = position(subject.path, line: exact.line, column: exact.column)
            } else {
                // The change may sit in a document the subject references (e.g. money): locate it
                // there when exactly one of them has that pointer, else at the nearest ancestor here.
                if referencedMaps == nil {
                    referencedMaps = catalog.closure(of: subject.path).subtracting([subject.path]).sorted().map {
                        ($0, JSONSourceMap(bytes: catalog.snapshot.files[$0] ?? []))
                    }
                }
                let matches = referencedMaps!.compactMap { entry in entry.map.location(of: pointer).map { (entry.path, $0) } }
                if pointer != .root, matches.count == 1, let match = matches.first {
                    found = position(match.0, line: match.1.line, column: match.1.column)
                } else {
                    let nearest = sourceMap.nearestLocation(of: pointer).location
                    found = position(subject.path, line: nearest.line, column: nearest.column)
                }
            }
            let acknowledgement = acknowledgements.entries.first {
                $0.matches(subject: subject.name, kind: change.kind, newLocation: change.newLocation, oldLocation: change.oldLocation)
            }
            return BreakingFinding(change: change, position: found, acknowledgement: acknowledgement)
        }
        if report.isCompatible && breaking.isEmpty {
            outcome.status = .compatible
        } else {
            outcome.status = outcome.failingFindings.isEmpty ? .acknowledged : .breaking
        }
        return outcome
    }

    private func invalidSchemaProblem(_ error: SchemaError, subject: SchemaCatalog.Subject, sourceMap: JSONSourceMap) -> CheckProblem {
        // Locate the error in the document it is about: this subject's file or one it references.
        var path = subject.path
        var pointer = JSONPointer.root
        if let violation = error.violations.first {
            pointer = violation.instanceLocation
        }
        if let hash = error.location.firstIndex(of: "#") {
            let uri = String(error.location[..<hash])
            if let located = catalog.pathsByURI[uri] { path = located }
            if error.violations.isEmpty, uri.isEmpty || catalog.pathsByURI[uri] != nil {
                pointer = (try? JSONPointer(uriFragment: String(error.location[hash...]))) ?? .root
            }
        }
        var message = "\(subject.name): invalid schema: \(error.message)"
        if path != subject.path {
            message = "\(subject.name): the schema it references at \(position(path).file) is invalid: \(error.message)"
        }
        if let violation = error.violations.first {
            message += "; at \(violation.instanceLocation.tokens.isEmpty ? "the root" : violation.instanceLocation.description): \(violation.message)"
        }
        if case .unresolvableReference(let uri) = error.kind {
            let target = URIs.withoutFragment(uri)
            if let referenced = catalog.pathsByURI[target], catalog.documents[referenced] == nil {
                message = "\(subject.name): $ref \"\(uri)\" names \(position(referenced).file), which is not valid JSON"
            } else {
                message += " (a $ref must name a file under the schemas folder, relative like \"../money/schema.json\" or absolute under \(catalog.baseURI))"
            }
        }
        let map = path == subject.path ? sourceMap : JSONSourceMap(bytes: catalog.snapshot.files[path] ?? [])
        let found = map.nearestLocation(of: pointer).location
        return CheckProblem(message: message, position: position(path, line: found.line, column: found.column))
    }
}
