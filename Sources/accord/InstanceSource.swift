import AccordJSON

/// Where instances come from: a JSON file (one instance), an NDJSON file or stdin (one per line).
struct InstanceSource {
    enum Instance {
        /// A parsed instance; `name` says where it came from (`file`, `file:LINE`, `stdin:LINE`).
        case document(name: String, tape: JSONTape)
        case unreadable(name: String, message: String)
    }

    let path: String
    var parser = JSONParser()

    var isStream: Bool { path == "-" || path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl") }

    /// Calls `body` for each instance in order; returns the highest status `body` returned.
    func forEachInstance(_ body: (Instance) -> Int32) -> Int32 {
        var status: Int32 = 0
        var tape = JSONTape()
        if !isStream {
            do {
                let bytes = try FileBytes.read(path, limit: parser.options.maxDocumentBytes)
                let parsed: Result<JSONTape, JSONParseError> = bytes.withUnsafeBytes { raw in
                    var tape = JSONTape()
                    do {
                        try parser.parse(raw, into: &tape, file: path)
                        return .success(tape)
                    } catch let error as JSONParseError {
                        return .failure(error)
                    } catch {
                        return .failure(JSONParseError(kind: .unreadable, line: 0, column: 0, byteOffset: 0, reason: "\(error)"))
                    }
                }
                tape = try parsed.get()
                return body(.document(name: path, tape: tape))
            } catch {
                return body(.unreadable(name: path, message: (error as? JSONParseError)?.description ?? "\(error)"))
            }
        }
        let label = path == "-" ? "stdin" : path
        do {
            let reader = path == "-" ? NDJSONReader(fileDescriptor: 0, maxLineBytes: parser.options.maxDocumentBytes)
                : try NDJSONReader(path: path, maxLineBytes: parser.options.maxDocumentBytes)
            try reader.forEachLine { line in
                switch line {
                case .text(let number, let bytes):
                    tape.removeAll()
                    do {
                        try parser.parse(bytes, into: &tape, file: label)
                        status = max(status, body(.document(name: "\(label):\(number)", tape: tape)))
                    } catch let error as JSONParseError {
                        status = max(status, body(.unreadable(name: "\(label):\(number)", message: "\(label):\(number):\(error.column): \(error.reason)")))
                    }
                case .oversized(let number, let size):
                    status = max(status, body(.unreadable(name: "\(label):\(number)", message: "\(label):\(number): line of \(size) bytes is larger than the limit of \(parser.options.maxDocumentBytes) bytes")))
                }
                return true
            }
        } catch {
            status = max(status, body(.unreadable(name: label, message: "\(error)")))
        }
        return status
    }
}

/// Whole-file reads for single-document instance files.
enum FileBytes {
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw JSONParseError(kind: .unreadable, file: path, line: 0, column: 0, byteOffset: 0, reason: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit {
                throw JSONParseError(kind: .tooLarge(limit: limit, size: out.count), file: path, line: 1, column: 1, byteOffset: limit,
                                     reason: "file is larger than the limit of \(limit) bytes")
            }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
