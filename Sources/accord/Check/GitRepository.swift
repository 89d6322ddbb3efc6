import Foundation

/// The git repository holding a `Schemas/` folder, read with the `git` executable
/// (`rev-parse`, `merge-base`, `ls-tree`, `cat-file --batch`, `log`). Never writes.
struct GitRepository: Sendable {
    /// Absolute path of the work tree's top level.
    var root: String
    /// The schemas folder relative to `root`, with a trailing slash (`Schemas/`), or empty.
    var schemasPrefix: String

    /// Finds the repository containing `schemasDirectory`.
    static func discover(schemasDirectory: String) throws(CheckError) -> GitRepository {
        let absolute = URL(fileURLWithPath: schemasDirectory).standardizedFileURL.path
        let result = try GitProcess.run(["rev-parse", "--show-toplevel", "--show-prefix"], in: absolute)
        guard result.status == 0 else {
            throw CheckError("\(schemasDirectory) is not inside a git repository: \(result.errorText)",
                             fix: "run accord check in a git checkout, or use --against registry:URL")
        }
        let lines = String(decoding: result.output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let rootLine = lines.first, !rootLine.isEmpty else { throw CheckError("git rev-parse returned no top level") }
        let prefix = lines.count > 1 ? String(lines[1]) : ""
        return GitRepository(root: String(rootLine), schemasPrefix: prefix)
    }

    /// The commit a revision names (`origin/main`, `HEAD~1`, a tag, a hash).
    func commit(of revision: String) throws(CheckError) -> String {
        let result = try GitProcess.run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], in: root)
        guard result.status == 0, let hash = String(decoding: result.output, as: UTF8.self).split(separator: "\n").first else {
            throw CheckError("cannot read git revision \"\(revision)\": it names no commit in \(root)",
                             fix: "fetch it first (e.g. `git fetch origin main`, or actions/checkout with fetch-depth: 0) or pass another --against git:REF")
        }
        return String(hash)
    }

    /// The default base: the merge base of HEAD with `origin/main` (HEAD's parent when HEAD is
    /// already on `origin/main`), else `HEAD~1`.
    func defaultBase() throws(CheckError) -> (revision: String, commit: String) {
        if let main = try? commit(of: "origin/main") {
            let result = try GitProcess.run(["merge-base", "HEAD", main], in: root)
            if result.status == 0, let line = String(decoding: result.output, as: UTF8.self).split(separator: "\n").first {
                let base = String(line)
                if let head = try? commit(of: "HEAD"), head == base, let parent = try? commit(of: "HEAD~1") {
                    return ("HEAD~1", parent)
                }
                return ("merge-base(HEAD, origin/main)", base)
            }
        }
        guard let parent = try? commit(of: "HEAD~1") else {
            throw CheckError("no base to compare with: there is no origin/main and HEAD has no parent",
                             fix: "pass --against git:REF or --against registry:URL")
        }
        return ("HEAD~1", parent)
    }

    /// The schemas folder's files at `commit`.
    func snapshot(at commit: String, label: String) throws(CheckError) -> SchemaSnapshot {
        let listing = try GitProcess.run(["ls-tree", "-r", "-z", "--full-tree", commit, "--", schemasPrefix.isEmpty ? "." : schemasPrefix], in: root)
        guard listing.status == 0 else {
            throw CheckError("cannot list \(schemasPrefix) at \(label): \(listing.errorText)")
        }
        var paths: [(object: String, relative: String)] = []
        for entry in listing.output.split(separator: 0) {
            // "<mode> <type> <object>\t<path>"
            guard let tab = entry.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let header = entry[..<tab].split(separator: UInt8(ascii: " "))
            guard header.count == 3, String(decoding: header[1], as: UTF8.self) == "blob" else { continue }
            let path = String(decoding: entry[entry.index(after: tab)...], as: UTF8.self)
            guard path.hasPrefix(schemasPrefix) else { continue }
            let relative = String(path.dropFirst(schemasPrefix.count))
            guard SchemaSnapshot.isRelevant(relative) else { continue }
            paths.append((String(decoding: header[2], as: UTF8.self), relative))
        }
        let contents = try readObjects(paths.map(\.object))
        var files: [String: [UInt8]] = [:]
        for (index, entry) in paths.enumerated() {
            if let bytes = contents[index] { files[entry.relative] = bytes }
        }
        return SchemaSnapshot(files: files, origin: label)
    }

    /// The distinct contents a file had in the history of `commit`, oldest first, each with the
    /// (abbreviated) commit that introduced it. Follows the path only (no rename detection).
    func history(ofSchemasPath relative: String, upTo commit: String) throws(CheckError) -> [(commit: String, bytes: [UInt8])] {
        let path = schemasPrefix + relative
        let log = try GitProcess.run(["log", "--format=%H", commit, "--", path], in: root)
        guard log.status == 0 else { throw CheckError("cannot read the history of \(path): \(log.errorText)") }
        let commits = String(decoding: log.output, as: UTF8.self).split(separator: "\n").map(String.init).reversed()
        let contents = try readObjects(commits.map { "\($0):\(path)" })
        var versions: [(commit: String, bytes: [UInt8])] = []
        for (index, hash) in commits.enumerated() {
            guard let bytes = contents[index] else { continue }
            if versions.last?.bytes == bytes { continue }
            versions.append((String(hash.prefix(12)), bytes))
        }
        return versions
    }

    /// Reads objects (`<hash>` or `<rev>:<path>`) with one `git cat-file --batch`; nil for missing ones.
    private func readObjects(_ names: [String]) throws(CheckError) -> [[UInt8]?] {
        guard !names.isEmpty else { return [] }
        let input = Array((names.joined(separator: "\n") + "\n").utf8)
        let result = try GitProcess.run(["cat-file", "--batch"], in: root, input: input)
        guard result.status == 0 else { throw CheckError("git cat-file failed: \(result.errorText)") }
        var objects: [[UInt8]?] = []
        let output = result.output
        var position = 0
        while objects.count < names.count, position < output.count {
            guard let newline = output[position...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: output[position..<newline], as: UTF8.self)
            position = newline + 1
            let fields = header.split(separator: " ")
            if fields.last == "missing" || fields.last == "ambiguous" || fields.count < 3 {
                objects.append(nil)
                continue
            }
            guard let size = Int(fields[2]), position + size <= output.count else {
                throw CheckError("unexpected output from git cat-file: \(header)")
            }
            objects.append(fields[1] == "blob" ? Array(output[position..<position + size]) : nil)
            position += size + 1
        }
        while objects.count < names.count { objects.append(nil) }
        return objects
    }
}

/// Runs `git` and collects its output.
enum GitProcess {
    struct Result {
        var status: Int32
        var output: [UInt8]
        var errorBytes: [UInt8]
        var errorText: String {
            String(decoding: errorBytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    static func run(_ arguments: [String], in directory: String, input: [UInt8]? = nil) throws(CheckError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do {
            try process.run()
        } catch {
            throw CheckError("cannot run git: \(error.localizedDescription)", fix: "install git and make sure it is on PATH")
        }
        let errorCollector = PipeCollector(stderr.fileHandleForReading)
        if let input {
            let writer = stdin.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(Data(input))
                try? writer.close()
            }
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: [UInt8](output), errorBytes: errorCollector.finish())
    }
}

/// Drains a pipe on its own thread so a chatty child cannot block on a full pipe.
final class PipeCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> [UInt8] {
        done.wait()
        return [UInt8](data)
    }
}
