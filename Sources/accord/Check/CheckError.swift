/// An error that stops `accord check` or `accord register` (exit status 2): what went wrong and
/// how to fix it.
struct CheckError: Error, Sendable, CustomStringConvertible {
    var message: String
    var fix: String?

    init(_ message: String, fix: String? = nil) {
        self.message = message
        self.fix = fix
    }

    var description: String {
        fix.map { "\(message) (\($0))" } ?? message
    }
}
