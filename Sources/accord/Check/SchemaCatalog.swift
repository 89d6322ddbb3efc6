import AccordJSON
import Foundation

/// The subjects of a `Schemas/` snapshot, their settings, and the URIs under which `$ref` finds
/// each document.
///
/// Layout: `<folder>/schema.json` is a subject (named after the folder, or `subject` in its
/// `accord.json|yaml`); `accord.json|yaml` at the top is the repo default. Every JSON file is
/// reachable by `$ref` at `baseURI + path` (so `"$ref": "../money/schema.json"` from
/// `order.placed/schema.json` reaches `money/schema.json`), and also by its top-level `$id`.
struct SchemaCatalog: Sendable {
    static let defaultBaseURI = "https://schemas.accord.dev/"
    static let schemaFileName = "schema.json"

    struct Subject: Sendable {
        /// The registry subject name.
        var name: String
        /// The folder, relative to `Schemas/`.
        var folder: String
        /// `folder/schema.json`.
        var path: String
        var bytes: [UInt8]
        /// The parsed schema, or the parse error.
        var document: Result<JSONValue, JSONParseError>
        /// The subject's own settings merged over the repo default.
        var config: SubjectConfig
    }

    var snapshot: SchemaSnapshot
    var defaultConfig: SubjectConfig
    var baseURI: String
    /// By subject name.
    var subjects: [String: Subject]
    /// Every parsed JSON document by path (config files excluded).
    var documents: [String: JSONValue]
    /// Path of each document by absolute URI (no fragment): `baseURI + path` and top-level `$id`s.
    var pathsByURI: [String: String]
    /// For each document path, the paths of the documents it references directly.
    var dependencies: [String: Set<String>]
    /// For each document path, the absolute URIs (no fragment) it references that belong to no
    /// document of this snapshot.
    var unresolvedReferences: [String: Set<String>]

    var subjectNames: [String] { subjects.keys.sorted() }

    init(_ snapshot: SchemaSnapshot) throws(CheckError) {
        self.snapshot = snapshot
        var defaultConfig = SubjectConfig()
        for name in ["accord.json", "accord.yaml", "accord.yml"] {
            if let bytes = snapshot.files[name] {
                defaultConfig = try SubjectConfig.parse(bytes, path: name)
                break
            }
        }
        self.defaultConfig = defaultConfig
        var baseURI = defaultConfig.baseURI ?? Self.defaultBaseURI
        if !baseURI.hasSuffix("/") { baseURI += "/" }
        self.baseURI = baseURI

        var subjects: [String: Subject] = [:]
        var documents: [String: JSONValue] = [:]
        var pathsByURI: [String: String] = [:]
        for (path, bytes) in snapshot.files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".json") {
            let components = path.split(separator: "/")
            if components.last == "accord.json" { continue }
            pathsByURI[baseURI + path] = path
            let parsed: Result<JSONValue, JSONParseError>
            do {
                parsed = .success(try JSONParser().parse(bytes, file: path))
            } catch {
                parsed = .failure(error)
            }
            if case .success(let value) = parsed {
                documents[path] = value
                if let id = Self.topLevelID(of: value), let absolute = URIs.resolve(id, against: baseURI + path) {
                    pathsByURI[URIs.withoutFragment(absolute)] = pathsByURI[URIs.withoutFragment(absolute)] ?? path
                }
            }
            guard components.count == 2, components[1] == Substring(Self.schemaFileName) else { continue }
            let folder = String(components[0])
            var config = SubjectConfig()
            for name in ["accord.json", "accord.yaml", "accord.yml"] {
                if let configBytes = snapshot.files[folder + "/" + name] {
                    config = try SubjectConfig.parse(configBytes, path: folder + "/" + name)
                    break
                }
            }
            let name = config.subject ?? folder
            if let existing = subjects[name] {
                throw CheckError("subject \"\(name)\" is defined twice, by \(existing.path) and \(path) (\(snapshot.origin))",
                                 fix: "give each folder its own subject name")
            }
            config.baseURI = nil
            subjects[name] = Subject(name: name, folder: folder, path: path, bytes: bytes, document: parsed,
                                     config: config.overriding(SubjectConfig(level: defaultConfig.level, policy: defaultConfig.policy)))
        }
        self.subjects = subjects
        self.documents = documents
        self.pathsByURI = pathsByURI

        var dependencies: [String: Set<String>] = [:]
        var unresolved: [String: Set<String>] = [:]
        for (path, value) in documents {
            for uri in ReferenceScanner.referencedURIs(in: value, baseURI: baseURI + path) {
                if let target = pathsByURI[uri] {
                    if target != path { dependencies[path, default: []].insert(target) }
                } else if !uri.hasPrefix("https://json-schema.org/") && !uri.hasPrefix("http://json-schema.org/") {
                    unresolved[path, default: []].insert(uri)
                }
            }
        }
        self.dependencies = dependencies
        self.unresolvedReferences = unresolved
    }

    /// The URI a document is compiled under.
    func uri(ofPath path: String) -> String { baseURI + path }

    /// `path` and every document it reaches through `$ref`, transitively.
    func closure(of path: String) -> Set<String> {
        var seen: Set<String> = [path]
        var queue = [path]
        while let next = queue.popLast() {
            for dependency in dependencies[next] ?? [] where seen.insert(dependency).inserted {
                queue.append(dependency)
            }
        }
        return seen
    }

    /// The subject whose `schema.json` is at `path`.
    func subject(atPath path: String) -> Subject? {
        subjects.values.first { $0.path == path }
    }

    static func topLevelID(of value: JSONValue) -> String? {
        guard case .object(let object) = value else { return nil }
        if case .string(let id)? = object["$id"] { return id }
        if case .string(let id)? = object["id"], ReferenceScanner.isDraft4(object) { return id }
        return nil
    }
}
