import Foundation

/// A handler started from the contract's `command` (through `/bin/sh -c`), with its stdin, stdout
/// and stderr wired to the harness. Stopping it sends SIGTERM, then SIGKILL.
final class HandlerProcess: @unchecked Sendable {
    let process = Process()
    let stdinPipe = Pipe()
    let stdoutPipe = Pipe()
    let stderrPipe = Pipe()
    let output: LineChannel
    let errors: OutputTail
    private let writer = DispatchQueue(label: "accord.handler.stdin")
    private let writeFailed = LockedBox(false)

    init(command: String, directory: String, environment: [String: String]) throws(DeliveryFailure) {
        Self.ignoreSIGPIPE
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec " + command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.isEmpty ? "." : directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        do { try process.run() } catch {
            throw DeliveryFailure.exited(status: -1, output: "cannot start '\(command)': \(error)")
        }
        output = LineChannel(fileDescriptor: stdoutPipe.fileHandleForReading.fileDescriptor, name: "accord.handler.stdout")
        errors = OutputTail(fileDescriptor: stderrPipe.fileHandleForReading.fileDescriptor, name: "accord.handler.stderr")
    }

    static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN); return () }()

    /// Queues bytes for the handler's stdin; never blocks the caller. A handler that stopped
    /// reading shows up as a timeout or an exit on the answer side.
    func send(_ bytes: [UInt8]) {
        let pipe = stdinPipe
        let fd = pipe.fileHandleForWriting.fileDescriptor
        writer.async { [writeFailed] in
            defer { withExtendedLifetime(pipe) {} }
            if writeFailed.value { return }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { writeFailed.withValue { $0 = true }; return }
                offset += n
            }
        }
    }

    var isRunning: Bool { process.isRunning }

    /// Waits up to `grace` for the process to end and returns its status (nil if still running).
    func exitStatus(within grace: Duration = .milliseconds(500)) async -> Int32? {
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM, then SIGKILL if it is still running after a short grace period. Pending writes
    /// then fail (the pipe is kept open until they are done), never blocking.
    func stop() async {
        if process.isRunning {
            process.terminate()
            if await exitStatus(within: .milliseconds(500)) == nil {
                kill(process.processIdentifier, SIGKILL)
                _ = await exitStatus(within: .seconds(2))
            }
        }
    }
}
