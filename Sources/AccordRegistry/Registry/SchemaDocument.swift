import AccordJSON
import AccordSchema

/// A schema text parsed, optionally normalized, and identified.
struct SchemaDocument: Sendable {
    let value: JSONValue
    /// The text to store: compact, keys in the order given (sorted when normalized).
    let text: String
    let references: [SchemaReference]
    let fingerprint: String

    static let parser = JSONParser(options: JSONParseOptions(maxDepth: 256, maxDocumentBytes: 16 << 20))

    /// Parses `text` as a JSON Schema document (object or boolean root).
    init(text: String, references: [SchemaReference], normalize: Bool) throws(RegistryError) {
        let value: JSONValue
        do {
            value = try Self.parser.parse(text)
        } catch {
            throw .invalidSchema("Invalid schema of type JSON, details: the schema is not JSON: \(error)")
        }
        switch value {
        case .object, .bool: break
        default: throw .invalidSchema("Invalid schema of type JSON, details: the root of a JSON Schema must be an object or a boolean, not \(value.typeName)")
        }
        self.value = value
        let canonical = JSONWriter.canonical(value)
        self.text = normalize ? canonical : JSONWriter.compact(value)
        let refs = normalize ? Array(Set(references)).sorted { ($0.name, $0.subject, $0.version) < ($1.name, $1.subject, $1.version) } : references
        self.references = refs
        self.fingerprint = SchemaFingerprint.of(canonicalText: canonical, references: refs)
    }

    /// Parses stored text (already validated when it was registered).
    static func parseStored(_ text: String) throws(RegistryError) -> JSONValue {
        do {
            return try parser.parse(text)
        } catch {
            throw .store("stored schema is not JSON: \(error)")
        }
    }
}

/// Builds compile options for a schema whose references are resolved from the store.
enum ReferenceResolver {
    /// The options to compile `root` with: Confluent's default draft (7) and every referenced
    /// document, transitively, under its reference name (also resolved against the root's
    /// base URI and `$id`). Never the network.
    static func options(
        for roots: [(value: JSONValue, references: [SchemaReference])],
        in transaction: any SchemaStoreTransaction
    ) async throws -> SchemaOptions {
        var options = unreferencedOptions
        var resources = options.resources
        var visited = Set<String>()
        for root in roots {
            let bases = baseURIs(of: root.value, defaultBase: options.baseURI)
            var pending = root.references.map { ($0, 0) }
            while let (reference, depth) = pending.popLast() {
                guard depth < 64 else {
                    throw RegistryError.invalidSchema("Invalid schema of type JSON, details: references nest deeper than 64 levels at '\(reference.name)'")
                }
                let key = "\(reference.name)\u{0}\(reference.subject)\u{0}\(reference.version)"
                guard visited.insert(key).inserted else { continue }
                guard let version = try await transaction.version(subject: reference.subject, version: reference.version),
                      let stored = try await transaction.schema(id: version.schemaID)
                else {
                    throw RegistryError.invalidSchema("No schema reference found for subject \"\(reference.subject)\" and version \(reference.version)")
                }
                let document = try SchemaDocument.parseStored(stored.text)
                for uri in uris(for: reference.name, bases: bases) { resources.add(document, uri: uri) }
                pending.append(contentsOf: stored.references.map { ($0, depth + 1) })
            }
        }
        options.resources = resources
        return options
    }

    /// The options for a schema without references: nothing to read from the store.
    static let unreferencedOptions: SchemaOptions = {
        var options = SchemaOptions(defaultDraft: .draft7)
        options.resources.parseOptions = SchemaDocument.parser.options
        return options
    }()

    private static func baseURIs(of root: JSONValue, defaultBase: String) -> [String] {
        var bases = [defaultBase, "mem://input"]
        if let id = root["$id"]?.stringValue ?? root["id"]?.stringValue, id.contains("://") {
            bases.append(id)
        }
        return bases
    }

    /// The index just after `://` in `uri`, if any.
    private static func schemeSeparatorEnd(_ uri: String) -> String.Index? {
        let chars = Array(uri.utf8)
        guard chars.count >= 3 else { return nil }
        for i in 0...(chars.count - 3) where chars[i] == UInt8(ascii: ":") && chars[i + 1] == UInt8(ascii: "/") && chars[i + 2] == UInt8(ascii: "/") {
            return uri.utf8.index(uri.utf8.startIndex, offsetBy: i + 3)
        }
        return nil
    }

    /// `name` as given, and resolved against each base (directory of the base + name).
    static func uris(for name: String, bases: [String]) -> [String] {
        var result = [name]
        guard !name.contains("://") else { return result }
        var relative = name
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        for base in bases {
            let withoutFragment = String(base.prefix { $0 != "#" })
            guard let schemeEnd = schemeSeparatorEnd(withoutFragment) else { continue }
            let afterScheme = withoutFragment[schemeEnd...]
            if relative.hasPrefix("/") {
                let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
                result.append(String(withoutFragment[..<authorityEnd]) + relative)
            } else if let slash = afterScheme.lastIndex(of: "/") {
                result.append(String(withoutFragment[...slash]) + relative)
            } else {
                result.append(withoutFragment + "/" + relative)
            }
        }
        return Array(Set(result)).sorted()
    }
}
