import Testing
import AccordJSON
import Foundation

/// What the reader reported for one line, after parsing it.
private enum Record: Equatable {
    case value(line: Int, JSONValue)
    case parseError(line: Int, JSONParseError.Kind)
    case oversized(line: Int, size: Int)
}

private func temporaryFile(_ contents: String) throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("ndjson-\(UUID().uuidString).ndjson").path
    try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

private func records(_ contents: String, maxLineBytes: Int = 64 << 20, chunkSize: Int = 1 << 20) throws -> [Record] {
    let path = try temporaryFile(contents)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let reader = try NDJSONReader(path: path, maxLineBytes: maxLineBytes, chunkSize: chunkSize)
    var out: [Record] = []
    try reader.forEachLine { line in
        switch line {
        case .text(let number, let bytes):
            do throws(JSONParseError) {
                out.append(.value(line: number, try JSONParser().parse(bytes)))
            } catch {
                out.append(.parseError(line: number, error.kind))
            }
        case .oversized(let number, let size):
            out.append(.oversized(line: number, size: size))
        }
        return true
    }
    return out
}

@Suite struct NDJSONReaderTests {
    private let mixed = "{\"a\":1}\n\n{broken\n[2, 3]\r\n\"last\""

    @Test func numbersBlankSkippingErrorsAndCRLF() throws {
        let got = try records(mixed)
        #expect(got.count == 4)
        #expect(got.first == .value(line: 1, ["a": 1]))
        guard got.count == 4, case .parseError(line: 3, _) = got[1] else {
            Issue.record("expected a parse error for line 3, got \(got)")
            return
        }
        #expect(got[2] == .value(line: 4, [2, 3]))
        #expect(got[3] == .value(line: 5, "last"))
    }

    @Test func tinyChunkSizeGivesTheSameRecords() throws {
        #expect(try records(mixed, chunkSize: 16) == records(mixed))
    }

    @Test func linesSpanningChunkBoundaries() throws {
        // Far more than one buffer's worth, with line lengths that do not divide the buffer size.
        var text = ""
        var expected: [Record] = []
        for i in 1...700 {
            let value: JSONValue = ["i": .integer(Int64(i)), "pad": .string(String(repeating: "x", count: i % 37))]
            text += JSONWriter.compact(value) + (i % 3 == 0 ? "\r\n" : "\n")
            expected.append(.value(line: i, value))
        }
        #expect(text.utf8.count > 3 * 4096)
        #expect(try records(text, maxLineBytes: 200, chunkSize: 16) == expected)
    }

    @Test func oversizedLineIsReportedAndSkipped() throws {
        let big = "\"" + String(repeating: "y", count: 998) + "\""
        let text = "1\n\(big)\n{\"after\":true}\n"
        let got = try records(text, maxLineBytes: 64, chunkSize: 16)
        #expect(got == [.value(line: 1, 1), .oversized(line: 2, size: 1000), .value(line: 3, ["after": true])])
    }

    @Test func oversizedLinesLongerThanTheBuffer() throws {
        let huge = String(repeating: "z", count: 10_000)
        let text = "[1]\n\(huge)\n[2]\n\(huge)"
        let got = try records(text, maxLineBytes: 64, chunkSize: 16)
        #expect(got == [.value(line: 1, [1]), .oversized(line: 2, size: 10_000),
                        .value(line: 3, [2]), .oversized(line: 4, size: 10_000)])
    }

    @Test func lineExactlyAtTheLimitIsKept() throws {
        let exact = "\"" + String(repeating: "k", count: 62) + "\""  // 64 bytes
        let got = try records("\(exact)\n\(exact)x\n", maxLineBytes: 64)
        #expect(got.first == .value(line: 1, .string(String(repeating: "k", count: 62))))
        #expect(got.dropFirst().first == .oversized(line: 2, size: 65))
    }

    @Test func crlfDoesNotCountTowardsTheLimit() throws {
        let exact = "\"" + String(repeating: "k", count: 62) + "\""  // 64 bytes
        do {
            #expect(try records("\(exact)\r\n", maxLineBytes: 64) == [.value(line: 1, .string(String(repeating: "k", count: 62)))])
        }
    }

    @Test func stopsWhenBodyReturnsFalse() throws {
        let path = try temporaryFile("1\n2\n3\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen: [Int] = []
        try NDJSONReader(path: path).forEachLine { line in
            if case .text(let number, _) = line { seen.append(number) }
            return seen.count < 2
        }
        #expect(seen == [1, 2])
    }

    @Test func missingFileIsUnreadable() {
        do {
            _ = try NDJSONReader(path: "/nonexistent/dir/none.ndjson")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadable)
        }
    }

    @Test func whitespaceOnlyAndEmptyFile() throws {
        #expect(try records("") == [])
        #expect(try records(" \t\n\r\n\n") == [])
    }
}
