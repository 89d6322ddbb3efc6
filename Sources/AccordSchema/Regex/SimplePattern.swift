/// A fast matcher for the anchored patterns event schemas mostly use, such as `^ord_[0-9A-Za-z]{16}$`
/// or `^[A-Z]{3}-[0-9]{4,6}$`: a sequence of ASCII atoms (a literal, `\d`, `\w` or a bracket class of
/// ASCII ranges), each with an optional greedy quantifier, between `^` and `$`.
///
/// The answer is exactly the ECMA-262 one, not an approximation: the pattern is accepted only when a
/// single greedy left-to-right pass cannot miss a match, that is when every atom of variable count
/// shares no character with any atom after it (so where one run ends is forced). In ECMA-262 `$`
/// without the `m` flag matches only at the very end, and an ASCII-only atom never matches a byte of
/// a multi-byte UTF-8 sequence, so matching the subject's bytes is matching its code points.
/// Anything else (alternation, groups, `.`, negated classes, lookaround, Unicode escapes, lazy
/// quantifiers) returns nil from ``init(_:)`` and the pattern goes to PCRE2.
struct SimplePattern: Sendable {
    struct Atom: Sendable {
        /// Bitmap of the ASCII bytes the atom matches (bit `c & 63` of word `c >> 6`).
        var low: UInt64
        var high: UInt64
        var min: Int
        var max: Int  // Int.max for unbounded

        @inline(__always)
        func matches(_ c: UInt8) -> Bool {
            let word = c < 64 ? low : high
            return c < 128 && (word &>> UInt64(c & 63)) & 1 != 0
        }
    }

    private(set) var atoms: [Atom] = []

    /// Compiles `pattern`, or returns nil when it is outside the simple subset.
    init?(_ pattern: String) {
        let p = Array(pattern.utf8)
        guard p.count >= 2, p.first == UInt8(ascii: "^"), p.last == UInt8(ascii: "$") else { return nil }
        // A trailing `\$` is an escaped dollar, not the anchor.
        var backslashes = 0
        var k = p.count - 2
        while k >= 0 && p[k] == UInt8(ascii: "\\") { backslashes += 1; k -= 1 }
        guard backslashes % 2 == 0 else { return nil }
        var i = 1
        let end = p.count - 1
        while i < end {
            var atom = Atom(low: 0, high: 0, min: 1, max: 1)
            let c = p[i]
            switch c {
            case UInt8(ascii: "["):
                guard let next = Self.bracket(p, i + 1, end, &atom) else { return nil }
                i = next
            case UInt8(ascii: "\\"):
                guard i + 1 < end, Self.escape(p[i + 1], &atom) else { return nil }
                i += 2
            case UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "^"),
                 UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"),
                 UInt8(ascii: "}"), UInt8(ascii: "]"):
                return nil
            default:
                guard c < 0x80 else { return nil }
                Self.add(c, &atom)
                i += 1
            }
            if i < end {
                switch p[i] {
                case UInt8(ascii: "*"): atom.min = 0; atom.max = .max; i += 1
                case UInt8(ascii: "+"): atom.min = 1; atom.max = .max; i += 1
                case UInt8(ascii: "?"): atom.min = 0; atom.max = 1; i += 1
                case UInt8(ascii: "{"):
                    guard let next = Self.braces(p, i + 1, end, &atom) else { return nil }
                    i = next
                default: break
                }
                // Lazy quantifiers and stacked quantifiers are left to PCRE2.
                if i < end, p[i] == UInt8(ascii: "?") || p[i] == UInt8(ascii: "*") || p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "{") {
                    return nil
                }
            }
            atoms.append(atom)
        }
        // Greedy matching is exact only when a variable-count atom shares nothing with what follows.
        var laterLow: UInt64 = 0, laterHigh: UInt64 = 0
        for atom in atoms.reversed() {
            if atom.min != atom.max && (atom.low & laterLow != 0 || atom.high & laterHigh != 0) { return nil }
            laterLow |= atom.low
            laterHigh |= atom.high
        }
    }

    @inline(__always)
    private static func add(_ c: UInt8, _ atom: inout Atom) {
        if c < 64 { atom.low |= 1 << UInt64(c) } else { atom.high |= 1 << UInt64(c - 64) }
    }

    private static func addRange(_ a: UInt8, _ b: UInt8, _ atom: inout Atom) {
        for c in a...b { add(c, &atom) }
    }

    /// `\d`, `\w`, or an escaped ASCII punctuation character.
    private static func escape(_ c: UInt8, _ atom: inout Atom) -> Bool {
        switch c {
        case UInt8(ascii: "d"): addRange(0x30, 0x39, &atom)
        case UInt8(ascii: "w"):
            addRange(0x30, 0x39, &atom); addRange(0x41, 0x5A, &atom); addRange(0x61, 0x7A, &atom)
            add(UInt8(ascii: "_"), &atom)
        default:
            // Only identity escapes of syntax characters and `/`, `-`; letters and digits have meanings.
            guard c < 0x80, c > 0x20, !FormatBytes.isAlpha(c), !FormatBytes.isDigit(c) else { return false }
            add(c, &atom)
        }
        return true
    }

    /// A bracket class after `[`; returns the index after `]`.
    private static func bracket(_ p: [UInt8], _ start: Int, _ end: Int, _ atom: inout Atom) -> Int? {
        var i = start
        guard i < end, p[i] != UInt8(ascii: "^"), p[i] != UInt8(ascii: "]") else { return nil }
        while i < end && p[i] != UInt8(ascii: "]") {
            var single = Atom(low: 0, high: 0, min: 1, max: 1)
            var lowChar: UInt8? = nil
            if p[i] == UInt8(ascii: "\\") {
                guard i + 1 < end else { return nil }
                let e = p[i + 1]
                if e == UInt8(ascii: "d") || e == UInt8(ascii: "w") {
                    _ = escape(e, &single)
                } else {
                    guard e < 0x80, e > 0x20, !FormatBytes.isAlpha(e), !FormatBytes.isDigit(e) else { return nil }
                    lowChar = e
                }
                i += 2
            } else {
                guard p[i] < 0x80, p[i] != UInt8(ascii: "[") else { return nil }
                lowChar = p[i]
                i += 1
            }
            if let a = lowChar, i + 1 < end, p[i] == UInt8(ascii: "-"), p[i + 1] != UInt8(ascii: "]") {
                let b = p[i + 1]
                guard b < 0x80, b != UInt8(ascii: "\\"), b != UInt8(ascii: "["), a <= b else { return nil }
                addRange(a, b, &atom)
                i += 2
            } else if let a = lowChar {
                add(a, &atom)
            } else {
                // `[\d-z]` means different things with and without the `u` flag: leave it to PCRE2.
                if i < end, p[i] == UInt8(ascii: "-"), i + 1 < end, p[i + 1] != UInt8(ascii: "]") { return nil }
                atom.low |= single.low
                atom.high |= single.high
            }
        }
        guard i < end else { return nil }
        return i + 1
    }

    /// `{n}`, `{n,}` or `{n,m}` after `{`; returns the index after `}`.
    private static func braces(_ p: [UInt8], _ start: Int, _ end: Int, _ atom: inout Atom) -> Int? {
        var i = start
        func number() -> Int? {
            let s = i
            var v = 0
            while i < end, FormatBytes.isDigit(p[i]) {
                v = v * 10 + Int(p[i] - 0x30)
                if v > 1_000_000 { return nil }
                i += 1
            }
            return i > s ? v : nil
        }
        guard let n = number() else { return nil }
        var m = n
        if i < end && p[i] == UInt8(ascii: ",") {
            i += 1
            if i < end && p[i] == UInt8(ascii: "}") { m = .max } else {
                guard let v = number() else { return nil }
                m = v
            }
        }
        guard i < end, p[i] == UInt8(ascii: "}"), n <= m else { return nil }
        atom.min = n
        atom.max = m
        return i + 1
    }
}

extension SimplePattern {
    /// Whether the whole subject matches.
    @inline(__always)
    func matches(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        atoms.withUnsafeBufferPointer { Self.matches($0, s) }
    }

    @inline(__always)
    static func matches(_ atoms: UnsafeBufferPointer<Atom>, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = s.count
        guard let bytes = s.baseAddress else { return atoms.allSatisfy { $0.min == 0 } }
        var pos = 0
        for atom in atoms {
            if atom.min == atom.max {
                // A fixed count (a literal, `[A-Z]{3}`): every byte must match; nothing to search.
                if n &- pos < atom.min { return false }
                let end = pos &+ atom.min
                while pos < end {
                    if !atom.matches(bytes[pos]) { return false }
                    pos &+= 1
                }
                continue
            }
            let start = pos
            let limit = n &- pos < atom.max ? n : pos &+ atom.max
            while pos < limit && atom.matches(bytes[pos]) { pos &+= 1 }
            if pos &- start < atom.min { return false }
        }
        return pos == n
    }
}
