// A real PostgreSQL server for tests. Shared by several test targets (symlinked), so it depends on
// Foundation and Swift Testing only.
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway PostgreSQL server: its own data directory under the temporary directory, its own
/// free loopback port, its own Unix-socket directory, password (SCRAM) authentication.
///
/// ```swift
/// @Suite(.postgresServer) struct StoreTests {
///     @Test func works() async throws {
///         let url = try await PostgresTestServer.current().createDatabase()
///         // "postgres://accord:…@127.0.0.1:PORT/accord_test_N"
///     }
/// }
/// ```
///
/// The server runs as an unprivileged user: the current one, or the `postgres` account (else
/// `nobody`) when the tests run as root, since PostgreSQL refuses to run as root. It is started
/// under a small shell that stops it as soon as the test process goes away, even if the test
/// process is killed, so a crashed run leaves no server behind. Every step has a deadline and
/// fails with the server's log rather than hanging.
///
/// Binaries are found through `ACCORD_POSTGRES_BIN` (a directory holding `initdb` and `postgres`),
/// then `/usr/lib/postgresql/<highest version>/bin` (Debian, Ubuntu), then common install
/// prefixes and `PATH`.
final class PostgresTestServer: Sendable {
    /// The server answers on this loopback address and ``port``.
    let host = "127.0.0.1"
    let port: Int
    /// The superuser and its password.
    let user = "accord"
    let password: String
    /// The PostgreSQL `bin` directory in use.
    let binaries: URL
    /// The temporary directory holding the data directory, the socket and the log.
    let root: URL
    private let runner: UnprivilegedRunner
    private let supervisor: SupervisedProcess

    /// The server of the enclosing `.postgresServer` scope.
    @TaskLocal static var scoped: PostgresTestServer?

    /// The server of the enclosing `.postgresServer` scope, else the one shared by the whole
    /// test run (started on first use; it stops and its directory goes when the test process
    /// exits, however it exits).
    static func current() async throws -> PostgresTestServer {
        if let scoped { return scoped }
        return try await SharedPostgresTestServer.instance.server()
    }

    private init(port: Int, password: String, binaries: URL, root: URL, runner: UnprivilegedRunner, supervisor: SupervisedProcess) {
        self.port = port
        self.password = password
        self.binaries = binaries
        self.root = root
        self.runner = runner
        self.supervisor = supervisor
    }

    /// Connection URL of `database` as the superuser.
    func url(database: String) -> String {
        "postgres://\(user):\(password)@\(host):\(port)/\(database)"
    }

    /// Creates a new, empty database and returns its connection URL.
    func createDatabase(named name: String? = nil) async throws -> String {
        let database = name ?? "accord_test_\(DatabaseCounter.next())"
        try await runClient("createdb", ["--host", host, "--port", String(port), "--username", user, database])
        return url(database: database)
    }

    /// Runs SQL through `psql` (for fixtures and assertions that need no driver) and returns its
    /// unaligned, tuples-only output.
    @discardableResult
    func psql(_ sql: String, database: String) async throws -> String {
        try await runClient("psql", [
            "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set", "ON_ERROR_STOP=1",
            "--host", host, "--port", String(port), "--username", user, "--dbname", database, "--command", sql,
        ])
    }

    @discardableResult
    private func runClient(_ tool: String, _ arguments: [String]) async throws -> String {
        let result = try await ProcessRunner.run(
            binaries.appendingPathComponent(tool), arguments,
            environment: ["PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"], timeout: .seconds(60))
        guard result.status == 0 else {
            throw PostgresTestServerError(step: tool, message: "exited with \(result.status): \(result.output)", fix: "see the server log at \(logFile.path)")
        }
        return result.output
    }

    var logFile: URL { root.appendingPathComponent("postgres.log") }

    // MARK: Start and stop

    /// Initializes a data directory and starts a server on a free port, retrying from scratch
    /// if the port picked was taken in between.
    static func start() async throws -> PostgresTestServer {
        var attempt = 1
        while true {
            do {
                return try await startOnce()
            } catch let error as PostgresTestServerError where error.portTaken && attempt < 3 {
                attempt += 1
            }
        }
    }

    private static func startOnce() async throws -> PostgresTestServer {
        let binaries = try PostgresBinaries.locate()
        let runner = try UnprivilegedRunner.forCurrentProcess()
        let root = try makeTemporaryRoot(owner: runner)
        let supervisor: SupervisedProcess
        let server: PostgresTestServer
        do {
            let password = randomPassword()
            try await initializeCluster(binaries: binaries, root: root, password: password, runner: runner)
            let port = try FreePort.pick()
            supervisor = try launchServer(binaries: binaries, root: root, port: port, runner: runner)
            server = PostgresTestServer(port: port, password: password, binaries: binaries, root: root, runner: runner, supervisor: supervisor)
        } catch {
            try? FileManager.default.removeItem(at: root)
            throw error
        }
        do {
            try await server.waitUntilReady()
            return server
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops the server (fast shutdown; killed if it does not stop in time) and removes its
    /// directory.
    func stop() async {
        await supervisor.stop(timeout: .seconds(30))
        if let pid = Self.postmasterPID(root: root) {
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(at: root)
    }

    private static func postmasterPID(root: URL) -> pid_t? {
        let file = root.appendingPathComponent("data/postmaster.pid")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
              let first = text.split(separator: "\n").first, let pid = pid_t(first) else { return nil }
        return kill(pid, 0) == 0 ? pid : nil
    }

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let probe = try await ProcessRunner.run(
                binaries.appendingPathComponent("pg_isready"),
                ["--host", host, "--port", String(port), "--username", user, "--timeout", "2"],
                environment: [:], timeout: .seconds(10))
            if probe.status == 0 { return }
            if !supervisor.isRunning {
                let log = tailOfLog()
                let portTaken = log.contains("could not bind") || log.contains("could not create any TCP/IP sockets")
                throw PostgresTestServerError(step: "postgres", message: "the server exited during start-up:\n\(log)", fix: portTaken ? "retried on another port" : "read the log above", portTaken: portTaken)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw PostgresTestServerError(step: "postgres", message: "not ready after 60 s:\n\(tailOfLog())", fix: "read the log above")
    }

    func tailOfLog() -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log)"
        return String(text.suffix(4000))
    }

    private static func makeTemporaryRoot(owner runner: UnprivilegedRunner) throws -> URL {
        // As root the server's account must be able to reach the directory: use /tmp, not a
        // private TMPDIR.
        let base = geteuid() == 0 ? "/tmp" : FileManager.default.temporaryDirectory.path
        var template = Array((base + "/accord-pg-XXXXXX").utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let made else {
            throw PostgresTestServerError(step: "mkdtemp", message: String(cString: strerror(errno)), fix: "check the temporary directory is writable")
        }
        let root = URL(fileURLWithPath: made)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("socket"), withIntermediateDirectories: false)
        try runner.handOver(root)
        try runner.handOver(root.appendingPathComponent("socket"))
        return root
    }

    private static func initializeCluster(binaries: URL, root: URL, password: String, runner: UnprivilegedRunner) async throws {
        let passwordFile = root.appendingPathComponent("pwfile")
        try Data((password + "\n").utf8).write(to: passwordFile)
        try runner.handOver(passwordFile)
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        let (executable, arguments) = runner.command(binaries.appendingPathComponent("initdb"), [
            "--pgdata", root.appendingPathComponent("data").path, "--username", "accord",
            "--pwfile", passwordFile.path, "--auth", "scram-sha-256",
            "--encoding", "UTF8", "--locale", "C", "--no-sync",
        ])
        let result = try await ProcessRunner.run(executable, arguments, environment: [:], timeout: .seconds(120))
        guard result.status == 0 else {
            throw PostgresTestServerError(step: "initdb", message: "exited with \(result.status): \(result.output)", fix: "check \(binaries.path) holds a working PostgreSQL")
        }
    }

    /// Starts the server with `pg_ctl` (so it is nobody's child to reap) under a shell that
    /// then waits on the standard input we hold. When that closes (on ``stop()``, or when this
    /// process dies, however it dies) the shell stops the server (fast shutdown) and removes the
    /// directory. If the server cannot start, the shell exits at once and leaves the directory
    /// (and log) for the error report. Nothing relies on SIGCHLD, which a spawning thread may
    /// have blocked.
    private static func launchServer(binaries: URL, root: URL, port: Int, runner: UnprivilegedRunner) throws -> SupervisedProcess {
        let options = [
            "-p", String(port),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=\(root.appendingPathComponent("socket").path)",
            "-c", "max_connections=300",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        ].joined(separator: " ")
        let pgctl = shellQuoted(binaries.appendingPathComponent("pg_ctl").path)
        let data = shellQuoted(root.appendingPathComponent("data").path)
        let script = """
            \(pgctl) --pgdata \(data) --options \(shellQuoted(options)) --wait --timeout 60 --silent start </dev/null || exit 1
            cat >/dev/null
            \(pgctl) --pgdata \(data) --mode fast --wait --timeout 30 --silent stop
            rm -rf \(shellQuoted(root.path))
            """
        let (executable, arguments) = runner.command(URL(fileURLWithPath: "/bin/sh"), ["-c", script])
        return try SupervisedProcess.launch(executable, arguments, log: root.appendingPathComponent("postgres.log"))
    }

    private static func randomPassword() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<24).map { _ in alphabet.randomElement()! })
    }
}

/// Why the PostgreSQL test server could not do what a test asked.
struct PostgresTestServerError: Error, CustomStringConvertible {
    var step: String
    var message: String
    var fix: String
    var portTaken = false
    var description: String { "PostgreSQL test server, \(step): \(message) (\(fix))" }
}

/// Runs the enclosing suite (or test) with a fresh PostgreSQL server, stopped afterwards.
struct PostgresServerTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try await PostgresTestServer.start()
        do {
            try await PostgresTestServer.$scoped.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == PostgresServerTrait {
    /// A real PostgreSQL server for the suite: ``PostgresTestServer/current()``.
    static var postgresServer: Self { PostgresServerTrait() }
}

/// The server shared by tests outside a `.postgresServer` scope: started once, on first use.
/// A failed start is remembered, so every later test fails at once with the same reason.
actor SharedPostgresTestServer {
    static let instance = SharedPostgresTestServer()
    private var starting: Task<PostgresTestServer, any Error>?

    func server() async throws -> PostgresTestServer {
        if let starting { return try await starting.value }
        let task = Task { try await PostgresTestServer.start() }
        starting = task
        return try await task.value
    }
}

enum DatabaseCounter {
    private static let counter = Mutex(0)
    static func next() -> Int { counter.withLock { $0 += 1; return $0 } }
}

// MARK: - Binaries

enum PostgresBinaries {
    static func locate() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [URL] = []
        if let explicit = environment["ACCORD_POSTGRES_BIN"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        candidates += debianVersionDirectories()
        candidates += ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin", "/usr/pgsql/bin"].map { URL(fileURLWithPath: $0) }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        let fileManager = FileManager.default
        for directory in candidates where ["initdb", "postgres", "pg_isready", "createdb", "psql"].allSatisfy({
            fileManager.isExecutableFile(atPath: directory.appendingPathComponent($0).path)
        }) {
            return directory
        }
        throw PostgresTestServerError(
            step: "locate binaries",
            message: "no directory with initdb, postgres, pg_isready, createdb and psql among \(candidates.map(\.path))",
            fix: "run `make deps` (installs Debian's postgresql) or set ACCORD_POSTGRES_BIN")
    }

    /// `/usr/lib/postgresql/N/bin`, highest N first.
    private static func debianVersionDirectories() -> [URL] {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .compactMap { name in Double(name).map { (name, $0) } }
            .sorted { $0.1 > $1.1 }
        return versions.map { URL(fileURLWithPath: "\(base)/\($0.0)/bin") }
    }
}

// MARK: - Running as an unprivileged user

/// Runs commands as the current user, or as an unprivileged account when the process is root.
struct UnprivilegedRunner: Sendable {
    /// nil: run directly as the current user.
    let account: (name: String, uid: uid_t, gid: gid_t)?
    let switcher: URL?

    static func forCurrentProcess() throws -> UnprivilegedRunner {
        guard geteuid() == 0 else { return UnprivilegedRunner(account: nil, switcher: nil) }
        for name in ["postgres", "nobody"] {
            guard let entry = getpwnam(name) else { continue }
            let account = (name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
            for path in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/usr/bin/setpriv"]
            where FileManager.default.isExecutableFile(atPath: path) {
                return UnprivilegedRunner(account: account, switcher: URL(fileURLWithPath: path))
            }
            throw PostgresTestServerError(step: "drop privileges", message: "running as root and neither runuser nor setpriv is installed", fix: "install util-linux or run the tests as a normal user")
        }
        throw PostgresTestServerError(step: "drop privileges", message: "running as root and there is no postgres or nobody account", fix: "install Debian's postgresql package (creates the postgres account) or run the tests as a normal user")
    }

    /// Gives `url` to the account the server runs as.
    func handOver(_ url: URL) throws {
        guard let account else { return }
        guard chown(url.path, account.uid, account.gid) == 0 else {
            throw PostgresTestServerError(step: "chown \(url.path)", message: String(cString: strerror(errno)), fix: "run from a file system that supports ownership")
        }
    }

    /// The executable and arguments that run `executable arguments` as the account.
    func command(_ executable: URL, _ arguments: [String]) -> (URL, [String]) {
        guard let account, let switcher else { return (executable, arguments) }
        if switcher.lastPathComponent == "setpriv" {
            return (switcher, ["--reuid", String(account.uid), "--regid", String(account.gid), "--clear-groups", "--", executable.path] + arguments)
        }
        return (switcher, ["-u", account.name, "--", executable.path] + arguments)
    }
}

func shellQuoted(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

// MARK: - Processes

enum FreePort {
    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func pick() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw PostgresTestServerError(step: "socket", message: String(cString: strerror(errno)), fix: "") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) }
        }
        guard bound == 0 else { throw PostgresTestServerError(step: "bind", message: String(cString: strerror(errno)), fix: "") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard named == 0 else { throw PostgresTestServerError(step: "getsockname", message: String(cString: strerror(errno)), fix: "") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Runs a short-lived command to completion with a deadline.
enum ProcessRunner {
    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String], timeout: Duration) async throws -> Result {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("accord-run-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let handle = try FileHandle(forWritingTo: outputFile)
        defer { try? handle.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        let box = ProcessBox(process)
        let exited = try box.runUntilExit()
        let status: Int32? = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask { await exited.value }
            group.addTask { try await Task.sleep(for: timeout); return nil }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        guard let status else {
            box.process.terminate()
            _ = await exited.value
            throw PostgresTestServerError(step: executable.lastPathComponent, message: "did not finish within \(timeout); output so far: \(output)", fix: "see the output")
        }
        return Result(status: status, output: output)
    }
}

/// A Process handed across concurrency domains; only touched through its thread-safe API.
final class ProcessBox: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }

    /// Starts the process; the task completes with its exit status.
    func runUntilExit() throws -> Task<Int32, Never> {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            continuation.yield(finished.terminationStatus)
            continuation.finish()
        }
        try process.run()
        return Task {
            for await status in stream { return status }
            return -1
        }
    }
}

/// A long-running child whose standard input is a pipe we hold open; closing it asks the child
/// to stop.
final class SupervisedProcess: @unchecked Sendable {
    private let box: ProcessBox
    private let stdin: FileHandle
    private let exited: Task<Int32, Never>
    private let log: FileHandle

    private init(box: ProcessBox, stdin: FileHandle, exited: Task<Int32, Never>, log: FileHandle) {
        self.box = box
        self.stdin = stdin
        self.exited = exited
        self.log = log
    }

    static func launch(_ executable: URL, _ arguments: [String], log logURL: URL) throws -> SupervisedProcess {
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let input = Pipe()
        // Only the child (through its standard input) may hold the pipe: were the write end
        // inherited by other children, they would keep this server alive after we die.
        _ = fcntl(input.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(input.fileHandleForReading.fileDescriptor, F_SETFD, FD_CLOEXEC)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = log
        process.standardError = log
        let box = ProcessBox(process)
        let exited = try box.runUntilExit()
        try? input.fileHandleForReading.close()
        return SupervisedProcess(box: box, stdin: input.fileHandleForWriting, exited: exited, log: log)
    }

    var isRunning: Bool { box.process.isRunning }

    /// Closes the child's standard input and waits for it to exit; kills it after `timeout`.
    func stop(timeout: Duration) async {
        try? stdin.close()
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { _ = await self.exited.value; return true }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !finished {
            kill(box.process.processIdentifier, SIGKILL)
            _ = await exited.value
        }
        try? log.close()
    }
}
