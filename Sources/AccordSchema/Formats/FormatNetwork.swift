/// ipv4, ipv6, uuid and (ASCII) hostname.
enum FormatNetwork {
    /// RFC 2673 dotted-quad in p[s ..< e]: four decimal octets, no leading zeros.
    static func ipv4(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s
        for part in 0 ..< 4 {
            if part > 0 {
                guard i < e, p[i] == 0x2E else { return false }
                i += 1
            }
            guard i < e, FormatBytes.isDigit(p[i]) else { return false }
            var v = Int(p[i] &- 0x30)
            let first = i
            i += 1
            while i < e, FormatBytes.isDigit(p[i]) {
                if i - first >= 3 { return false }
                v = v * 10 + Int(p[i] &- 0x30)
                i += 1
            }
            if v > 255 || (p[first] == 0x30 && i - first > 1) { return false }
        }
        return i == e
    }

    /// RFC 4291 §2.2 text forms in p[s ..< e] (no zone id, no brackets).
    static func ipv6(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 2 else { return false }
        var i = s
        var groups = 0
        var compressed = false
        if p[i] == 0x3A {
            guard p[i + 1] == 0x3A else { return false }
            i += 2
            compressed = true
            if i == e { return true }
        }
        while true {
            let start = i
            while i < e, i - start < 5, FormatBytes.isHex(p[i]) { i += 1 }
            let n = i - start
            if n == 0 { return false }
            if i < e, p[i] == 0x2E {
                // Embedded IPv4 must close the address.
                guard ipv4(p, start, e) else { return false }
                groups += 2
                break
            }
            if n > 4 { return false }
            groups += 1
            if i == e { break }
            guard p[i] == 0x3A else { return false }
            i += 1
            guard i < e else { return false }
            if p[i] == 0x3A {
                if compressed { return false }
                compressed = true
                i += 1
                if i == e { break }
            }
            if groups > 8 { return false }
        }
        return compressed ? groups <= 7 : groups == 8
    }

    /// RFC 4122 8-4-4-4-12 hexadecimal form, any version or variant.
    static func uuid(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard p.count == 36, p[8] == 0x2D, p[13] == 0x2D, p[18] == 0x2D, p[23] == 0x2D else { return false }
        // Branch-free: accumulate a "not hex" flag over the 32 digits.
        var bad: UInt8 = 0
        @inline(__always) func acc(_ c: UInt8) {
            let digit = (c &- 0x30) < 10
            let letter = ((c | 0x20) &- 0x61) < 6
            bad |= (digit || letter) ? 0 : 1
        }
        for i in 0 ..< 8 { acc(p[i]) }
        for i in 9 ..< 13 { acc(p[i]) }
        for i in 14 ..< 18 { acc(p[i]) }
        for i in 19 ..< 23 { acc(p[i]) }
        for i in 24 ..< 36 { acc(p[i]) }
        return bad == 0
    }

    /// RFC 1123 host name; `xn--` labels must be valid IDNA A-labels.
    static func hostname(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        hostname(p, 0, p.count)
    }

    static func hostname(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let n = e - s
        guard n >= 1, n <= 253 else { return false }
        var i = s
        var hasALabel = false
        while true {
            let start = i
            while i < e {
                let c = p[i]
                if c == 0x2E { break }
                guard FormatBytes.isDigit(c) || FormatBytes.isAlpha(c) || c == 0x2D else { return false }
                i += 1
            }
            let len = i - start
            guard len >= 1, len <= 63, p[start] != 0x2D, p[i - 1] != 0x2D else { return false }
            if len >= 4, p[start + 2] == 0x2D, p[start + 3] == 0x2D,
                p[start] | 0x20 == 0x78, p[start + 1] | 0x20 == 0x6E
            {
                hasALabel = true
            }
            if i == e { break }
            i += 1  // skip '.'; a trailing dot leaves an empty label and fails above
        }
        if hasALabel {
            return FormatIDNA.domain(p, s, e)
        }
        return true
    }
}

/// RFC 5321 Mailbox (email) and RFC 6531 (idn-email).
enum FormatEmail {
    static func check(_ p: UnsafeBufferPointer<UInt8>, idn: Bool) -> Bool {
        let n = p.count
        guard n >= 3 else { return false }
        var i = 0
        if p[0] == 0x22 {
            // Quoted-string.
            i = 1
            while true {
                guard i < n else { return false }
                let c = p[i]
                if c == 0x22 { i += 1; break }
                if c == 0x5C {
                    guard i + 1 < n, p[i + 1] >= 0x20, p[i + 1] <= 0x7E else { return false }
                    i += 2
                    continue
                }
                if c >= 0x80 {
                    guard idn else { return false }
                } else if c < 0x20 || c > 0x7E {
                    return false
                }
                i += 1
            }
        } else {
            // Dot-string.
            var atomLen = 0
            while i < n {
                let c = p[i]
                if c == 0x40 { break }
                if c == 0x2E {
                    if atomLen == 0 { return false }
                    atomLen = 0
                } else if isAtext(c) || (idn && c >= 0x80) {
                    atomLen += 1
                } else {
                    return false
                }
                i += 1
            }
            if atomLen == 0 { return false }
        }
        guard i <= 64, i < n, p[i] == 0x40 else { return false }
        let d = i + 1
        guard d < n else { return false }
        if p[d] == 0x5B {
            guard p[n - 1] == 0x5D else { return false }
            let s = d + 1, e = n - 1
            if e - s > 5, p[s] | 0x20 == 0x69, p[s + 1] | 0x20 == 0x70, p[s + 2] | 0x20 == 0x76,
                p[s + 3] == 0x36, p[s + 4] == 0x3A
            {
                return FormatNetwork.ipv6(p, s + 5, e)
            }
            return FormatNetwork.ipv4(p, s, e)
        }
        return idn ? FormatIDNA.domain(p, d, n) : FormatNetwork.hostname(p, d, n)
    }

    @inline(__always)
    private static func isAtext(_ c: UInt8) -> Bool {
        switch c {
        case 0x30 ... 0x39, 0x41 ... 0x5A, 0x61 ... 0x7A,
            0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F,
            0x5E, 0x5F, 0x60, 0x7B, 0x7C, 0x7D, 0x7E:
            return true
        default:
            return false
        }
    }
}
