/// IDNA2008 (RFC 5890–5893) domain validation for idn-hostname, idn-email and A-labels in hostname.
enum FormatIDNA {
    static func idnHostname(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        domain(p, 0, p.count)
    }

    private static let sentinel: UInt32 = 0xFFFF_FFFF

    /// Validates the domain name in p[s ..< e]: A-labels, U-labels and LDH labels separated by
    /// U+002E, U+3002, U+FF0E or U+FF61; no empty labels; ≤ 63 octets per label and ≤ 253 in total
    /// (in A-label form).
    static func domain(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let n = e - s
        // Each scalar of a label costs at least one A-label octet, so 253 scalars of at most 4 bytes
        // (plus separators) bound the byte length.
        guard n >= 1, n <= 253 * 4 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n + 1) { buf in
            domain(p, s, e, buf)
        }
    }

    private static func domain(
        _ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ out: UnsafeMutableBufferPointer<UInt32>
    ) -> Bool {
        var o = 0
        var total = -1
        var i = s
        var bidiDomain = false
        while true {
            var j = i
            var ascii = true
            var sepLen = 0
            while j < e {
                let c = p[j]
                if c == 0x2E { sepLen = 1; break }
                if c >= 0x80 {
                    if j + 2 < e,
                        (c == 0xE3 && p[j + 1] == 0x80 && p[j + 2] == 0x82)
                            || (c == 0xEF && p[j + 1] == 0xBC && p[j + 2] == 0x8E)
                            || (c == 0xEF && p[j + 1] == 0xBD && p[j + 2] == 0xA1)
                    {
                        sepLen = 3
                        break
                    }
                    ascii = false
                }
                j += 1
            }
            let len = j - i
            guard len > 0 else { return false }
            let start = o
            var aLength = len
            if ascii {
                guard len <= 63 else { return false }
                if len >= 4, p[i + 2] == 0x2D, p[i + 3] == 0x2D, p[i] | 0x20 == 0x78, p[i + 1] | 0x20 == 0x6E {
                    // A-label: must decode, contain non-ASCII, re-encode to itself and be a valid U-label.
                    let count = FormatPunycode.decode(p, i + 4, j, into: out, at: o)
                    guard count > 0 else { return false }
                    o += count
                    var nonASCII = false
                    for q in start ..< o where out[q] >= 0x80 { nonASCII = true; break }
                    guard nonASCII else { return false }
                    var k = i + 4
                    let same = FormatPunycode.encode(out, start, o) { c in
                        guard k < j, FormatBytes.lower(p[k]) == c else { return false }
                        k += 1
                        return true
                    }
                    guard same, k == j, uLabel(out, start, o) else { return false }
                } else {
                    guard p[i] != 0x2D, p[j - 1] != 0x2D else { return false }
                    for q in i ..< j {
                        let c = p[q]
                        guard FormatBytes.isAlpha(c) || FormatBytes.isDigit(c) || c == 0x2D else { return false }
                        out[o] = UInt32(c)
                        o += 1
                    }
                }
            } else {
                var q = i
                while q < j {
                    let (cp, l) = FormatBytes.decodeUTF8(p, q, j)
                    guard l > 0 else { return false }
                    out[o] = cp
                    o += 1
                    q += l
                }
                guard uLabel(out, start, o) else { return false }
                var encoded = 4
                guard FormatPunycode.encode(out, start, o, { _ in encoded += 1; return encoded <= 63 }) else {
                    return false
                }
                aLength = encoded
            }
            total += aLength + 1
            guard total <= 253 else { return false }
            if !bidiDomain {
                for q in start ..< o {
                    switch FormatIDNATables.bidiClass(out[q]) {
                    case .r, .al, .an: bidiDomain = true
                    default: continue
                    }
                    break
                }
            }
            out[o] = sentinel
            o += 1
            if j == e { break }
            i = j + sepLen
            if i == e { return false }  // trailing separator
        }
        if bidiDomain {
            var a = 0
            while a < o {
                var b = a
                while out[b] != sentinel { b += 1 }
                guard bidiRule(out, a, b) else { return false }
                a = b + 1
            }
        }
        return true
    }

    /// RFC 5891 §5.4 / RFC 5892 checks on one label of scalars u[s ..< e].
    private static func uLabel(_ u: UnsafeMutableBufferPointer<UInt32>, _ s: Int, _ e: Int) -> Bool {
        let count = e - s
        guard count >= 1 else { return false }
        // Hyphen restrictions (RFC 5891 §4.2.3.1).
        if u[s] == 0x2D || u[e - 1] == 0x2D { return false }
        if count >= 4, u[s + 2] == 0x2D, u[s + 3] == 0x2D { return false }
        // Leading combining mark (§4.2.3.2).
        if FormatIDNATables.isMark(u[s]) { return false }
        for k in s ..< e {
            let cp = u[k]
            if cp < 0x80 {
                let c = UInt8(cp)
                guard FormatBytes.isAlpha(c) || FormatBytes.isDigit(c) || c == 0x2D else { return false }
                continue
            }
            switch FormatIDNATables.property(cp) {
            case .pvalid:
                continue
            case .disallowed:
                return false
            case .contextJ:
                guard contextJ(u, s, e, k) else { return false }
            case .contextO:
                guard contextO(u, s, e, k) else { return false }
            }
        }
        return true
    }

    /// RFC 5892 Appendix A.1 / A.2.
    private static func contextJ(_ u: UnsafeMutableBufferPointer<UInt32>, _ s: Int, _ e: Int, _ k: Int) -> Bool {
        if k > s, FormatIDNATables.isVirama(u[k - 1]) { return true }
        guard u[k] == 0x200C else { return false }
        var a = k - 1
        while a >= s, FormatIDNATables.joiningType(u[a]) == .t { a -= 1 }
        guard a >= s else { return false }
        let before = FormatIDNATables.joiningType(u[a])
        guard before == .l || before == .d else { return false }
        var b = k + 1
        while b < e, FormatIDNATables.joiningType(u[b]) == .t { b += 1 }
        guard b < e else { return false }
        let after = FormatIDNATables.joiningType(u[b])
        return after == .r || after == .d
    }

    /// RFC 5892 Appendix A.3 – A.9.
    private static func contextO(_ u: UnsafeMutableBufferPointer<UInt32>, _ s: Int, _ e: Int, _ k: Int) -> Bool {
        let cp = u[k]
        switch cp {
        case 0x00B7:
            return k > s && k + 1 < e && u[k - 1] == 0x6C && u[k + 1] == 0x6C
        case 0x0375:
            return k + 1 < e && FormatIDNATables.isGreek(u[k + 1])
        case 0x05F3, 0x05F4:
            return k > s && FormatIDNATables.isHebrew(u[k - 1])
        case 0x30FB:
            for q in s ..< e where FormatIDNATables.isKanaOrHan(u[q]) { return true }
            return false
        case 0x0660 ... 0x0669:
            for q in s ..< e where u[q] >= 0x06F0 && u[q] <= 0x06F9 { return false }
            return true
        case 0x06F0 ... 0x06F9:
            for q in s ..< e where u[q] >= 0x0660 && u[q] <= 0x0669 { return false }
            return true
        default:
            return false
        }
    }

    /// RFC 5893 §2 Bidi rule for one label of a Bidi domain name.
    private static func bidiRule(_ u: UnsafeMutableBufferPointer<UInt32>, _ s: Int, _ e: Int) -> Bool {
        guard e > s else { return false }
        let first = FormatIDNATables.bidiClass(u[s])
        var last = first
        switch first {
        case .r, .al:
            var hasEN = false, hasAN = false
            for k in s ..< e {
                let c = FormatIDNATables.bidiClass(u[k])
                switch c {
                case .l: return false
                case .en: hasEN = true
                case .an: hasAN = true
                default: break
                }
                if c != .nsm { last = c }
            }
            if hasEN && hasAN { return false }
            return last == .r || last == .al || last == .en || last == .an
        case .l:
            for k in s ..< e {
                let c = FormatIDNATables.bidiClass(u[k])
                switch c {
                case .r, .al, .an: return false
                default: break
                }
                if c != .nsm { last = c }
            }
            return last == .l || last == .en
        default:
            return false
        }
    }
}
