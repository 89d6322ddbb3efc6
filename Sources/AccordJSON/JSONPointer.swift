/// A JSON Pointer (RFC 6901): a path of reference tokens into a JSON document.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public private(set) var tokens: [String]

    public init(tokens: [String] = []) { self.tokens = tokens }
    public init(arrayLiteral elements: String...) { self.tokens = elements }

    /// The empty pointer: the whole document.
    public static let root = JSONPointer()

    /// Parses `""`, `"/a/b~1c"` and the like.
    public init(parsing text: String) throws(JSONPointerError) {
        guard !text.isEmpty else {
            self.tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw JSONPointerError(pointer: text, reason: "a JSON Pointer must be empty or start with \"/\"") }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let c = iterator.next() {
                guard c == "~" else {
                    token.append(c)
                    continue
                }
                switch iterator.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: throw JSONPointerError(pointer: text, reason: "\"~\" must be followed by 0 or 1")
                }
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// Parses the fragment of a URI (`#/a/b%20c`), percent-decoding it first.
    public init(uriFragment fragment: String) throws(JSONPointerError) {
        let fragment = fragment.hasPrefix("#") ? String(fragment.dropFirst()) : fragment
        guard let decoded = PercentDecoding.decode(fragment) else {
            throw JSONPointerError(pointer: fragment, reason: "invalid percent-encoding")
        }
        try self.init(parsing: decoded)
    }

    public static func escape(_ token: String) -> String {
        token.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
    }

    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    public func appending(_ other: JSONPointer) -> JSONPointer {
        var copy = self
        copy.tokens.append(contentsOf: other.tokens)
        return copy
    }

    public var parent: JSONPointer? {
        guard !tokens.isEmpty else { return nil }
        return JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// `/a/b~1c`.
    public var description: String { tokens.map { "/" + Self.escape($0) }.joined() }

    /// `#/a/b~1c` with characters outside the URI fragment set percent-encoded.
    public var uriFragment: String { "#" + PercentDecoding.encodeFragment(description) }

    /// The value this pointer designates in `document`, or nil when it designates nothing.
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = Self.arrayIndex(token), index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// An RFC 6901 array index: `0` or digits without a leading zero.
    package static func arrayIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              first != UInt8(ascii: "0") || token.utf8.count == 1 else { return nil }
        return Int(token)
    }
}

/// A malformed JSON Pointer.
public struct JSONPointerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pointer: String
    public var reason: String
    public var description: String { "invalid JSON Pointer \"\(pointer)\": \(reason)" }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}

/// Percent-encoding helpers for URI fragments.
package enum PercentDecoding {
    package static func decode(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "%") {
                guard utf8.count >= 2, let hi = hex(utf8.popFirst()!), let lo = hex(utf8.popFirst()!) else { return nil }
                bytes.append(hi << 4 | lo)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    package static func encodeFragment(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            let c = Character(Unicode.Scalar(b))
            if b < 0x80, c.isLetter || c.isNumber || "-._~!$&'()*+,;=:@/?".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
