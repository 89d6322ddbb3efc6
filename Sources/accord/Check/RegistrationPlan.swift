import AccordJSON

/// The order in which `accord register` registers subjects, and what each one references.
///
/// A subject's registry references are the other subjects whose `schema.json` its `$ref`s reach
/// directly, each named by the absolute URI the `$ref` resolves to (Confluent's convention:
/// the reference name is the URI under which the referenced schema is resolved).
struct RegistrationPlan: Sendable {
    struct Step: Sendable {
        var subject: SchemaCatalog.Subject
        /// The text to register: the schema, compact, with a `$id` when it has references and none.
        var schema: String
        /// Referenced subjects with the reference name.
        var references: [(name: String, subject: String)]
    }

    var steps: [Step]

    init(catalog: SchemaCatalog, only selected: Set<String> = []) throws(CheckError) {
        var documents: [String: JSONValue] = [:]
        var directReferences: [String: [(name: String, subject: String)]] = [:]
        for name in catalog.subjectNames {
            let subject = catalog.subjects[name]!
            guard case .success(let document) = subject.document else {
                if case .failure(let error) = subject.document {
                    throw CheckError("\(subject.path) is not valid JSON: \(error)", fix: "fix the file, then run accord check")
                }
                continue
            }
            documents[name] = document
            var references: [(name: String, subject: String)] = []
            for uri in ReferenceScanner.referencedURIs(in: document, baseURI: catalog.uri(ofPath: subject.path)).sorted() {
                guard let path = catalog.pathsByURI[uri], path != subject.path else { continue }
                guard let target = catalog.subject(atPath: path) else {
                    throw CheckError("\(subject.path) references \(path), which is not a subject's schema.json",
                                     fix: "move shared definitions into a subject of their own (e.g. \(path.split(separator: "/").first ?? "common")/schema.json) so the registry can store them")
                }
                references.append((uri, target.name))
            }
            directReferences[name] = references
        }
        // Depth-first topological order; dependencies of selected subjects come along.
        var order: [String] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ name: String, path: [String]) throws(CheckError) {
            if state[name] == 2 { return }
            if state[name] == 1 {
                throw CheckError("subjects reference each other in a cycle: \((path + [name]).joined(separator: " → "))",
                                 fix: "a registry cannot store cyclic references; merge the cycle into one subject")
            }
            state[name] = 1
            for reference in directReferences[name] ?? [] { try visit(reference.subject, path: path + [name]) }
            state[name] = 2
            order.append(name)
        }
        let roots = selected.isEmpty ? catalog.subjectNames : catalog.subjectNames.filter(selected.contains)
        for name in selected where catalog.subjects[name] == nil {
            throw CheckError("no subject \"\(name)\" in the schemas folder")
        }
        for name in roots { try visit(name, path: []) }
        steps = order.compactMap { name in
            guard let document = documents[name], let subject = catalog.subjects[name] else { return nil }
            let references = directReferences[name] ?? []
            var registered = document
            if !references.isEmpty, SchemaCatalog.topLevelID(of: document) == nil, case .object(var object) = document {
                object[ReferenceScanner.isDraft4(object) ? "id" : "$id"] = .string(catalog.uri(ofPath: subject.path))
                registered = .object(object)
            }
            return Step(subject: subject, schema: JSONWriter.compact(registered), references: references)
        }
    }
}
