/// RFC 6901 JSON Pointer and Relative JSON Pointer.
enum FormatPointer {
    /// `json-pointer = *( "/" reference-token )` over p[s...].
    static func jsonPointer(_ p: UnsafeBufferPointer<UInt8>, _ s: Int) -> Bool {
        let e = p.count
        var i = s
        guard i < e else { return true }
        guard p[i] == 0x2F else { return false }
        while i < e {
            if p[i] == 0x7E {
                guard i + 1 < e, p[i + 1] == 0x30 || p[i + 1] == 0x31 else { return false }
                i += 2
            } else {
                i += 1
            }
        }
        return true
    }

    /// Parses a non-negative-integer (no leading zeros) at i; returns the index after it or -1.
    @inline(__always)
    private static func integer(_ p: UnsafeBufferPointer<UInt8>, _ s: Int) -> Int {
        let e = p.count
        guard s < e, FormatBytes.isDigit(p[s]) else { return -1 }
        if p[s] == 0x30 { return s + 1 }
        var i = s + 1
        while i < e, FormatBytes.isDigit(p[i]) { i += 1 }
        return i
    }

    /// `non-negative-integer [index-manipulation] ( "#" / json-pointer )`.
    static func relativeJSONPointer(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let e = p.count
        var i = integer(p, 0)
        guard i >= 0 else { return false }
        if i < e, p[i] == 0x2B || p[i] == 0x2D {
            i = integer(p, i + 1)
            guard i >= 0 else { return false }
        }
        if i < e, p[i] == 0x23 { return i + 1 == e }
        return jsonPointer(p, i)
    }
}
