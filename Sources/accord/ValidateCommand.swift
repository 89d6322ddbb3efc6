import AccordJSON
import AccordSchema
import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `accord validate`: validate JSON instances against a JSON Schema.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON instances against a JSON Schema.",
        discussion: """
            Instances come from the files named (a .ndjson file is a stream, one instance per line) or, \
            with '-' or no file, from NDJSON on stdin. One result per instance, in input order.

            Exit status: 0 every instance is valid; 1 an instance is invalid; 2 a usage error, an invalid \
            schema, or unreadable input (with a located message on stderr).

            Example:
              accord validate --schema Schemas/order.placed/schema.json events.ndjson --output basic
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, flag, basic
    }

    @Option(name: .long, help: "The schema file.")
    var schema: String

    @Option(name: .customLong("default-draft"), help: "Draft for a schema without $schema: 4, 6, 7, 2019-09 or 2020-12.")
    var defaultDraft: String = "2020-12"

    @Flag(name: .customLong("assert-format"), help: "Treat 'format' as an assertion rather than an annotation.")
    var assertFormat = false

    @Option(name: .customLong("resource-dir"), help: ArgumentHelp("Serve DIR's files under BASE_URI for $ref.", valueName: "BASE_URI=DIR"))
    var resourceDirectories: [String] = []

    @Option(name: .customLong("resource"), help: ArgumentHelp("Make FILE available as URI for $ref.", valueName: "URI=FILE"))
    var resources: [String] = []

    @Option(name: .long, help: "Result format: text, flag or basic (one JSON object per line).")
    var output: OutputFormat = .text

    @Option(name: .long, help: "Parser for NDJSON streams: simdjson (fast; any line it cannot read exactly as jansson does is read by jansson) or jansson.")
    var parser: JSONParserBackend = .simdjson

    @Option(name: .long, help: "Threads validating an NDJSON stream; output stays in input order.")
    var jobs: Int = 1

    @Argument(help: "Instance files (.ndjson: one instance per line); '-' or none reads NDJSON from stdin.")
    var instances: [String] = []

    func validate() throws {
        guard Draft(name: defaultDraft) != nil else {
            throw ValidationError("--default-draft must be one of 4, 6, 7, 2019-09, 2020-12 (got \"\(defaultDraft)\")")
        }
        guard (1...1024).contains(jobs) else {
            throw ValidationError("--jobs must be between 1 and 1024 (got \(jobs))")
        }
        for pair in resourceDirectories + resources where !pair.contains("=") {
            throw ValidationError("expected URI=PATH, got \"\(pair)\"")
        }
    }

    func run() throws {
        let compiled = try loadSchema()
        var printer = ResultPrinter(format: output)
        var exitStatus: Int32 = 0
        let sources = instances.isEmpty ? ["-"] : instances
        let streams = StreamValidator(schema: compiled, format: output, backend: parser, jobs: jobs)
        for source in sources {
            if InstanceSource(path: source).isStream {
                exitStatus = max(exitStatus, streams.run(path: source, printer: &printer))
                continue
            }
            let status = InstanceSource(path: source).forEachInstance { instance in
                switch instance {
                case .document(let name, let tape):
                    let valid = printer.format == .flag ? compiled.isValid(tape) : nil
                    let result = valid.map { ValidationResult(isValid: $0, errors: []) } ?? compiled.validate(tape)
                    printer.print(result, name: name)
                    return result.isValid ? 0 : 1
                case .unreadable(let name, let message):
                    FileHandleOutput.standardError("accord: \(message)")
                    printer.printUnreadable(name: name, message: message)
                    return 2
                }
            }
            exitStatus = max(exitStatus, status)
        }
        printer.finish()
        if exitStatus != 0 { throw ExitCode(exitStatus) }
    }

    private func loadSchema() throws -> JSONSchema {
        var options = SchemaOptions(defaultDraft: Draft(name: defaultDraft)!, assertFormat: assertFormat)
        let absolute = absolutePath(schema)
        options.baseURI = "file://" + absolute
        let directory = absolute.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        for pair in resourceDirectories {
            let (uri, dir) = split(pair)
            options.resources.addDirectory(dir, baseURI: uri)
        }
        do {
            for pair in resources {
                let (uri, file) = split(pair)
                options.resources.add(try JSONParser().parseFile(atPath: file), uri: uri)
            }
            // Sibling files of the schema are reachable by relative $ref (file: URIs, never the network).
            options.resources.addDirectory(directory, baseURI: "file://" + directory + "/")
            let value = try JSONParser().parseFile(atPath: schema)
            return try JSONSchema(compiling: value, options: options)
        } catch let error as JSONParseError {
            FileHandleOutput.standardError("accord: \(error)")
            throw ExitCode(2)
        } catch let error as SchemaError {
            FileHandleOutput.standardError("accord: \(schema): \(error)")
            throw ExitCode(2)
        }
    }

    private func split(_ pair: String) -> (String, String) {
        let i = pair.firstIndex(of: "=")!
        return (String(pair[..<i]), String(pair[pair.index(after: i)...]))
    }

    private func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return cwd + "/" + path
    }
}

extension JSONParserBackend: ExpressibleByArgument {}
