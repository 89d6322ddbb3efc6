/// A parsed JSON document laid out flat: the form the validator reads.
///
/// Every value is one node of two 64-bit words in document order; an object's members are a key
/// node followed by its value. Containers record their member count and the index of the node after
/// their last descendant, so a reader skips a subtree in O(1). String bytes (UTF-8, unescaped) live in
/// one byte buffer. Building a tape allocates nothing per node, and a tape can be reset and refilled,
/// so a stream of documents reuses the same storage. Both parsers (jansson, and the bulk fast path)
/// fill this layout, so the validator never depends on which one read the text.
public struct JSONTape: Sendable {
    /// Node kinds, stored in the low byte of a node's first word.
    @frozen public enum Tag: UInt8, Sendable {
        case null = 0, `false`, `true`, integer, double, string, array, object
    }

    /// Two words per node: `[tag | length << 8, payload]`.
    @usableFromInline package var words: [UInt64] = []
    /// UTF-8 bytes of every string and member name.
    @usableFromInline package var bytes: [UInt8] = []

    public init() {}

    /// Number of nodes.
    public var nodeCount: Int { words.count / 2 }

    /// Empties the tape but keeps its storage.
    public mutating func removeAll() {
        words.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: Writing

    @inline(__always)
    package mutating func appendScalar(_ tag: Tag, payload: UInt64 = 0) {
        words.append(UInt64(tag.rawValue))
        words.append(payload)
    }

    @inline(__always)
    package mutating func appendString(_ pointer: UnsafeRawPointer?, count: Int) {
        words.append(UInt64(Tag.string.rawValue) | UInt64(count) << 8)
        words.append(UInt64(bytes.count))
        if count > 0, let pointer {
            // A typed buffer, so the append is one memcpy (a raw buffer is appended byte by byte).
            UnsafeRawBufferPointer(start: pointer, count: count).withMemoryRebound(to: UInt8.self) { bytes.append(contentsOf: $0) }
        }
    }

    package mutating func appendString(_ string: String) {
        var s = string
        s.withUTF8 { appendString($0.baseAddress, count: $0.count) }
    }

    /// Opens a container; returns its node index for ``closeContainer(_:count:)``.
    @inline(__always)
    package mutating func openContainer(_ tag: Tag) -> Int {
        let index = words.count / 2
        words.append(UInt64(tag.rawValue))
        words.append(0)
        return index
    }

    @inline(__always)
    package mutating func closeContainer(_ index: Int, count: Int) {
        words[2 * index] |= UInt64(count) << 8
        words[2 * index + 1] = UInt64(words.count / 2)
    }

    // MARK: Reading

    /// Runs `body` with a reader over this tape. The reader must not escape `body`.
    /// Inlinable, so that a validation call pays for no closure contexts or generic thunks.
    @inlinable
    public func withReader<R>(_ body: (TapeReader) throws -> R) rethrows -> R {
        try words.withUnsafeBufferPointer { w in
            try bytes.withUnsafeBufferPointer { b in
                try body(TapeReader(words: w.baseAddress!, bytes: b.baseAddress ?? UnsafePointer(bitPattern: 1)!))
            }
        }
    }

    /// The value rooted at `node`, as a ``JSONValue`` (for messages and tests; not for hot paths).
    public func value(at node: Int = 0) -> JSONValue {
        withReader { $0.value(at: node) }
    }
}

/// Unchecked, read-only access to a ``JSONTape``'s nodes, valid only inside ``JSONTape/withReader(_:)``.
public struct TapeReader {
    @usableFromInline let words: UnsafePointer<UInt64>
    @usableFromInline let bytes: UnsafePointer<UInt8>

    @inlinable init(words: UnsafePointer<UInt64>, bytes: UnsafePointer<UInt8>) {
        self.words = words
        self.bytes = bytes
    }

    @inlinable @inline(__always)
    public func tag(_ node: Int) -> JSONTape.Tag { JSONTape.Tag(rawValue: UInt8(truncatingIfNeeded: words[2 &* node]))! }

    @inlinable @inline(__always)
    public func rawTag(_ node: Int) -> UInt8 { UInt8(truncatingIfNeeded: words[2 &* node]) }

    /// Members of a container, or bytes of a string.
    @inlinable @inline(__always)
    public func count(_ node: Int) -> Int { Int(truncatingIfNeeded: words[2 &* node] >> 8) }

    @inlinable @inline(__always)
    public func payload(_ node: Int) -> UInt64 { words[2 &* node &+ 1] }

    /// The index of the node after `node` and all its descendants.
    @inlinable @inline(__always)
    public func next(_ node: Int) -> Int {
        let t = rawTag(node)
        return t >= JSONTape.Tag.array.rawValue ? Int(truncatingIfNeeded: payload(node)) : node &+ 1
    }

    @inlinable @inline(__always)
    public func integer(_ node: Int) -> Int64 { Int64(bitPattern: payload(node)) }

    @inlinable @inline(__always)
    public func double(_ node: Int) -> Double { Double(bitPattern: payload(node)) }

    /// A number node as a double (integers converted).
    @inlinable @inline(__always)
    public func numberAsDouble(_ node: Int) -> Double {
        rawTag(node) == JSONTape.Tag.integer.rawValue ? Double(integer(node)) : double(node)
    }

    /// The UTF-8 bytes of a string or member-name node.
    @inlinable @inline(__always)
    public func string(_ node: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + Int(truncatingIfNeeded: payload(node)), count: count(node))
    }

    public func stringValue(_ node: Int) -> String { String(decoding: string(node), as: UTF8.self) }

    /// Converts the subtree at `node` to a ``JSONValue``.
    public func value(at node: Int) -> JSONValue {
        switch tag(node) {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .integer: return .integer(integer(node))
        case .double: return .number(double(node))
        case .string: return .string(stringValue(node))
        case .array:
            var items: [JSONValue] = []
            items.reserveCapacity(count(node))
            var child = node + 1
            for _ in 0..<count(node) {
                items.append(value(at: child))
                child = next(child)
            }
            return .array(items)
        case .object:
            var object = JSONObject()
            var child = node + 1
            for _ in 0..<count(node) {
                let key = stringValue(child)
                object[key] = value(at: child + 1)
                child = next(child + 1)
            }
            return .object(object)
        }
    }
}

extension JSONTape {
    /// A tape holding `value`.
    public init(_ value: JSONValue) {
        self.init()
        // Room for a small document (a schema, an event) at once: growing from empty reallocated
        // each array five or six times, 40 % of the conversion's cost for a small schema (callgrind).
        words.reserveCapacity(128)
        bytes.reserveCapacity(512)
        append(value)
    }

    /// Appends `value` as the next node(s).
    public mutating func append(_ value: JSONValue) {
        switch value {
        case .null: appendScalar(.null)
        case .bool(let b): appendScalar(b ? .true : .false)
        case .integer(let i): appendScalar(.integer, payload: UInt64(bitPattern: i))
        case .number(let d): appendScalar(.double, payload: d.bitPattern)
        case .string(let s): appendString(s)
        case .array(let items):
            let index = openContainer(.array)
            for item in items { append(item) }
            closeContainer(index, count: items.count)
        case .object(let object):
            let index = openContainer(.object)
            for (key, member) in object {
                appendString(key)
                append(member)
            }
            closeContainer(index, count: object.count)
        }
    }
}
