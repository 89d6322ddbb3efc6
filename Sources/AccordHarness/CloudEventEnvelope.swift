import AccordJSON

/// One way an event breaks the CloudEvents 1.0 envelope rules.
public struct EnvelopeViolation: Sendable, Hashable, CustomStringConvertible {
    /// The attribute concerned ("" for the event as a whole).
    public var attribute: String
    /// What is wrong and how to fix it.
    public var message: String
    public var description: String { attribute.isEmpty ? message : "'\(attribute)': \(message)" }
}

/// The CloudEvents 1.0 JSON event format rules: required attributes, attribute types,
/// attribute-name rules for extensions, and `data`/`data_base64` never both present.
public enum CloudEventEnvelope {
    static let contextAttributes: Set<String> = [
        "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema",
    ]

    /// Checks a JSON value against the envelope rules; an empty result means a valid CloudEvent.
    public static func violations(in value: JSONValue) -> [EnvelopeViolation] {
        guard case .object(let object) = value else {
            return [EnvelopeViolation(attribute: "", message: "an event must be a JSON object, got \(value.typeName)")]
        }
        var found: [EnvelopeViolation] = []
        func fail(_ attribute: String, _ message: String) { found.append(EnvelopeViolation(attribute: attribute, message: message)) }

        for name in ["specversion", "id", "source", "type"] {
            switch object[name] {
            case nil, .null?: fail(name, "required attribute is missing")
            case .string(let s)?: if s.isEmpty { fail(name, "must be a non-empty string") }
            case let other?: fail(name, "must be a string, got \(other.typeName)")
            }
        }
        if case .string(let version)? = object["specversion"], version != "1.0" {
            fail("specversion", "must be \"1.0\", got \"\(version)\"")
        }
        if case .string(let source)? = object["source"], source.contains(where: { $0 == " " || $0.isNewline }) {
            fail("source", "must be a URI-reference (no spaces)")
        }
        for name in ["subject", "datacontenttype", "dataschema", "time"] {
            switch object[name] {
            case nil, .null?: break
            case .string(let s)?:
                if s.isEmpty { fail(name, "must be a non-empty string when present") }
                else if name == "time" && !RFC3339.isTimestamp(s) { fail(name, "\"\(s)\" is not an RFC 3339 timestamp") }
                else if name == "dataschema" && !isAbsoluteURI(s) { fail(name, "\"\(s)\" is not an absolute URI") }
                else if name == "datacontenttype" && !s.contains("/") { fail(name, "\"\(s)\" is not a media type (type/subtype)") }
            case let other?: fail(name, "must be a string, got \(other.typeName)")
            }
        }
        if object["data"] != nil && object["data_base64"] != nil {
            fail("data_base64", "'data' and 'data_base64' must not both be present")
        }
        if let encoded = object["data_base64"] {
            switch encoded {
            case .null: break
            case .string(let s): if !isBase64(s) { fail("data_base64", "is not valid base64") }
            default: fail("data_base64", "must be a base64 string, got \(encoded.typeName)")
            }
        }
        for (name, value) in object where !contextAttributes.contains(name) && name != "data" && name != "data_base64" {
            if !isValidAttributeName(name) {
                fail(name, "attribute names must consist of lower-case letters a-z and digits 0-9")
                continue
            }
            switch value {
            case .string, .bool, .null: break
            case .integer(let i): if i < Int64(Int32.min) || i > Int64(Int32.max) { fail(name, "integer extension values must fit in 32 bits") }
            default: fail(name, "extension values must be a string, boolean or integer, got \(value.typeName)")
            }
        }
        return found
    }

    /// Advice that does not make an event invalid (names over 20 characters).
    public static func warnings(in value: JSONValue) -> [EnvelopeViolation] {
        guard case .object(let object) = value else { return [] }
        return object.keys.filter { $0.utf8.count > 20 && isValidAttributeName($0) }.map {
            EnvelopeViolation(attribute: $0, message: "attribute names should not exceed 20 characters")
        }
    }

    /// `[a-z0-9]+`: the CloudEvents attribute-name rule.
    public static func isValidAttributeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    static func isAbsoluteURI(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex else { return false }
        let scheme = s[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
            && !s.contains(" ")
    }

    static func isBase64(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count % 4 == 0 else { return false }
        for (i, b) in bytes.enumerated() {
            let alnum = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2F
            if alnum { continue }
            if b == 0x3D && i >= bytes.count - 2 && bytes[i...].allSatisfy({ $0 == 0x3D }) { continue }
            return false
        }
        return true
    }
}

/// RFC 3339 `date-time` syntax and ranges (leap seconds allowed at :60).
enum RFC3339 {
    static func isTimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard b.count >= 20, let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D,
              let day = digits(8, 2), b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20,
              let hour = digits(11, 2), b[13] == 0x3A, let minute = digits(14, 2), b[16] == 0x3A,
              let second = digits(17, 2) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...monthDays[month - 1]).contains(day), hour < 24, minute < 60, second <= 60 else { return false }
        var i = 19
        if i < b.count && b[i] == 0x2E {
            i += 1
            let start = i
            while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard i > start else { return false }
        }
        guard i < b.count else { return false }
        if b[i] == 0x5A || b[i] == 0x7A { return i + 1 == b.count }
        guard b[i] == 0x2B || b[i] == 0x2D, let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A,
              let om = digits(i + 4, 2), i + 6 == b.count else { return false }
        return oh < 24 && om < 60
    }
}
