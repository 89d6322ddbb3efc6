import AccordJSON
import AccordSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints one result per instance in the chosen format, buffered for throughput.
struct ResultPrinter {
    let format: ValidateCommand.OutputFormat
    private var buffer: [UInt8] = []
    private var valid = 0
    private var invalid = 0
    private var unreadable = 0

    /// Whether output goes to stdout as the buffer fills; a printer that does not flush collects
    /// one batch's results for ``append(_:)``.
    private let flushes: Bool

    init(format: ValidateCommand.OutputFormat, flushes: Bool = true) {
        self.format = format
        self.flushes = flushes
        buffer.reserveCapacity(1 << 16)
    }

    /// Prints what `other` collected (its results and its counts), after what this printer has.
    mutating func append(_ other: ResultPrinter) {
        valid += other.valid
        invalid += other.invalid
        unreadable += other.unreadable
        buffer.append(contentsOf: other.buffer)
        if flushes, buffer.count >= 1 << 16 { flush() }
    }

    mutating func print(_ result: ValidationResult, name: String) {
        if result.isValid { valid += 1 } else { invalid += 1 }
        switch format {
        case .flag: write(result.isValid ? "{\"valid\":true}\n" : "{\"valid\":false}\n")
        case .basic: write(JSONWriter.compact(result.basicOutput) + "\n")
        case .text:
            if result.isValid {
                write("\(name): valid\n")
            } else {
                write("\(name): invalid\n")
                for error in result.errors {
                    let at = error.instanceLocation.tokens.isEmpty ? "(root)" : error.instanceLocation.description
                    write("  \(at): \(error.message)\n    schema: \(error.keywordLocation.isEmpty ? "#" : error.keywordLocation)\n")
                }
            }
        }
    }

    mutating func printUnreadable(name: String, message: String) {
        unreadable += 1
        switch format {
        case .flag: write("{\"valid\":false}\n")
        case .basic:
            let unit: JSONValue = ["instanceLocation": "", "keywordLocation": "", "absoluteKeywordLocation": "", "error": .string(message)]
            write(JSONWriter.compact(["valid": false, "errors": [unit]]) + "\n")
        case .text: write("\(name): unreadable: \(message)\n")
        }
    }

    mutating func finish() {
        if format == .text {
            write("\(valid) valid, \(invalid) invalid" + (unreadable > 0 ? ", \(unreadable) unreadable" : "") + "\n")
        }
        flush()
    }

    private mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if flushes, buffer.count >= 1 << 16 { flush() }
    }

    private mutating func flush() {
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(1, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if errno == EINTR { continue }; break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
