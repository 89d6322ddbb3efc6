import Foundation
import Testing

/// `accord validate --parser` and `--jobs`: every choice prints the same bytes and exits the same way.
@Suite("accord validate --parser and --jobs")
struct ParserChoiceTests {
    func temp(_ name: String, _ data: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-parser-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        // Atomic: parameterized cases run at once and rewrite the same files; a reader must never see one half-written.
        try data.write(to: url, options: .atomic)
        return url.path
    }

    /// Runs `accord` with stdout and stderr going to files (large outputs cannot fill a pipe).
    func run(_ arguments: [String]) throws -> AccordBinary.Output {
        let out = try temp("stdout-\(UUID().uuidString)", Data()), err = try temp("stderr-\(UUID().uuidString)", Data())
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let process = Process()
        process.executableURL = AccordBinary.url
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return AccordBinary.Output(status: process.terminationStatus, stdout: try String(contentsOfFile: out, encoding: .utf8),
                                   stderr: try String(contentsOfFile: err, encoding: .utf8))
    }

    let schema = #"{"type":"object","required":["id"],"properties":{"id":{"type":"string","maxLength":8},"n":{"type":"integer","minimum":0},"tags":{"uniqueItems":true}},"additionalProperties":{"type":["number","string"]}}"#

    /// A stream mixing valid and invalid events with every awkward kind of line, long enough for many batches.
    func stream(rounds: Int = 150) -> Data {
        var lines: [[UInt8]] = [
            #"{"id":"a"}"#, #"{"id":"b","n":1,"tags":[1,2]}"#, #"{"n":-1}"#, #"{"id":"toolongvalue","tags":[1,1]}"#,
            #"{"id":"c","n":9223372036854775808}"#, #"{"id":"d","n":-0}"#, #"{"id":"e","x":-0.0}"#, #"{"id":"f","x":1e400}"#,
            #"{"id":"g","id":"h"}"#, #"{"id":"\ud83d\ude00\u00e9"}"#, #"{"id":"\ud800"}"#, #"{"id":"x"} trailing"#, "",
            "   ", #"{"id":"y","k\u0000":1}"#, String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
            #"{"id": oops}"#, #"{"id":"z","x":123456789012345678901234567890}"#, "[1,2,3]", #""just a string""#,
        ].map { Array($0.utf8) }
        lines.append([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])  // invalid UTF-8
        var data = Data()
        for round in 0..<rounds {
            for (k, line) in lines.enumerated() {
                data.append(contentsOf: line)
                data.append(contentsOf: (round + k) % 7 == 0 ? [0x0D, 0x0A] : [0x0A])
            }
        }
        return data
    }

    @Test(arguments: ["flag", "basic", "text"])
    func everyParserAndJobCountPrintsTheSame(output: String) throws {
        let s = try temp("s.json", Data(schema.utf8))
        let events = try temp("events.ndjson", stream())
        let reference = try run(["validate", "--schema", s, "--output", output, "--parser", "jansson", events])
        #expect(reference.status == 2)
        #expect(reference.stdout.split(separator: "\n").count >= 150 * 19)
        for extra in [["--parser", "simdjson"], [], ["--jobs", "2"], ["--parser", "jansson", "--jobs", "3"]] {
            let other = try run(["validate", "--schema", s, "--output", output] + extra + [events])
            #expect(other.status == reference.status, "\(extra)")
            #expect(other.stdout == reference.stdout, "\(extra)")
            #expect(other.stderr == reference.stderr, "\(extra)")
        }
    }

    @Test func stdinStreamsUseTheChosenParserToo() throws {
        let s = try temp("s.json", Data(schema.utf8))
        let a = try AccordBinary.run(["validate", "--schema", s, "--output", "basic", "--parser", "jansson"], stdin: stream(rounds: 10))
        let b = try AccordBinary.run(["validate", "--schema", s, "--output", "basic", "--jobs", "2"], stdin: stream(rounds: 10))
        #expect(a.stdout == b.stdout)
        #expect(a.stderr == b.stderr)
        #expect(a.stderr.contains("stdin:9:"))
    }

    @Test func badChoicesAreUsageErrors() throws {
        let s = try temp("s.json", Data(schema.utf8))
        #expect(try AccordBinary.run(["validate", "--schema", s, "--parser", "rapidjson"], stdin: Data()).status == 2)
        #expect(try AccordBinary.run(["validate", "--schema", s, "--jobs", "0"], stdin: Data()).status == 2)
    }
}
