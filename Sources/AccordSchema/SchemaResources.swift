import AccordJSON

/// The documents a schema's `$ref`s may reach, filled by the caller.
///
/// Nothing is ever fetched over the network: a URI resolves to a document added here, to a file
/// under a directory mapped to a base URI, or to a bundled meta-schema; anything else is a compile
/// error naming the URI.
public struct SchemaResources: Sendable {
    private var documents: [String: JSONValue] = [:]
    private var directories: [(baseURI: String, path: String)] = []
    public var parseOptions: JSONParseOptions = .default

    public init() {}

    /// Makes `document` available under `uri` (a fragment, if any, is ignored).
    public mutating func add(_ document: JSONValue, uri: String) {
        documents[URIs.withoutFragment(uri)] = document
    }

    /// Serves the files of `directory` under `baseURI`: `baseURI + "a/b.json"` reads `directory/a/b.json`.
    public mutating func addDirectory(_ directory: String, baseURI: String) {
        directories.append((baseURI.hasSuffix("/") ? baseURI : baseURI + "/", directory))
    }

    /// The document for an absolute URI without fragment, or nil when none is known.
    package func document(for uri: String) throws(SchemaError) -> JSONValue? {
        if let doc = documents[uri] { return doc }
        for (base, directory) in directories where uri.hasPrefix(base) {
            let relative = String(uri.dropFirst(base.count))
            if relative.isEmpty || relative.split(separator: "/").contains("..") { continue }
            let path = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            do {
                return try JSONParser(options: parseOptions).parseFile(atPath: path)
            } catch {
                if error.kind == .unreadable { continue }
                throw SchemaError(kind: .invalidJSON, location: uri, message: "referenced document is not JSON: \(error)", parseError: error)
            }
        }
        return nil
    }
}
