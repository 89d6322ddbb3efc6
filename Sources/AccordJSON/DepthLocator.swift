/// Finds where a document first nests deeper than a limit, for a located ``JSONParseError``.
/// Runs only on the error path.
enum DepthLocator {
    static func error(in bytes: UnsafeRawBufferPointer, limit: Int, file: String?) -> JSONParseError {
        var depth = 0
        var line = 1
        var column = 0
        var inString = false
        var escaped = false
        for (offset, b) in bytes.enumerated() {
            if b & 0xC0 != 0x80 { column += 1 }
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 0
            }
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit {
                    return JSONParseError(
                        kind: .tooDeep(limit: limit), file: file, line: line, column: column, byteOffset: offset,
                        reason: "arrays and objects nest deeper than the limit of \(limit) levels")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return JSONParseError(
            kind: .tooDeep(limit: limit), file: file, line: line, column: max(1, column), byteOffset: bytes.count,
            reason: "arrays and objects nest deeper than the limit of \(limit) levels")
    }
}
