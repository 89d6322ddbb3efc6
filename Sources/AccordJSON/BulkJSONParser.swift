/// Which parser reads documents in bulk (for example each line of an NDJSON stream).
public enum JSONParserBackend: String, Sendable, CaseIterable {
    /// jansson for every document.
    case jansson
    /// simdjson, with jansson for any document simdjson cannot read exactly as jansson does.
    case simdjson
}

/// Parses many documents one after another into a reused ``JSONTape``, as fast as the chosen
/// backend allows, with answers that never depend on the backend.
///
/// With ``JSONParserBackend/simdjson`` a document is read by simdjson (several hundred MB/s) and
/// written straight into the tape, with no per-node allocation. Any document that simdjson rejects or
/// would read differently from jansson — a syntax error of any kind, invalid UTF-8, trailing text,
/// an integer outside 64 bits, `-0.0`, a duplicate or NUL-containing member name, nesting past
/// ``JSONParseOptions/maxDepth``, a document over ``JSONParseOptions/maxDocumentBytes`` — is parsed
/// again by jansson, so the tape, the errors and their locations are exactly those of ``JSONParser``.
///
/// Not thread-safe: give each thread its own.
public final class BulkJSONParser {
    public let backend: JSONParserBackend
    public let options: JSONParseOptions
    private let jansson: JSONParser
    private let simdjson: SimdjsonParser?
    /// How many documents the simdjson backend passed on to jansson, for diagnostics.
    public private(set) var fallbackCount = 0

    /// Bytes that a caller may leave readable after each document so that simdjson reads it in place.
    public static var padding: Int { SimdjsonParser.padding }

    /// The simdjson kernel chosen for this CPU (e.g. `haswell`), for diagnostics.
    public static var simdjsonImplementation: String { SimdjsonParser.implementation }

    public init(backend: JSONParserBackend = .simdjson, options: JSONParseOptions = .default) {
        self.backend = backend
        self.options = options
        self.jansson = JSONParser(options: options)
        self.simdjson = backend == .simdjson ? SimdjsonParser() : nil
    }

    /// Parses one document and replaces `tape`'s contents with it.
    ///
    /// - Parameter readable: how many bytes from `bytes`' start may be read; when at least
    ///   `bytes.count + BulkJSONParser.padding`, simdjson reads the text in place instead of copying it.
    public func parse(
        _ bytes: UnsafeRawBufferPointer, readable: Int = 0, into tape: inout JSONTape, file: String? = nil
    ) throws(JSONParseError) {
        if let simdjson, bytes.count <= options.maxDocumentBytes,
           simdjson.parse(bytes, readable: readable, maxDepth: options.maxDepth, into: &tape) == nil
        {
            return
        }
        if simdjson != nil { fallbackCount += 1 }
        tape.removeAll()
        try jansson.parse(bytes, into: &tape, file: file)
    }
}
