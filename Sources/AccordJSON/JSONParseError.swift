/// Why a JSON document could not be parsed, and where.
///
/// `line` and `column` are 1-based (column counts Unicode scalars, as jansson does); `byteOffset`
/// is 0-based from the start of the document. `file` is set when the text came from a file.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem the document has.
    public enum Kind: Sendable, Equatable {
        /// The text is not JSON at this point.
        case syntax
        /// The document ends before its value is complete.
        case prematureEnd
        /// A complete value is followed by more text.
        case trailingContent
        /// A string is not valid UTF-8.
        case invalidUTF8
        /// An object names the same member twice.
        case duplicateKey(String)
        /// Arrays and objects nest deeper than the configured limit.
        case tooDeep(limit: Int)
        /// The document is larger than the configured limit.
        case tooLarge(limit: Int, size: Int)
        /// A number cannot be represented (for example `1e400`, beyond a 64-bit double).
        case numberOutOfRange
        /// An object member name contains U+0000, which the parser does not support.
        case nulInKey
        /// The input could not be read at all.
        case unreadable
    }

    public var kind: Kind
    public var file: String?
    public var line: Int
    public var column: Int
    public var byteOffset: Int
    /// The parser's reason in plain words, e.g. `"'[' or '{' expected near 'x'"`.
    public var reason: String

    public init(kind: Kind, file: String? = nil, line: Int, column: Int, byteOffset: Int, reason: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.reason = reason
    }

    /// `file:line:column: reason` (the file part only when known).
    public var description: String {
        if kind == .unreadable { return reason }
        let place = "\(line):\(column)"
        return file.map { "\($0):\(place): \(reason)" } ?? "line \(line), column \(column): \(reason)"
    }
}
