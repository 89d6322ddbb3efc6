import Foundation
import PackagePlugin

/// `swift package accord-check [accord check options]`: runs `accord check` on the package's
/// `Schemas/` folder (or the one named with `--schemas`), from the package's directory, so the
/// default `--against` (merge base with origin/main, else HEAD~1) uses the package's git
/// repository. Every option of `accord check` passes through, e.g.
/// `swift package accord-check --against registry:http://localhost:8081 --output github`.
@main
struct AccordCheckPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let accord = try context.tool(named: "accord")
        let packageDirectory = context.package.directoryURL
        var checkArguments = ["check"]
        if !arguments.contains(where: { $0 == "--schemas" || $0.hasPrefix("--schemas=") }) {
            let schemas = packageDirectory.appending(path: "Schemas")
            guard FileManager.default.fileExists(atPath: schemas.path) else {
                throw AccordCheckPluginError.noSchemasFolder(schemas.path)
            }
            checkArguments += ["--schemas", "Schemas"]
        }
        checkArguments += arguments

        let process = Process()
        process.executableURL = accord.url
        process.arguments = checkArguments
        process.currentDirectoryURL = packageDirectory
        try process.run()
        process.waitUntilExit()

        switch process.terminationStatus {
        case 0:
            return
        case 1:
            throw AccordCheckPluginError.breakingChanges
        default:
            throw AccordCheckPluginError.checkFailed(status: process.terminationStatus)
        }
    }
}

enum AccordCheckPluginError: Error, CustomStringConvertible {
    case noSchemasFolder(String)
    case breakingChanges
    case checkFailed(status: Int32)

    var description: String {
        switch self {
        case .noSchemasFolder(let path):
            "no Schemas folder at \(path); create one (Schemas/<subject>/schema.json) or pass --schemas PATH"
        case .breakingChanges:
            "accord check found breaking schema changes (see above); fix them or acknowledge them in Schemas/accord-acknowledged.yaml"
        case .checkFailed(let status):
            "accord check failed with exit status \(status) (an invalid schema, an unreadable git revision or an unreachable registry; see above)"
        }
    }
}
