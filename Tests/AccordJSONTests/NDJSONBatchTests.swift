import AccordJSON
import Foundation
import Testing

/// Batches carry exactly the lines ``NDJSONReader/forEachLine(_:)`` gives, in order, with padding.
@Suite struct NDJSONBatchTests {
    enum Record: Equatable {
        case text(Int, [UInt8])
        case oversized(Int, Int)
    }

    func file(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).ndjson").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func record(_ line: NDJSONReader.Line) -> Record {
        switch line {
        case .text(let number, let bytes): return .text(number, Array(bytes))
        case .oversized(let number, let size): return .oversized(number, size)
        }
    }

    static let contents = "{\"a\":1}\n\n  \n[1,2,3]\r\n\"" + String(repeating: "x", count: 90) + "\"\nnull\n{broken\n\t\n7\n" + "\"tail\""

    @Test(arguments: [(1, 1 << 19), (2, 10), (3, 1), (1024, 64)])
    func batchesMatchLines(maxLines: Int, maxBytes: Int) throws {
        let path = try file(Self.contents)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var expected: [Record] = []
        try NDJSONReader(path: path, maxLineBytes: 50, chunkSize: 16).forEachLine { expected.append(record($0)); return true }
        var got: [Record] = []
        var batches = 0
        try NDJSONReader(path: path, maxLineBytes: 50, chunkSize: 16).forEachBatch(maxLines: maxLines, maxBytes: maxBytes) { batch in
            batches += 1
            #expect(batch.count <= maxLines)
            batch.forEachLine { line, readable in
                if case .text(_, let bytes) = line { #expect(readable >= bytes.count + BulkJSONParser.padding) }
                got.append(record(line))
            }
            return true
        }
        #expect(got == expected)
        #expect(expected.count == 7)
        #expect(expected.contains(.oversized(5, 92)))
        #expect(batches >= (expected.count + maxLines - 1) / maxLines)
    }

    @Test func stoppingEarlyDeliversNoMoreBatches() throws {
        let path = try file((1...100).map { "\($0)" }.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen = 0
        try NDJSONReader(path: path).forEachBatch(maxLines: 10) { batch in
            seen += batch.count
            return seen < 30
        }
        #expect(seen == 30)
    }
}
