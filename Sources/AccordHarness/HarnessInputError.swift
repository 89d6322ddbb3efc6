/// A bad contract, fixture or schema: the run cannot start. Carries where the problem is
/// (file, line and column when known) and what to do about it. `accord test` exits 2 on it.
public struct HarnessInputError: Error, Sendable, CustomStringConvertible {
    /// The file concerned.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What is wrong and how to fix it.
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(message)"
    }
}
