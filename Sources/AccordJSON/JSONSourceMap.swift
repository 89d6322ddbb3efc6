/// Where each JSON Pointer of a document sits in its source text, for located messages
/// (`file:line:column`) about a node that another tool designated by pointer.
///
/// jansson keeps no node positions, so this scans the text once, iteratively (deep nesting
/// cannot overflow the stack), recording for every value where it starts and, for object
/// members, where the member's name starts. The text should be JSON the parser accepted;
/// on malformed text the map simply holds what was recognised before the error.
public struct JSONSourceMap: Sendable {
    /// A position in the source text: 1-based line and column (columns count Unicode scalars,
    /// as editors and GitHub annotations do) and the 0-based UTF-8 byte offset.
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var byteOffset: Int

        public init(line: Int, column: Int, byteOffset: Int) {
            self.line = line
            self.column = column
            self.byteOffset = byteOffset
        }

        public var description: String { "\(line):\(column)" }
    }

    /// One node per value: where its member name (if any) and its value start, and its children
    /// by reference token. A tree rather than a table of pointer strings, so memory stays linear
    /// in the document even when it nests deeply.
    private var nodes: [Node] = []
    private var lineStarts: [Int] = [0]

    fileprivate struct Node: Sendable {
        var nameOffset: Int?
        var valueOffset: Int
        var children: [String: Int] = [:]
    }
    private let bytes: [UInt8]

    /// Scans `text`.
    public init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Scans UTF-8 `bytes`.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lineStarts.append(offset + 1)
        }
        var scanner = Scanner(bytes: bytes)
        scanner.scan()
        nodes = scanner.nodes
    }

    /// The position of the node `pointer` designates: the member name for an object member
    /// (`"amount": …` points at `"amount"`), the value's first character otherwise;
    /// nil when the document has no such node.
    public func location(of pointer: JSONPointer) -> Location? {
        guard !nodes.isEmpty else { return nil }
        var index = 0
        for token in pointer.tokens {
            guard let child = nodes[index].children[token] else { return nil }
            index = child
        }
        return location(atByteOffset: nodes[index].nameOffset ?? nodes[index].valueOffset)
    }

    /// The position of `pointer`'s node, or of its nearest ancestor that exists (a pointer to
    /// something removed lands on the object that held it). Also returns the pointer found.
    public func nearestLocation(of pointer: JSONPointer) -> (location: Location, pointer: JSONPointer) {
        var current = pointer
        while true {
            if let found = location(of: current) { return (found, current) }
            guard let parent = current.parent else {
                return (location(atByteOffset: firstNonWhitespaceOffset()), .root)
            }
            current = parent
        }
    }

    /// Line and column of a byte offset.
    public func location(atByteOffset offset: Int) -> Location {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        while index < clamped {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return Location(line: low + 1, column: column, byteOffset: clamped)
    }

    private func firstNonWhitespaceOffset() -> Int {
        bytes.firstIndex { !Scanner.isWhitespace($0) && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF } ?? 0
    }
}

extension JSONSourceMap {
    /// An iterative scanner recording the byte offset of every value and member name by pointer.
    fileprivate struct Scanner {
        private struct Frame {
            var isObject: Bool
            var node: Int
            var index = 0
            var expectsName = true
        }

        let bytes: [UInt8]
        var nodes: [Node] = []
        private var position = 0
        private var stack: [Frame] = []
        /// Where the next value goes: its parent node (-1 for the root) and reference token.
        private var parent = -1
        private var token = ""

        init(bytes: [UInt8]) { self.bytes = bytes }

        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }

        /// Records a value starting at `offset` (completing the member whose name was just read,
        /// if any); returns its node.
        private mutating func addValue(at offset: Int) -> Int {
            if let member = pendingMember {
                nodes[member].valueOffset = offset
                pendingMember = nil
                return member
            }
            nodes.append(Node(nameOffset: nil, valueOffset: offset))
            let node = nodes.count - 1
            if parent >= 0 { nodes[parent].children[token] = node }
            return node
        }

        mutating func scan() {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            while position < bytes.count {
                let byte = bytes[position]
                if Self.isWhitespace(byte) {
                    position += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let node = addValue(at: position)
                    let isObject = byte == UInt8(ascii: "{")
                    stack.append(Frame(isObject: isObject, node: node))
                    parent = node
                    token = "0"
                    position += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard !stack.isEmpty else { return }
                    stack.removeLast()
                    position += 1
                case UInt8(ascii: ","):
                    guard var top = stack.popLast() else { return }
                    if top.isObject {
                        top.expectsName = true
                    } else {
                        top.index += 1
                        parent = top.node
                        token = String(top.index)
                    }
                    stack.append(top)
                    position += 1
                case UInt8(ascii: ":"):
                    position += 1
                case UInt8(ascii: "\""):
                    let start = position
                    guard let text = readString() else { return }
                    if var top = stack.last, top.isObject, top.expectsName {
                        top.expectsName = false
                        stack[stack.count - 1] = top
                        parent = top.node
                        token = text
                        // A member whose value never comes (malformed text) is still locatable.
                        nodes.append(Node(nameOffset: start, valueOffset: start))
                        nodes[parent].children[text] = nodes.count - 1
                        pendingMember = nodes.count - 1
                    } else {
                        recordScalar(at: start)
                    }
                default:
                    recordScalar(at: position)
                    while position < bytes.count, !Self.isDelimiter(bytes[position]) { position += 1 }
                }
            }
        }

        /// The node created for a member name, reused when its value arrives.
        private var pendingMember: Int?

        private mutating func recordScalar(at offset: Int) {
            _ = addValue(at: offset)
        }

        private static func isDelimiter(_ byte: UInt8) -> Bool {
            isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                || byte == UInt8(ascii: ":")
        }

        /// Reads the string starting at `position` (a quote), decoding escapes; nil if unterminated.
        private mutating func readString() -> String? {
            position += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                if !raw.isEmpty {
                    scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                    raw.removeAll(keepingCapacity: true)
                }
            }
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") {
                    flush()
                    return String(scalars)
                }
                guard byte == UInt8(ascii: "\\") else {
                    raw.append(byte)
                    continue
                }
                guard position < bytes.count else { return nil }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): raw.append(0x0A)
                case UInt8(ascii: "t"): raw.append(0x09)
                case UInt8(ascii: "r"): raw.append(0x0D)
                case UInt8(ascii: "b"): raw.append(0x08)
                case UInt8(ascii: "f"): raw.append(0x0C)
                case UInt8(ascii: "u"):
                    flush()
                    guard var code = readHex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        let save = position
                        position += 2
                        if let low = readHex4(), (0xDC00..<0xE000).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = save
                        }
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: raw.append(escaped)
                }
            }
            return nil
        }

        private mutating func readHex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[position..<position + 4] {
                let digit: UInt8
                switch byte {
                case 48...57: digit = byte - 48
                case 65...70: digit = byte - 55
                case 97...102: digit = byte - 87
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            position += 4
            return value
        }
    }
}
