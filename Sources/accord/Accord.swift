import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `accord` command: event-contract tooling for event-driven systems.
struct Accord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Keep event-driven systems honest about their event contracts.",
        discussion: """
            Exit codes: 0 success, 1 a check failed (an invalid instance, a breaking change), \
            2 a usage error, an invalid schema, or unreadable input.
            """,
        subcommands: [ValidateCommand.self, DiffCommand.self, ServeCommand.self, CheckCommand.self, RegisterCommand.self, TestCommand.self]
    )
}

@main
enum AccordMain {
    static func main() async {
        do {
            var command = try Accord.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            // swift-argument-parser uses 64 for usage errors; Accord's contract is 2.
            if Accord.exitCode(for: error) == .success {
                print(Accord.fullMessage(for: error))
                exit(0)
            }
            FileHandleOutput.standardError(Accord.fullMessage(for: error))
            exit(2)
        }
    }
}

/// Writes to stdout/stderr without Foundation.
enum FileHandleOutput {
    static func standardError(_ text: String) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        let bytes = Array(line.utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
