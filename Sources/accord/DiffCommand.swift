import AccordCompatibility
import AccordJSON
import AccordSchema
import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `accord diff`: compare two JSON Schemas by meaning.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare an old and a new JSON Schema: located changes, a verdict and a witness instance.",
        discussion: """
            BACKWARD: every instance valid under OLD is valid under NEW (consumers on NEW read old data). \
            FORWARD: every instance valid under NEW is valid under OLD. FULL: both.
            Policy strict (default): an open object may already carry any undeclared member. lenient: producers \
            emit only declared members.

            Exit status: 0 compatible; 1 incompatible or not provable (with a witness when one was found); \
            2 a usage error, an invalid schema, an unresolvable $ref, or unreadable input.

            Example:
              accord diff Schemas/order.placed/v1.json Schemas/order.placed/v2.json --level full --output json
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum Level: String, ExpressibleByArgument, CaseIterable {
        case backward, forward, full

        var compatibilityLevel: CompatibilityLevel {
            switch self {
            case .backward: return .backward
            case .forward: return .forward
            case .full: return .full
            }
        }
    }

    enum Policy: String, ExpressibleByArgument, CaseIterable {
        case strict, lenient

        var compatibilityPolicy: CompatibilityPolicy { self == .strict ? .strict : .lenient }
    }

    @Argument(help: "The old (registered) schema file.")
    var old: String

    @Argument(help: "The new (proposed) schema file.")
    var new: String

    @Option(name: .long, help: "backward, forward or full.")
    var level: Level = .backward

    @Option(name: .long, help: "strict or lenient.")
    var policy: Policy = .strict

    @Option(name: .customLong("default-draft"), help: "Draft for a schema without $schema: 4, 6, 7, 2019-09 or 2020-12.")
    var defaultDraft: String = "2020-12"

    @Option(name: .customLong("resource-dir"), help: ArgumentHelp("Serve DIR's files under BASE_URI for $ref.", valueName: "BASE_URI=DIR"))
    var resourceDirectories: [String] = []

    @Option(name: .long, help: "Result format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        guard Draft(name: defaultDraft) != nil else {
            throw ValidationError("--default-draft must be one of 4, 6, 7, 2019-09, 2020-12 (got \"\(defaultDraft)\")")
        }
        for pair in resourceDirectories where !pair.contains("=") {
            throw ValidationError("expected BASE_URI=DIR, got \"\(pair)\"")
        }
    }

    func run() throws {
        var options = SchemaOptions(defaultDraft: Draft(name: defaultDraft)!)
        for pair in resourceDirectories {
            let i = pair.firstIndex(of: "=")!
            options.resources.addDirectory(String(pair[pair.index(after: i)...]), baseURI: String(pair[..<i]))
        }
        let oldPath = absolutePath(old)
        let newPath = absolutePath(new)
        // Sibling files of each schema are reachable by relative $ref (file: URIs, never the network).
        for path in Set([oldPath, newPath]) {
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            options.resources.addDirectory(directory, baseURI: "file://" + directory + "/")
        }
        let oldValue = try read(old)
        let newValue = try read(new)
        let report: CompatibilityReport
        do {
            report = try CompatibilityChecker(options: options).check(
                old: oldValue, oldBaseURI: "file://" + oldPath, new: newValue, newBaseURI: "file://" + newPath,
                level: level.compatibilityLevel, policy: policy.compatibilityPolicy)
        } catch {
            let file = error.schema == "old" ? old : new
            FileHandleOutput.standardError("accord: \(file) (\(error.schema) schema): \(error.underlying)")
            throw ExitCode(2)
        }
        switch output {
        case .json: print(jsonReport(report))
        case .text: print(textReport(report), terminator: "")
        }
        if !report.isCompatible { throw ExitCode(1) }
    }

    private func read(_ path: String) throws -> JSONValue {
        do {
            return try JSONParser().parseFile(atPath: path)
        } catch {
            FileHandleOutput.standardError("accord: \(error)")
            throw ExitCode(2)
        }
    }

    /// The `--output json` document.
    func jsonReport(_ report: CompatibilityReport) -> String {
        let changes: [JSONValue] = report.changes.map { c in
            .object(JSONObject([
                ("kind", .string(c.kind)), ("oldLocation", .string(c.oldLocation)), ("newLocation", .string(c.newLocation)),
                ("breaksBackward", .bool(c.breaksBackward)), ("breaksForward", .bool(c.breaksForward)), ("message", .string(c.message)),
            ]))
        }
        var members: [(String, JSONValue)] = [
            ("compatible", .bool(report.isCompatible)), ("level", .string(level.rawValue)), ("policy", .string(policy.rawValue)),
            ("changes", .array(changes)),
        ]
        if let w = report.witness {
            members.append(("witness", .object(JSONObject([
                ("instance", w.instance), ("validUnder", .string(w.validUnder.rawValue)), ("needsFormatAssertion", .bool(w.needsFormatAssertion)),
            ]))))
        } else {
            members.append(("witness", .null))
        }
        return JSONWriter.compact(.object(JSONObject(members)))
    }

    /// The `--output text` report: verdict, changes, witness.
    func textReport(_ report: CompatibilityReport) -> String {
        var text = report.isCompatible
            ? "compatible (\(level.rawValue), \(policy.rawValue))\n"
            : "incompatible (\(level.rawValue), \(policy.rawValue))\n"
        if report.changes.isEmpty { text += "no changes\n" }
        for c in report.changes {
            let breaks = [c.breaksBackward ? "backward" : nil, c.breaksForward ? "forward" : nil].compactMap { $0 }
            let flag = breaks.isEmpty ? "compatible" : "breaks " + breaks.joined(separator: "+")
            text += "  \(c.kind) [\(flag)] \(c.message)\n"
        }
        if let w = report.witness {
            let other = w.validUnder == .old ? "new" : "old"
            let formats = w.needsFormatAssertion ? " (with `format` asserted, as comparisons do; accord validate --assert-format)" : ""
            text += "witness (valid under \(w.validUnder.rawValue), rejected by \(other)\(formats)): \(JSONWriter.compact(w.instance))\n"
        }
        return text
    }

    private func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return cwd + "/" + path
    }
}
