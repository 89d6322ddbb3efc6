import AccordJSON
import AccordSchema
import AsyncHTTPClient
import Foundation
import NIOCore

/// The schema of each event type: `Schemas/<type>/schema.json` in the repository, or the latest
/// version of subject `<type>` in a Confluent-compatible registry.
public final class SchemaCatalog: Sendable {
    /// Where schemas come from.
    public enum Source: Sendable {
        case directory(String)
        case registry(String)
    }

    /// What is known about one type's schema.
    public enum Entry: Sendable {
        case schema(JSONSchema)
        case missing(String)
    }

    public let source: Source
    private let cache = LockedBox<[String: Entry]>([:])

    public init(source: Source) { self.source = source }

    /// Fetches (registry) or reads (directory) the schemas of these types ahead of use.
    /// A schema that is not valid JSON Schema is a bad input (exit 2).
    public func load(types: [String]) async throws(HarnessInputError) {
        for type in Set(types).sorted() where cache.value[type] == nil {
            let entry: Entry
            switch source {
            case .directory(let dir): entry = try Self.readDirectory(dir, type: type)
            case .registry(let url): entry = try await Self.fetch(url, type: type)
            }
            cache.withValue { $0[type] = entry }
        }
    }

    /// The entry for a type; types not loaded ahead are read from the directory now, or missing.
    public func entry(for type: String) -> Entry {
        if let e = cache.value[type] { return e }
        let entry: Entry
        switch source {
        case .directory(let dir): entry = (try? Self.readDirectory(dir, type: type)) ?? .missing("the schema of '\(type)' is invalid")
        case .registry(let url): entry = .missing("no schema fetched for subject '\(type)' from \(url)")
        }
        cache.withValue { $0[type] = entry }
        return entry
    }

    static func readDirectory(_ dir: String, type: String) throws(HarnessInputError) -> Entry {
        let path = dir + "/" + type + "/schema.json"
        guard FileManager.default.fileExists(atPath: path) else {
            return .missing("no schema for type '\(type)' (expected \(path))")
        }
        do {
            let value = try JSONParser().parseFile(atPath: path)
            var options = SchemaOptions()
            let folder = dir + "/" + type
            options.baseURI = "file://" + absolute(path)
            options.resources.addDirectory(folder, baseURI: "file://" + absolute(folder) + "/")
            return .schema(try JSONSchema(compiling: value, options: options))
        } catch let error as JSONParseError {
            throw HarnessInputError(file: path, line: error.line, column: error.column, message: "malformed schema: \(error.reason)")
        } catch {
            throw HarnessInputError(file: path, message: "invalid schema: \(error)")
        }
    }

    static func fetch(_ base: String, type: String) async throws(HarnessInputError) -> Entry {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        let subject = type.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? type
        let url = "\(trimmed)/subjects/\(subject)/versions/latest"
        let body: ByteBuffer
        let status: UInt
        do {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/vnd.schemaregistry.v1+json, application/json")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            status = response.status.code
            body = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw HarnessInputError(file: url, message: "cannot reach the schema registry: \(error)")
        }
        if status == 404 { return .missing("subject '\(type)' not found in registry \(trimmed)") }
        guard status == 200 else { throw HarnessInputError(file: url, message: "registry answered HTTP \(status)") }
        do {
            let answer = try JSONParser().parse(Array(body.readableBytesView), file: url)
            guard let text = answer["schema"]?.stringValue else {
                throw HarnessInputError(file: url, message: "registry answer has no 'schema' string")
            }
            if let kind = answer["schemaType"]?.stringValue, kind != "JSON" {
                return .missing("subject '\(type)' holds a \(kind) schema, not JSON Schema")
            }
            return .schema(try JSONSchema(compilingText: text, file: url))
        } catch let error as HarnessInputError {
            throw error
        } catch {
            throw HarnessInputError(file: url, message: "invalid schema from registry: \(error)")
        }
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// A value behind a lock, for the few places several tasks share a small mutable state.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    @discardableResult
    func withValue<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&stored)
    }
}
