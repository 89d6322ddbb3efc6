import Foundation

/// The files of a `Schemas/` folder at one point in time: the working tree or a git revision.
///
/// Paths are relative to the folder (`order.placed/schema.json`). Only the files Accord reads are
/// kept: `*.json`, `*.yaml` and `*.yml`.
struct SchemaSnapshot: Sendable {
    /// Contents by path relative to the `Schemas/` folder.
    var files: [String: [UInt8]]
    /// Where the snapshot came from, for messages: `working tree`, `git:origin/main (3f2a9c1)`.
    var origin: String

    static func isRelevant(_ path: String) -> Bool {
        path.hasSuffix(".json") || path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }

    /// Reads the folder on disk.
    static func workingTree(at directory: String) throws(CheckError) -> SchemaSnapshot {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CheckError("schemas folder \"\(directory)\" does not exist",
                             fix: "pass --schemas with the folder that holds one sub-folder per subject")
        }
        var files: [String: [UInt8]] = [:]
        guard let enumerator = manager.enumerator(atPath: directory) else {
            throw CheckError("cannot list the schemas folder \"\(directory)\"")
        }
        while let relative = enumerator.nextObject() as? String {
            guard isRelevant(relative) else { continue }
            let path = directory + "/" + relative
            var entryIsDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue else { continue }
            guard let data = manager.contents(atPath: path) else {
                throw CheckError("cannot read \(path)", fix: "check the file's permissions")
            }
            files[relative] = [UInt8](data)
        }
        return SchemaSnapshot(files: files, origin: "working tree")
    }
}
