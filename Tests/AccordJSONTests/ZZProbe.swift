import Testing
import AccordJSON
import Foundation

@Suite struct ZZProbe {
    func err(_ s: String) -> String {
        do { let v = try JSONParser().parse(s); return "OK \(v)" } catch { return "\(error.kind) line \(error.line) col \(error.column) off \(error.byteOffset) :: \(error.reason)" }
    }
    @Test func probe() {
        print("P1", err("{\n  \"a\": 1,\n  \"b\" 2\n}"))
        print("P2", err(#"{"abcdefghijklmnopqrstuvwxyz": 1, "abcdefghijklmnopqrstuvwxyz": 2}"#))
        print("P3", err(#"{"a": 1, "\u0061": 2}"#))
        print("P4", err(#"{"a\"b": 1, "a\"b": 2}"#))
        print("P5", err(#"[123456789012345678901234567890, x]"#))
        print("P6", err(#"[123456789012345678901234567890, 1e400]"#))
        print("P7", err("-123456789012345678901234567890"))
        print("P8", err("[1] x"), "|", err(""), "|", err(#"{"a": [1, 2"#))
        let a = JSONValue.integer(4611686018427387904), b = JSONValue.number(4611686018427387904.0)
        print("P9", a == b, JSONWriter.canonical(a), JSONWriter.canonical(b))
        print("P10", JSONValue.integer(0).hashValue == JSONValue.number(-0.0).hashValue, Set<JSONValue>([.integer(0), .number(-0.0), .number(0.0)]).count)
        print("P11", err(#"{"a\u0000": 1}"#), "|", err(#""a\u0000b""#))
        print("P12", err(String(repeating: "[", count: 3000)))
        var o = JSONParseOptions(); o.maxDepth = 5000
        do { _ = try JSONParser(options: o).parse(String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000)); print("P13 ok") } catch { print("P13", error.kind) }
        print("P14", err("[\"x\", 18446744073709551616]"), "|", err("[-]"), "|", err("[01]"))
        print("P15", err("\u{FEFF}[1]"))
        print("P16", err("[1,\n2,\n\"\u{1}\"]"))
    }
    @Test func ndjson() throws {
        let path = NSTemporaryDirectory() + "probe.ndjson"
        let exact = String(repeating: "k", count: 64)
        try Data("\(exact)\r\n\(exact)\n\r\n".utf8).write(to: URL(fileURLWithPath: path))
        try NDJSONReader(path: path, maxLineBytes: 64).forEachLine { line in
            switch line {
            case .text(let n, let b): print("ND text", n, b.count)
            case .oversized(let n, let s): print("ND over", n, s)
            }
            return true
        }
        // big line spanning growth with exact limit
        let big = String(repeating: "q", count: 5000)
        try Data("a\n\(big)\n\(big)x\nb".utf8).write(to: URL(fileURLWithPath: path))
        try NDJSONReader(path: path, maxLineBytes: 5000, chunkSize: 16).forEachLine { line in
            switch line {
            case .text(let n, let b): print("ND2 text", n, b.count)
            case .oversized(let n, let s): print("ND2 over", n, s)
            }
            return true
        }
    }
}
