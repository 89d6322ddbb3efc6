/// A JSON object: members keep their insertion order for display, but equality ignores order.
///
/// Members live in one array in insertion order. Schemas and events mostly have a handful of members,
/// and for those a linear scan comparing names beats hashing every name looked up; objects with more
/// than ``indexThreshold`` members also keep a name → position index.
public struct JSONObject: Sendable, Hashable, Sequence {
    private var members: [(key: String, value: JSONValue)] = []
    /// Position of each member by name, kept only when `members.count > indexThreshold`.
    private var index: [String: Int]?

    /// Above this many members, lookups use a dictionary rather than a scan.
    static let indexThreshold = 12

    public init() {}

    public init(_ members: [(String, JSONValue)]) {
        self.members.reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    /// Member names in insertion order.
    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    @inline(__always)
    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        // Lengths first: most probes are for names the object lacks (a schema compiler asks
        // for every keyword), and comparing two counts is cheaper than comparing two strings.
        let length = key.utf8.count
        for i in members.indices where members[i].key.utf8.count == length && members[i].key == key { return i }
        return nil
    }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let i = position(of: key) {
                if let newValue {
                    members[i].value = newValue
                } else {
                    members.remove(at: i)
                    rebuildIndex()
                }
            } else if let newValue {
                members.append((key, newValue))
                if index != nil {
                    index![key] = members.count - 1
                } else if members.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else {
            index = nil
            return
        }
        var built = [String: Int](minimumCapacity: members.count)
        for (i, member) in members.enumerated() { built[member.key] = i }
        index = built
    }

    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// The members, in insertion order or sorted by name (UTF-16 code units, as RFC 8785 orders them).
    package func members(sorted: Bool) -> [(key: String, value: JSONValue)] {
        guard sorted, members.count > 1 else { return members }
        return members.sorted { Self.utf16Precedes($0.key, $1.key) }
    }

    /// Whether `a` sorts before `b` by UTF-16 code units, compared as UTF-8 bytes without
    /// transcoding when the first difference is between two ASCII bytes (nearly always): the equal
    /// bytes before it are equal characters, and an ASCII byte is a whole character and its own
    /// UTF-16 code unit. (Beyond ASCII, UTF-8 order and UTF-16 order can differ.)
    static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        let decided = a.withUTF8 { x in b.withUTF8 { y -> Bool? in
            let common = Swift.min(x.count, y.count)
            for i in 0..<common where x[i] != y[i] {
                return x[i] < 0x80 && y[i] < 0x80 ? x[i] < y[i] : nil
            }
            return x.count < y.count
        } }
        return decided ?? a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// Members in insertion order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        members.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members where rhs[member.key] != member.value { return false }
        return true
    }

    /// Independent of member order, like equality: the members' hashes are combined commutatively.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            var h = Hasher()
            h.combine(member.key)
            h.combine(member.value)
            combined ^= h.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}
