/// Limits a caller sets for parsing. Each limit, when exceeded, gives its own ``JSONParseError/Kind``.
public struct JSONParseOptions: Sendable, Equatable {
    /// Deepest nesting of arrays and objects accepted. jansson itself stops at 2048 levels,
    /// so larger values behave as 2048.
    public var maxDepth: Int
    /// Largest document accepted, in bytes.
    public var maxDocumentBytes: Int

    public init(maxDepth: Int = 512, maxDocumentBytes: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxDocumentBytes = maxDocumentBytes
    }

    public static let `default` = JSONParseOptions()
}
