/// An error that stops `accord check` or `accord register` (exit status 2): what went wrong and
/// how to fix it.
struct CheckError: Error, Sendable, CustomStringConvertible {
    var message: String
    var fix: String?
    /// The registry refused a schema as incompatible (a verdict, exit status 1, not a failure).
    var isIncompatibilityRefusal = false

    init(_ message: String, fix: String? = nil, isIncompatibilityRefusal: Bool = false) {
        self.message = message
        self.fix = fix
        self.isIncompatibilityRefusal = isIncompatibilityRefusal
    }

    var description: String {
        fix.map { "\(message) (\($0))" } ?? message
    }
}
