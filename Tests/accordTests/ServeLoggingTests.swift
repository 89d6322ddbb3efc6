import Foundation
import Testing

/// `accord serve` logs to standard error at the level asked for, one line per event.
@Suite("accord serve logging")
struct ServeLoggingTests {
    /// Runs `accord serve` at `level`, sends one request for an unknown subject, stops it with
    /// SIGTERM and returns what it wrote to standard error.
    private func serveLog(level: String) throws -> (log: String, port: Int) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logURL = directory.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let port = try FreePort.pick()
        let process = Process()
        process.executableURL = AccordBinary.url
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", level,
                             "--database", "sqlite:" + directory.appendingPathComponent("registry.db").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = log
        try process.run()
        var answered = false
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !answered, process.isRunning {
            answered = (try? HTTP.request("GET", "http://127.0.0.1:\(port)/subjects/unknown/versions"))?.status == 404
            if !answered { Thread.sleep(forTimeInterval: 0.1) }
        }
        process.terminate()
        process.waitUntilExit()
        try log.close()
        #expect(answered, "accord serve did not answer")
        #expect(process.terminationStatus == 0)
        return (try String(contentsOf: logURL, encoding: .utf8), port)
    }

    @Test func atInfoItLogsStartAndStopAsTimestampedLines() throws {
        let (log, port) = try serveLog(level: "info")
        let lines = log.split(separator: "\n").map(String.init)
        let listening = lines.first { $0.contains("accord registry listening on http://127.0.0.1:\(port)") }
        #expect(listening != nil, "no start line in:\n\(log)")
        // 2026-11-23T10:00:00+0000 notice accord.serve : [accord] accord registry listening on …
        let shape = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} notice accord\.serve : \[accord\] accord registry listening on /#
        #expect(listening.map { $0.firstMatch(of: shape) != nil } == true, "unexpected line shape: \(listening ?? "")")
        #expect(lines.contains { $0.contains(" notice ") && $0.hasSuffix("accord registry stopped") }, "no stop line in:\n\(log)")
        #expect(!log.contains(" debug "), "debug lines at info level:\n\(log)")
    }

    @Test func atWarningItLogsNothingForAQuietRun() throws {
        let (log, _) = try serveLog(level: "warning")
        #expect(log.isEmpty, "expected no lines at warning level, got:\n\(log)")
    }
}
