import CJansson

/// A document parsed by jansson and owned until `release()`: the single place that calls `json_loadb`.
///
/// Flags: duplicate member names are rejected, any value may be at the top level, and strings may
/// contain U+0000. Integers beyond 64 bits, which jansson refuses, are re-read as doubles (see
/// ``BigIntegerRewriter``) so that they never change meaning silently or fail the document.
struct JanssonDocument: ~Copyable {
    let root: UnsafeMutablePointer<json_t>

    nonisolated(unsafe) private static let emptyText: UnsafePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        p.pointee = 0
        return UnsafePointer(p)
    }()

    static let flags = Int(JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL)

    init(parsing bytes: UnsafeRawBufferPointer, options: JSONParseOptions, file: String?) throws(JSONParseError) {
        if bytes.count > options.maxDocumentBytes {
            throw JSONParseError(
                kind: .tooLarge(limit: options.maxDocumentBytes, size: bytes.count), file: file,
                line: 1, column: 1, byteOffset: options.maxDocumentBytes,
                reason: "document is \(bytes.count) bytes, larger than the limit of \(options.maxDocumentBytes) bytes")
        }
        var error = json_error_t()
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? Self.emptyText
        if let root = json_loadb(base, bytes.count, Self.flags, &error) {
            self.root = root
            return
        }
        let code = json_error_code(&error)
        if code == json_error_numeric_overflow, Self.reason(error).contains("integer"),
           let rewritten = BigIntegerRewriter.rewrite(bytes)
        {
            var retryError = json_error_t()
            let root = rewritten.text.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { json_loadb($0.baseAddress, $0.count, Self.flags, &retryError) }
            }
            if let root {
                self.root = root
                return
            }
            // Report the error the rewritten text still has, at its place in the original text.
            let retryCode = json_error_code(&retryError)
            let shifted = max(0, Int(retryError.position) - 1)
            let before = rewritten.insertions.enumerated().filter { k, offset in offset + 2 * k < shifted }.count
            let original = shifted - 2 * before
            var located = Self.translate(retryError, code: retryCode, bytes: bytes, options: options, file: file)
            located.byteOffset = max(0, original)
            (located.line, located.column) = Self.lineAndColumn(of: located.byteOffset, in: bytes)
            throw located
        }
        if code == json_error_duplicate_key {
            var located = Self.translate(error, code: code, bytes: bytes, options: options, file: file)
            if let name = Self.keyBefore(Int(error.position), in: bytes, options: options) {
                located.kind = .duplicateKey(name)
                located.reason = "duplicate object member name \"\(name)\""
            }
            throw located
        }
        throw Self.translate(error, code: code, bytes: bytes, options: options, file: file)
    }

    consuming func release() {
        json_decref(root)
        discard self
    }

    deinit { json_decref(root) }

    private static func reason(_ error: json_error_t) -> String {
        withUnsafeBytes(of: error.text) { raw in
            let chars = raw.bindMemory(to: UInt8.self)
            let end = chars.firstIndex(of: 0) ?? chars.count
            return String(decoding: chars[..<end], as: UTF8.self)
        }
    }

    private static func translate(
        _ error: json_error_t, code: json_error_code, bytes: UnsafeRawBufferPointer,
        options: JSONParseOptions, file: String?
    ) -> JSONParseError {
        let text = reason(error)
        let kind: JSONParseError.Kind
        var plain = text
        switch code {
        case json_error_premature_end_of_input:
            kind = .prematureEnd
            plain = "unexpected end of input (\(text))"
        case json_error_end_of_input_expected:
            kind = .trailingContent
            plain = "unexpected text after the JSON value (\(text))"
        case json_error_invalid_utf8:
            kind = .invalidUTF8
            plain = "invalid UTF-8 (\(text))"
        case json_error_duplicate_key:
            let name = Self.quotedName(in: text) ?? "?"
            kind = .duplicateKey(name)
            plain = "duplicate object member name \"\(name)\""
        case json_error_stack_overflow:
            // jansson stops at its own depth limit (2048); report ours where the limit was first passed.
            return DepthLocator.error(in: bytes, limit: min(options.maxDepth, 2048), file: file)
        case json_error_numeric_overflow:
            kind = .numberOutOfRange
            plain = "number out of range: \(text); numbers must fit in a 64-bit double"
        case json_error_null_byte_in_key:
            kind = .nulInKey
            plain = "object member names containing U+0000 are not supported"
        default:
            kind = .syntax
            plain = "invalid JSON: \(text)"
        }
        return JSONParseError(
            kind: kind, file: file, line: max(1, Int(error.line)), column: max(1, Int(error.column)),
            byteOffset: max(0, Int(error.position) - 1), reason: plain)
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    static func lineAndColumn(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes.prefix(offset) {
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// The decoded member name whose string token ends just before `position` (where jansson
    /// reports a duplicate key), read from the source text so escapes and long names come out right.
    static func keyBefore(_ position: Int, in bytes: UnsafeRawBufferPointer, options: JSONParseOptions) -> String? {
        var end = min(position, bytes.count) - 1
        while end >= 0, bytes[end] != UInt8(ascii: "\"") { end -= 1 }
        guard end > 0 else { return nil }
        var start = end - 1
        while start >= 0 {
            if bytes[start] == UInt8(ascii: "\"") {
                var backslashes = 0
                var k = start - 1
                while k >= 0, bytes[k] == UInt8(ascii: "\\") {
                    backslashes += 1
                    k -= 1
                }
                if backslashes % 2 == 0 { break }
            }
            start -= 1
        }
        guard start >= 0 else { return nil }
        let token = UnsafeRawBufferPointer(rebasing: bytes[start...end])
        guard let document = try? JanssonDocument(parsing: token, options: options, file: nil) else { return nil }
        guard let text = json_string_value(document.root) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: json_string_length(document.root)), as: UTF8.self)
    }

    /// The member name jansson quotes in "duplicate object key near '"name"'".
    private static func quotedName(in text: String) -> String? {
        guard let open = text.firstIndex(of: "'"), let close = text.lastIndex(of: "'"), open < close else { return nil }
        var inner = text[text.index(after: open)..<close]
        if inner.hasPrefix("\""), inner.hasSuffix("\""), inner.count >= 2 {
            inner = inner.dropFirst().dropLast()
        }
        return String(inner)
    }
}
