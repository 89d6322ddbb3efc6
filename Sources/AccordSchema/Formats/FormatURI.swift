/// RFC 3986 URI / URI-reference and RFC 3987 IRI / IRI-reference.
enum FormatURI {
    private enum Part { case userinfo, host, path, query, fragment }

    @inline(__always)
    private static func isUnreserved(_ c: UInt8) -> Bool {
        switch c {
        case 0x30 ... 0x39, 0x41 ... 0x5A, 0x61 ... 0x7A, 0x2D, 0x2E, 0x5F, 0x7E: return true
        default: return false
        }
    }

    @inline(__always)
    private static func isSubDelim(_ c: UInt8) -> Bool {
        switch c {
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D: return true
        default: return false
        }
    }

    /// RFC 3987 ucschar; `privateUse` additionally admits iprivate (queries only).
    @inline(__always)
    static func isUcschar(_ cp: UInt32, privateUse: Bool) -> Bool {
        switch cp {
        case 0xA0 ... 0xD7FF, 0xF900 ... 0xFDCF, 0xFDF0 ... 0xFFEF: return true
        case 0xE000 ... 0xF8FF, 0xF0000 ... 0xFFFFD, 0x100000 ... 0x10FFFD: return privateUse
        default:
            if cp >= 0x10000 && cp <= 0xEFFFD && !(cp >= 0xE0000 && cp <= 0xE0FFF) { return cp & 0xFFFF <= 0xFFFD }
            return false
        }
    }

    /// Scans the component p[i ..< e] of the given kind, stopping at its delimiter.
    /// Returns the index it stopped at, or -1 on an invalid character.
    @inline(__always)
    private static func scan(
        _ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ e: Int, _ part: Part, _ iri: Bool
    ) -> Int {
        var i = start
        while i < e {
            let c = p[i]
            if isUnreserved(c) || isSubDelim(c) { i += 1; continue }
            switch c {
            case 0x25:  // pct-encoded
                guard i + 2 < e, FormatBytes.isHex(p[i + 1]), FormatBytes.isHex(p[i + 2]) else { return -1 }
                i += 3
                continue
            case 0x3A:  // ':'
                if part == .host { return i }
                i += 1
                continue
            case 0x40:  // '@'
                if part == .userinfo || part == .host { return i }
                i += 1
                continue
            case 0x2F:  // '/'
                if part == .userinfo || part == .host { return i }
                i += 1
                continue
            case 0x3F:  // '?'
                if part == .query || part == .fragment { i += 1; continue }
                return i
            case 0x23:  // '#'
                return i
            default:
                break
            }
            if c >= 0x80 && iri {
                let (cp, l) = FormatBytes.decodeUTF8(p, i, e)
                guard l > 0, isUcschar(cp, privateUse: part == .query) else { return -1 }
                i += l
                continue
            }
            return -1
        }
        return i
    }

    static func check(_ p: UnsafeBufferPointer<UInt8>, iri: Bool, reference: Bool) -> Bool {
        let e = p.count
        var i = 0
        // Scheme.
        var hasScheme = false
        if e > 0, FormatBytes.isAlpha(p[0]) {
            var k = 1
            while k < e {
                let c = p[k]
                if FormatBytes.isAlpha(c) || FormatBytes.isDigit(c) || c == 0x2B || c == 0x2D || c == 0x2E {
                    k += 1
                } else {
                    break
                }
            }
            if k < e, p[k] == 0x3A {
                hasScheme = true
                i = k + 1
            }
        }
        if !hasScheme && !reference { return false }
        // Hier-part / relative-part.
        if i + 1 < e, p[i] == 0x2F, p[i + 1] == 0x2F {
            i = authority(p, i + 2, e, iri)
            if i < 0 { return false }
            i = scan(p, i, e, .path, iri)
        } else {
            let pathStart = i
            i = scan(p, i, e, .path, iri)
            if i < 0 { return false }
            if !hasScheme {
                // path-noscheme: no ':' in the first segment.
                for k in pathStart ..< i {
                    if p[k] == 0x2F { break }
                    if p[k] == 0x3A { return false }
                }
            }
        }
        if i < 0 { return false }
        if i < e, p[i] == 0x3F {
            i = scan(p, i + 1, e, .query, iri)
            if i < 0 { return false }
        }
        if i < e, p[i] == 0x23 {
            i = scan(p, i + 1, e, .fragment, iri)
            if i < 0 { return false }
        }
        return i == e
    }

    /// authority = [ userinfo "@" ] host [ ":" port ]; returns the index after it or -1.
    private static func authority(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ iri: Bool) -> Int {
        var end = s
        while end < e {
            let c = p[end]
            if c == 0x2F || c == 0x3F || c == 0x23 { break }
            end += 1
        }
        var h = s
        var k = s
        while k < end {
            if p[k] == 0x40 { break }
            k += 1
        }
        if k < end {
            guard scan(p, s, k, .userinfo, iri) == k else { return -1 }
            h = k + 1
        }
        var i: Int
        if h < end, p[h] == 0x5B {
            var close = h + 1
            while close < end, p[close] != 0x5D { close += 1 }
            guard close < end else { return -1 }
            guard ipLiteral(p, h + 1, close) else { return -1 }
            i = close + 1
        } else {
            i = scan(p, h, end, .host, iri)
            guard i >= 0 else { return -1 }
        }
        if i < end {
            guard p[i] == 0x3A else { return -1 }
            i += 1
            while i < end {
                guard FormatBytes.isDigit(p[i]) else { return -1 }
                i += 1
            }
        }
        return end
    }

    /// IPv6address / IPvFuture inside brackets.
    private static func ipLiteral(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard s < e else { return false }
        if p[s] | 0x20 == 0x76 {
            var i = s + 1
            while i < e, FormatBytes.isHex(p[i]) { i += 1 }
            guard i > s + 1, i < e, p[i] == 0x2E else { return false }
            i += 1
            guard i < e else { return false }
            while i < e {
                let c = p[i]
                guard isUnreserved(c) || isSubDelim(c) || c == 0x3A else { return false }
                i += 1
            }
            return true
        }
        return FormatNetwork.ipv6(p, s, e)
    }
}

/// RFC 6570 URI Template syntax (level 4).
enum FormatURITemplate {
    static func check(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let e = p.count
        var i = 0
        while i < e {
            let c = p[i]
            switch c {
            case 0x7B:
                i = expression(p, i + 1, e)
                if i < 0 { return false }
            case 0x25:
                guard i + 2 < e, FormatBytes.isHex(p[i + 1]), FormatBytes.isHex(p[i + 2]) else { return false }
                i += 3
            case 0x21, 0x23, 0x24, 0x26, 0x27, 0x28 ... 0x3B, 0x3D, 0x3F ... 0x5B, 0x5D, 0x5F, 0x61 ... 0x7A, 0x7E:
                i += 1
            default:
                guard c >= 0x80 else { return false }
                let (cp, l) = FormatBytes.decodeUTF8(p, i, e)
                guard l > 0, FormatURI.isUcschar(cp, privateUse: true) else { return false }
                i += l
            }
        }
        return true
    }

    /// Parses an expression after "{"; returns the index after "}" or -1.
    private static func expression(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var i = s
        guard i < e else { return -1 }
        switch p[i] {
        case 0x2B, 0x23, 0x2E, 0x2F, 0x3B, 0x3F, 0x26, 0x3D, 0x2C, 0x21, 0x40, 0x7C: i += 1
        default: break
        }
        while true {
            // varname = varchar *( ["."] varchar )
            var needChar = true
            while i < e {
                let c = p[i]
                if FormatBytes.isAlpha(c) || FormatBytes.isDigit(c) || c == 0x5F {
                    i += 1
                } else if c == 0x25 {
                    guard i + 2 < e, FormatBytes.isHex(p[i + 1]), FormatBytes.isHex(p[i + 2]) else { return -1 }
                    i += 3
                } else if c == 0x2E && !needChar {
                    i += 1
                    needChar = true
                    continue
                } else {
                    break
                }
                needChar = false
            }
            if needChar { return -1 }
            guard i < e else { return -1 }
            // modifier-level4
            if p[i] == 0x3A {
                i += 1
                guard i < e, p[i] >= 0x31, p[i] <= 0x39 else { return -1 }
                let d = i
                i += 1
                while i < e, FormatBytes.isDigit(p[i]) { i += 1 }
                if i - d > 4 { return -1 }
            } else if p[i] == 0x2A {
                i += 1
            }
            guard i < e else { return -1 }
            if p[i] == 0x7D { return i + 1 }
            guard p[i] == 0x2C else { return -1 }
            i += 1
        }
    }
}
