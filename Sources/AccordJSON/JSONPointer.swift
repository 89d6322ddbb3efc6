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

    /// `token` as a reference token: `~` becomes `~0` and `/` becomes `~1` (RFC 6901, section 3).
    public static func escape(_ token: String) -> String {
        // Scanning bytes first: tokens rarely need escaping, and the common case should not build a string.
        var bytes = token
        let plain = bytes.withUTF8 { !$0.contains { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") } }
        guard !plain else { return token }
        return token.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
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
    public var description: String {
        var text = ""
        for token in tokens {
            text += "/"
            text += Self.escape(token)
        }
        return text
    }

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
        // Bytes, not `String.contains(_:)`: with Foundation loaded that is a CFString search.
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
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

    /// Percent-encodes every byte of `text` outside RFC 3986's fragment characters (unreserved,
    /// sub-delims, `:`, `@`, `/`, `?`). Returns `text` itself when nothing needs encoding, the usual case.
    package static func encodeFragment(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 -> String? in
            guard utf8.contains(where: { !isFragmentByte($0) }) else { return nil }  // the text itself, below
            let digits = Array("0123456789ABCDEF".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 16)
            for b in utf8 {
                if isFragmentByte(b) {
                    out.append(b)
                } else {
                    out += [UInt8(ascii: "%"), digits[Int(b >> 4)], digits[Int(b & 0xF)]]
                }
            }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// Bit `b` is set when ASCII byte `b` may appear unencoded in a fragment.
    private static let fragmentBytes: (UInt64, UInt64) = {
        var low: UInt64 = 0, high: UInt64 = 0
        for b in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?".utf8 {
            if b < 64 { low |= 1 << UInt64(b) } else { high |= 1 << UInt64(b - 64) }
        }
        return (low, high)
    }()

    @inline(__always)
    private static func isFragmentByte(_ b: UInt8) -> Bool {
        b < 64 ? fragmentBytes.0 & (1 << UInt64(b)) != 0 : (b < 128 && fragmentBytes.1 & (1 << UInt64(b &- 64)) != 0)
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
