/// Writes ``JSONValue``s as JSON text: compact, pretty, or canonical (RFC 8785).
public enum JSONWriter {
    /// Compact text, members in insertion order.
    public static func compact(_ value: JSONValue) -> String {
        var out = [UInt8]()
        out.reserveCapacity(Self.initialCapacity)
        write(value, into: &out, sorted: false, indent: nil, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented text (two spaces), members in insertion order.
    public static func pretty(_ value: JSONValue) -> String {
        var out = [UInt8]()
        out.reserveCapacity(Self.initialCapacity)
        write(value, into: &out, sorted: false, indent: 2, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical form of RFC 8785 (JCS): members sorted by their UTF-16 code units, no
    /// insignificant whitespace, minimal string escapes, and numbers in ECMAScript's shortest
    /// round-trip spelling. One deliberate difference: integers held exactly (up to 64 bits) are
    /// written exactly, where JCS would first round those beyond 2^53 to a double; below 2^53 the
    /// two agree. Two documents have the same canonical form exactly when they are equal JSON.
    public static func canonical(_ value: JSONValue) -> String {
        var out = [UInt8]()
        out.reserveCapacity(Self.initialCapacity)
        write(value, into: &out, sorted: true, indent: nil, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Room reserved up front: most schemas and events fit, so the buffer is not grown piece by piece.
    static let initialCapacity = 512

    static func write(_ value: JSONValue, into out: inout [UInt8], sorted: Bool, indent: Int?, level: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d):
            // An integral double that an Int64 holds exactly is written like that integer, so equal
            // values (4611686018427387904 and 4611686018427387904.0) share one spelling.
            if d == d.rounded(), abs(d) >= 1e15, let i = Int64(exactly: d) {
                out.append(contentsOf: String(i).utf8)
            } else {
                out.append(contentsOf: ECMAScriptNumber.format(d).utf8)
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                write(item, into: &out, sorted: sorted, indent: indent, level: level + 1)
            }
            if !items.isEmpty { newline(&out, indent, level) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members(sorted: sorted).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(member.value, into: &out, sorted: sorted, indent: indent, level: level + 1)
            }
            if !object.isEmpty { newline(&out, indent, level) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole.
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                runStart = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(UInt8(ascii: "u"))
                    out.append(UInt8(ascii: "0"))
                    out.append(UInt8(ascii: "0"))
                    out.append(hexDigit(byte >> 4))
                    out.append(hexDigit(byte & 15))
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}

/// ECMAScript `Number.prototype.toString` for doubles (ECMA-262 §6.1.6.1.20), as RFC 8785 requires.
enum ECMAScriptNumber {
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if !value.isFinite { return "null" }
        if value < 0 { return "-" + format(-value) }
        // Swift's description is the shortest round-trip form; take its digits and exponent.
        let text = "\(value)"
        var digits = ""
        var exponent = 0
        var mantissa = Substring(text)
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            mantissa = text[..<e]
        }
        var pointPosition = mantissa.count
        if let dot = mantissa.firstIndex(of: ".") {
            pointPosition = mantissa.distance(from: mantissa.startIndex, to: dot)
            digits = String(mantissa[..<dot]) + String(mantissa[mantissa.index(after: dot)...])
        } else {
            digits = String(mantissa)
        }
        // Normalise to digits d1…dk with value 0.d1…dk × 10^n.
        var n = pointPosition + exponent
        while digits.hasPrefix("0") {
            digits.removeFirst()
            n -= 1
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        let k = digits.count
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            return String(digits[..<i]) + "." + String(digits[i...])
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let sign = e < 0 ? "-" : "+"
        let head = String(digits.first!)
        let tail = k > 1 ? "." + String(digits.dropFirst()) : ""
        return head + tail + "e" + sign + String(abs(e))
    }
}
