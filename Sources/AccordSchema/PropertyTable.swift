/// Member names a schema mentions, looked up by their UTF-8 bytes without creating Strings.
/// Linear scan with a length and first-bytes prefilter for small tables; open hashing for large.
struct PropertyTable {
    private(set) var names: [String] = []
    private var bytes: [[UInt8]] = []
    private var prefixes: [UInt64] = []
    private var lengths: [Int] = []
    private var buckets: [Int32] = []

    var count: Int { names.count }

    func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The index of `name`, adding it when new.
    mutating func intern(_ name: String) -> Int {
        if let i = index(of: name) { return i }
        let b = Array(name.utf8)
        names.append(name)
        bytes.append(b)
        prefixes.append(b.withUnsafeBufferPointer { Self.prefix($0) })
        lengths.append(b.count)
        if names.count > 12 { rebuildBuckets() }
        return names.count - 1
    }

    @inline(__always)
    static func prefix(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var p: UInt64 = 0
        let n = min(b.count, 8)
        for i in 0..<n { p |= UInt64(b[i]) << (8 * UInt64(i)) }
        return p
    }

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in b { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }

    private mutating func rebuildBuckets() {
        var size = 16
        while size < names.count * 2 { size <<= 1 }
        buckets = [Int32](repeating: -1, count: size)
        for (i, b) in bytes.enumerated() {
            var slot = Int(truncatingIfNeeded: b.withUnsafeBufferPointer { Self.hash($0) }) & (size - 1)
            while buckets[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            buckets[slot] = Int32(i)
        }
    }

    /// The index of the name spelled by `key`, or -1.
    @inline(__always)
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        if buckets.isEmpty {
            let p = Self.prefix(key)
            for i in 0..<lengths.count where lengths[i] == key.count && prefixes[i] == p {
                if key.count <= 8 || equalBytes(bytes[i], key) { return i }
            }
            return -1
        }
        let mask = buckets.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let i = Int(buckets[slot])
            if i < 0 { return -1 }
            if lengths[i] == key.count && equalBytes(bytes[i], key) { return i }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equalBytes(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.withUnsafeBufferPointer { ap in
            guard let x = ap.baseAddress, let y = b.baseAddress else { return ap.count == b.count }
            return memcmp(x, y, b.count) == 0
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
