import Foundation
import Testing

/// The `accord validate` contract: outputs, exit codes and located errors.
@Suite("accord validate")
struct ValidateCommandTests {
    func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-validate-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    let schema = #"{"type":"object","required":["id"],"properties":{"id":{"type":"string"},"n":{"type":"integer","minimum":0}}}"#

    @Test func validInstancesExitZero() throws {
        let s = try temp("s.json", schema)
        let out = try AccordBinary.run(["validate", "--schema", s, "--output", "flag"], stdin: Data("{\"id\":\"a\"}\n{\"id\":\"b\",\"n\":1}\n".utf8))
        #expect(out.status == 0)
        #expect(out.stdout == "{\"valid\":true}\n{\"valid\":true}\n")
    }

    @Test func invalidInstanceExitsOneWithBasicOutput() throws {
        let s = try temp("s.json", schema)
        let out = try AccordBinary.run(["validate", "--schema", s, "--output", "basic"], stdin: Data("{\"id\":\"a\"}\n{\"n\":-1}\n".utf8))
        #expect(out.status == 1)
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "{\"valid\":true}")
        #expect(lines[1].contains("\"instanceLocation\":\"/n\""))
        #expect(lines[1].contains("\"keywordLocation\":\"/properties/n/minimum\""))
        #expect(lines[1].contains("\"keywordLocation\":\"/required\""))
    }

    @Test func brokenLineMidStreamIsLocatedAndStreamContinues() throws {
        let s = try temp("s.json", schema)
        let events = try temp("e.ndjson", "{\"id\":\"a\"}\n{\"id\": oops}\n{\"id\":\"c\"}\n")
        let out = try AccordBinary.run(["validate", "--schema", s, "--output", "flag", events])
        #expect(out.status == 2)
        #expect(out.stdout == "{\"valid\":true}\n{\"valid\":false}\n{\"valid\":true}\n")
        #expect(out.stderr.contains("e.ndjson:2:"))
    }

    @Test func invalidSchemaExitsTwoWithPointer() throws {
        let s = try temp("bad.json", #"{"type": 12}"#)
        let out = try AccordBinary.run(["validate", "--schema", s], stdin: Data("1\n".utf8))
        #expect(out.status == 2)
        #expect(out.stderr.contains("#/type"))
    }

    @Test func malformedSchemaTextIsLocated() throws {
        let s = try temp("broken.json", "{\n  \"type\": \"object\",\n  \"required\" [\"a\"]\n}")
        let out = try AccordBinary.run(["validate", "--schema", s], stdin: Data("1\n".utf8))
        #expect(out.status == 2)
        #expect(out.stderr.contains("broken.json:3:"))
    }

    @Test func usageErrorExitsTwo() throws {
        let out = try AccordBinary.run(["validate", "--no-such-flag"])
        #expect(out.status == 2)
        let draft = try AccordBinary.run(["validate", "--schema", "x.json", "--default-draft", "5"])
        #expect(draft.status == 2)
    }

    @Test func textOutputNamesLocations() throws {
        let s = try temp("s.json", schema)
        let out = try AccordBinary.run(["validate", "--schema", s], stdin: Data("{\"id\":5}\n".utf8))
        #expect(out.status == 1)
        #expect(out.stdout.contains("stdin:1: invalid"))
        #expect(out.stdout.contains("/id: 5 is not of type \"string\""))
        #expect(out.stdout.contains("0 valid, 1 invalid"))
    }

    @Test func assertFormatFlag() throws {
        let s = try temp("f.json", #"{"format":"date-time"}"#)
        let off = try AccordBinary.run(["validate", "--schema", s, "--output", "flag"], stdin: Data("\"2026-02-30T00:00:00Z\"\n".utf8))
        let on = try AccordBinary.run(["validate", "--schema", s, "--output", "flag", "--assert-format"], stdin: Data("\"2026-02-30T00:00:00Z\"\n".utf8))
        #expect(off.stdout == "{\"valid\":true}\n")
        #expect(on.stdout == "{\"valid\":false}\n")
        #expect(on.status == 1)
    }
}
