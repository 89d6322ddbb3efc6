import Foundation
import Testing

/// `accord serve` logs to standard error at the level asked for, one line per event.
@Suite("accord serve logging")
struct ServeLoggingTests {
    /// Runs `accord serve` (``RegistryProcess``) at `level`, asks for an unknown subject, stops it
    /// with SIGTERM and returns what it wrote to standard error, and its URL.
    private func serveLog(level: String) throws -> (log: String, url: String) {
        let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("accord-serve-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: logURL) }
        let log = try FileHandle(forWritingTo: logURL)
        let server = try RegistryProcess(extraArguments: ["--log-level", level], standardError: log)
        let answer = try HTTP.request("GET", server.url + "/subjects/unknown/versions")
        server.stop()
        try log.close()
        #expect(answer.status == 404)
        #expect(server.terminationStatus == 0, "accord serve did not stop cleanly on SIGTERM")
        return (try String(contentsOf: logURL, encoding: .utf8), server.url)
    }

    @Test func atInfoItLogsStartAndStopAsTimestampedLines() throws {
        let (log, url) = try serveLog(level: "info")
        let lines = log.split(separator: "\n").map(String.init)
        let listening = lines.first { $0.contains("accord registry listening on \(url)") }
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
