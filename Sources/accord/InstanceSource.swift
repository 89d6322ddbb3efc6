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
                try parser.parseFile(atPath: path, into: &tape)
                return body(.document(name: path, tape: tape))
            } catch {
                return body(.unreadable(name: path, message: error.description))
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
