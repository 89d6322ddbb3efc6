/// A syntax-only check that a pattern is an ECMA-262 regular expression (roughly the `u`-mode
/// grammar for escapes and groups, with Annex B leniency for lone braces and brackets).
enum FormatRegex {
    static func check(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var r = FormatRegexParser(p: p)
        return r.run()
    }
}

struct FormatRegexParser {
    let p: UnsafeBufferPointer<UInt8>
    var i = 0

    init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

    private var atEnd: Bool { i >= p.count }
    private func peek(_ k: Int = 0) -> UInt8? { i + k < p.count ? p[i + k] : nil }

    mutating func run() -> Bool {
        var groups: [Bool] = []  // per open group: is it quantifiable when closed?
        var canQuantify = false
        while i < p.count {
            let c = p[i]
            switch c {
            case 0x5C:  // '\'
                guard let q = atomEscape() else { return false }
                canQuantify = q
            case 0x28:  // '('
                i += 1
                var quantifiable = true
                if peek() == 0x3F {  // '?'
                    i += 1
                    guard let k = peek() else { return false }
                    switch k {
                    case 0x3A, 0x3D, 0x21: i += 1  // ?: ?= ?!
                    case 0x3C:  // '<'
                        i += 1
                        if peek() == 0x3D || peek() == 0x21 {
                            i += 1
                            quantifiable = false
                        } else {
                            guard groupName() else { return false }
                        }
                    default:
                        // ES2025 modifiers: (?ims-ims:...)
                        guard modifiers() else { return false }
                    }
                }
                groups.append(quantifiable)
                canQuantify = false
            case 0x29:  // ')'
                guard let q = groups.popLast() else { return false }
                i += 1
                canQuantify = q
            case 0x5B:  // '['
                guard characterClass() else { return false }
                canQuantify = true
            case 0x2A, 0x2B, 0x3F:  // * + ?
                guard canQuantify else { return false }
                i += 1
                if peek() == 0x3F { i += 1 }
                canQuantify = false
            case 0x7B:  // '{'
                if let end = braceQuantifier() {
                    guard canQuantify, end > 0 else { return false }
                    i = end
                    if peek() == 0x3F { i += 1 }
                    canQuantify = false
                } else {
                    i += 1
                    canQuantify = true
                }
            case 0x7C, 0x5E, 0x24:  // | ^ $
                i += 1
                canQuantify = false
            default:
                i += 1
                canQuantify = true
            }
        }
        return groups.isEmpty
    }

    /// `{n}`, `{n,}`, `{n,m}` starting at i; returns the index after `}`, -1 when n > m, or nil.
    private func braceQuantifier() -> Int? {
        var k = i + 1
        var lo = 0, digits = 0
        while k < p.count, FormatBytes.isDigit(p[k]) {
            lo = min(lo * 10 + Int(p[k] &- 0x30), 1 << 40)
            k += 1
            digits += 1
        }
        guard digits > 0, k < p.count else { return nil }
        if p[k] == 0x7D { return k + 1 }
        guard p[k] == 0x2C else { return nil }
        k += 1
        var hi = 0
        digits = 0
        while k < p.count, FormatBytes.isDigit(p[k]) {
            hi = min(hi * 10 + Int(p[k] &- 0x30), 1 << 40)
            k += 1
            digits += 1
        }
        guard k < p.count, p[k] == 0x7D else { return nil }
        if digits > 0 && hi < lo { return -1 }
        return k + 1
    }

    private mutating func groupName() -> Bool {
        let start = i
        while let c = peek(), c != 0x3E {
            let ok = FormatBytes.isAlpha(c) || c == 0x24 || c == 0x5F || c >= 0x80
                || (FormatBytes.isDigit(c) && i > start)
            guard ok else { return false }
            i += 1
        }
        guard i > start, peek() == 0x3E else { return false }
        i += 1
        return true
    }

    private mutating func modifiers() -> Bool {
        var sawDash = false
        while let c = peek() {
            switch c {
            case 0x69, 0x6D, 0x73: i += 1
            case 0x2D:
                guard !sawDash else { return false }
                sawDash = true
                i += 1
            case 0x3A:
                i += 1
                return true
            default: return false
            }
        }
        return false
    }

    private mutating func hexDigits(_ n: Int) -> Int? {
        var v = 0
        for _ in 0 ..< n {
            guard let c = peek(), FormatBytes.isHex(c) else { return nil }
            v = v * 16 + FormatBytes.hexValue(c)
            i += 1
        }
        return v
    }

    /// An escape outside a class; returns whether the result can be quantified, or nil.
    private mutating func atomEscape() -> Bool? {
        i += 1
        guard let c = peek() else { return nil }
        switch c {
        case 0x62, 0x42:  // \b \B
            i += 1
            return false
        case 0x31 ... 0x39:
            while let d = peek(), FormatBytes.isDigit(d) { i += 1 }
            return true
        case 0x6B:  // \k<name>
            i += 1
            guard peek() == 0x3C else { return nil }
            i += 1
            guard groupName() else { return nil }
            return true
        default:
            return characterEscape(inClass: false) == nil ? nil : true
        }
    }

    /// A character or class escape after `\` (i at the escaped character).
    /// Returns the code point, -1 for a class escape like `\d`, or nil when invalid.
    private mutating func characterEscape(inClass: Bool) -> Int? {
        guard let c = peek() else { return nil }
        i += 1
        switch c {
        case 0x64, 0x44, 0x77, 0x57, 0x73, 0x53: return -1  // d D w W s S
        case 0x66: return 0x0C
        case 0x6E: return 0x0A
        case 0x72: return 0x0D
        case 0x74: return 0x09
        case 0x76: return 0x0B
        case 0x62 where inClass: return 0x08
        case 0x2D where inClass: return 0x2D
        case 0x30:
            if inClass { while let d = peek(), FormatBytes.isDigit(d) { i += 1 } }
            return 0
        case 0x31 ... 0x39 where inClass:
            while let d = peek(), FormatBytes.isDigit(d) { i += 1 }
            return -1
        case 0x63:  // \cX
            guard let x = peek(), FormatBytes.isAlpha(x) else { return nil }
            i += 1
            return Int(x) % 32
        case 0x78:  // \xHH
            return hexDigits(2)
        case 0x75:  // \uHHHH or \u{H...}
            if peek() == 0x7B {
                i += 1
                var v = 0, n = 0
                while let h = peek(), FormatBytes.isHex(h) {
                    v = min(v * 16 + FormatBytes.hexValue(h), 0x110000)
                    n += 1
                    i += 1
                }
                guard n > 0, v <= 0x10FFFF, peek() == 0x7D else { return nil }
                i += 1
                return v
            }
            return hexDigits(4)
        case 0x70, 0x50:  // \p{...} \P{...}
            guard peek() == 0x7B else { return nil }
            i += 1
            let start = i
            while let h = peek(), FormatBytes.isAlpha(h) || FormatBytes.isDigit(h) || h == 0x5F || h == 0x3D {
                i += 1
            }
            guard i > start, peek() == 0x7D else { return nil }
            i += 1
            return -1
        default:
            // Identity escapes: syntax characters, '/', other punctuation; never letters or digits.
            if FormatBytes.isAlpha(c) || FormatBytes.isDigit(c) { return nil }
            if c >= 0x80 {
                i -= 1
                let (cp, l) = FormatBytes.decodeUTF8(p, i, p.count)
                guard l > 0 else { return nil }
                i += l
                return Int(cp)
            }
            return Int(c)
        }
    }

    /// `[` ... `]`, checking escapes and range order.
    private mutating func characterClass() -> Bool {
        i += 1
        if peek() == 0x5E { i += 1 }
        var previous: Int? = nil  // last single atom value
        var pendingRange = false
        while let c = peek() {
            if c == 0x5D {
                i += 1
                return true
            }
            var value: Int
            if c == 0x5C {
                i += 1
                guard let v = characterEscape(inClass: true) else { return false }
                value = v
            } else {
                let (cp, l) = FormatBytes.decodeUTF8(p, i, p.count)
                guard l > 0 else { return false }
                i += l
                value = Int(cp)
                if c == 0x2D, !pendingRange, previous != nil, peek() != 0x5D {
                    pendingRange = true
                    continue
                }
            }
            if pendingRange {
                if let lo = previous, lo >= 0, value >= 0, lo > value { return false }
                pendingRange = false
                previous = nil
            } else {
                previous = value
            }
        }
        return false
    }
}
