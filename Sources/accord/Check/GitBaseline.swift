import AccordCompatibility
import AccordJSON

/// Builds the baseline of `--against git:REF`: the `Schemas/` folder at REF (and, for
/// `_TRANSITIVE` levels, every earlier content of each subject's file in REF's history).
struct GitBaseline {
    static let namespace = "https://previous.accord.invalid/"

    var repository: GitRepository
    var commit: String
    var label: String

    func load(current: SchemaCatalog, levelFor: (SchemaCatalog.Subject) -> CompatibilityLevel) throws(CheckError) -> Baseline {
        let snapshot = try repository.snapshot(at: commit, label: label)
        let previous = try SchemaCatalog(snapshot)
        let relocator = Relocator(baseURI: previous.baseURI, pathsByURI: previous.pathsByURI, namespace: Self.namespace)
        var resources: [String: JSONValue] = [:]
        for (path, document) in previous.documents {
            let moved = relocator.relocate(document, originalURI: previous.uri(ofPath: path))
            resources[moved.uri] = moved.document
        }
        let shortCommit = String(commit.prefix(12))
        var subjects: [String: SubjectBaseline] = [:]
        for (name, old) in previous.subjects {
            var baseline = SubjectBaseline()
            guard case .success(let oldDocument) = old.document else {
                baseline.problems.append(CheckProblem(
                    message: "\(name): the schema at \(label) is not JSON, so it is treated as a new subject", isWarning: true))
                subjects[name] = baseline
                continue
            }
            if let subject = current.subjects[name] {
                let newClosure = current.closure(of: subject.path)
                let oldClosure = previous.closure(of: old.path)
                baseline.isUnchanged = subject.path == old.path && newClosure == oldClosure
                    && newClosure.allSatisfy { current.snapshot.files[$0] == previous.snapshot.files[$0] }
                if !baseline.isUnchanged, levelFor(subject).isTransitive {
                    // Every content the file had, each named by the commit that introduced it.
                    for version in try repository.history(ofSchemasPath: old.path, upTo: commit) {
                        guard let value = try? JSONParser().parse(version.bytes) else { continue }
                        let moved = relocator.relocate(value, originalURI: previous.uri(ofPath: old.path))
                        baseline.versions.append(EarlierVersion(label: "commit \(version.commit)", document: moved.document))
                    }
                }
            }
            let latest = relocator.relocate(oldDocument, originalURI: previous.uri(ofPath: old.path)).document
            if baseline.versions.last?.document != latest {
                baseline.versions.append(EarlierVersion(label: "commit \(shortCommit)", document: latest))
            }
            baseline.resources = resources
            subjects[name] = baseline
        }
        let deleted = previous.subjects.values
            .filter { current.subjects[$0.name] == nil }
            .map { (subject: $0.name, path: $0.path) }
            .sorted { $0.subject < $1.subject }
        return Baseline(description: "git:\(label)", subjects: subjects, deletedSubjects: deleted)
    }
}
