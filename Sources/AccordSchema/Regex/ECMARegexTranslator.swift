// Translates an ECMA-262 regular expression (Unicode mode, no flags) into an
// equivalent PCRE2 pattern, rejecting syntax that ECMA-262 does not allow.
//
// Semantic differences handled here:
//   * `.`      -> any code point except \n \r U+2028 U+2029
//   * `$`      -> \z (only at the very end, no "before final newline" quirk)
//   * `\s` `\S` -> ECMA WhiteSpace + LineTerminator set (also inside classes)
//   * `\d` `\w` `\b` stay ASCII (PCRE2 without UCP)
//   * `\v`     -> U+000B (PCRE2's \v is a class)
//   * `\cX`, `\0`, `\xHH`, `\uXXXX` (incl. surrogate pairs), `\u{...}` -> \x{...}
//   * `\p{...}` long general-category names / `gc=` / `sc=` / `scx=` forms
//   * named groups become plain groups; `\k<name>` and `\N` become `\g{N}`
//   * every literal is emitted as itself (ASCII alnum) or `\x{...}`, so no PCRE2-only
//     syntax (`\Q`, `(*VERB)`, POSIX classes, `#`) can sneak through.

struct ECMARegexTranslator {
    private let pattern: String
    private let scalars: [Unicode.Scalar]
    /// Byte offset (in the UTF-8 of `pattern`) of each scalar, plus one entry for the end.
    private let byteOffsets: [Int]
    private var pos = 0
    private(set) var output: [UInt8] = []
    /// (output byte offset, source byte offset) pairs, ascending in output offset.
    private(set) var checkpoints: [(out: Int, src: Int)] = []
    private var groupCount = 0
    private var groupNames: [String: Int] = [:]
    private var depth = 0
    private(set) var usesBackreferences = false

    init(_ pattern: String) {
        self.pattern = pattern
        var s: [Unicode.Scalar] = []
        var o: [Int] = []
        s.reserveCapacity(pattern.unicodeScalars.count)
        var off = 0
        for u in pattern.unicodeScalars {
            s.append(u)
            o.append(off)
            off += UTF8.width(u)
        }
        o.append(off)
        scalars = s
        byteOffsets = o
    }

    /// Maps a byte offset in the translated pattern back to the ECMA pattern (best effort).
    func sourceOffset(forOutputOffset outOffset: Int) -> Int {
        var best = 0
        for cp in checkpoints {
            if cp.out <= outOffset { best = cp.src } else { break }
        }
        return best
    }

    // MARK: - Errors

    private func error(_ message: String, at index: Int? = nil) -> ECMARegexError {
        let i = min(max(index ?? pos, 0), byteOffsets.count - 1)
        return ECMARegexError(pattern: pattern, offset: byteOffsets[i], message: message)
    }

    // MARK: - Cursor helpers

    private var atEnd: Bool { pos >= scalars.count }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let i = pos + ahead
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func advance() -> Unicode.Scalar {
        let c = scalars[pos]
        pos += 1
        return c
    }

    private mutating func eat(_ c: Unicode.Scalar) -> Bool {
        if peek() == c { pos += 1; return true }
        return false
    }

    // MARK: - Output helpers

    private mutating func emit(_ s: String) {
        output.append(contentsOf: s.utf8)
    }

    private mutating func checkpoint(_ index: Int) {
        checkpoints.append((out: output.count, src: byteOffsets[min(index, byteOffsets.count - 1)]))
    }

    private static func hex(_ v: UInt32) -> String {
        "\\x{" + String(v, radix: 16) + "}"
    }

    private static func isSurrogate(_ v: UInt32) -> Bool { v >= 0xD800 && v <= 0xDFFF }

    /// A single code point outside a class.
    private mutating func emitCodePoint(_ v: UInt32) {
        if Self.isSurrogate(v) {
            // A lone surrogate can never occur in valid UTF-8: match nothing.
            emit("[^\\x{0}-\\x{10ffff}]")
            return
        }
        if (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) {
            output.append(UInt8(v))
        } else {
            emit(Self.hex(v))
        }
    }

    // MARK: - Character sets

    /// ECMA-262 WhiteSpace + LineTerminator, as sorted inclusive ranges.
    static let whiteSpaceRanges: [(UInt32, UInt32)] = [
        (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
        (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
    ]
    /// Complement of `whiteSpaceRanges` over all Unicode scalar values (surrogates excluded).
    static let nonWhiteSpaceRanges: [(UInt32, UInt32)] = {
        var result: [(UInt32, UInt32)] = []
        var next: UInt32 = 0
        for (lo, hi) in whiteSpaceRanges {
            if lo > next { result.append((next, lo - 1)) }
            next = hi + 1
        }
        result.append((next, 0x10FFFF))
        return result.flatMap { clipSurrogates($0.0, $0.1) }
    }()

    static func clipSurrogates(_ lo: UInt32, _ hi: UInt32) -> [(UInt32, UInt32)] {
        var r: [(UInt32, UInt32)] = []
        if lo <= 0xD7FF { r.append((lo, min(hi, 0xD7FF))) }
        if hi >= 0xE000 { r.append((max(lo, 0xE000), hi)) }
        return r.filter { $0.0 <= $0.1 }
    }

    private static func classBody(_ ranges: [(UInt32, UInt32)]) -> String {
        var s = ""
        for (lo, hi) in ranges {
            s += hex(lo)
            if hi != lo { s += "-" + hex(hi) }
        }
        return s
    }

    static let whiteSpaceClassBody = classBody(whiteSpaceRanges)
    static let nonWhiteSpaceClassBody = classBody(nonWhiteSpaceRanges)
    static let dotClass = "[^\\n\\r\\x{2028}\\x{2029}]"

    // MARK: - Entry point

    mutating func translate() throws(ECMARegexError) {
        try prescanGroups()
        checkpoint(0)
        try parseDisjunction()
        if !atEnd {
            // Only an unmatched ')' can stop the top-level disjunction.
            throw error("unmatched ')'")
        }
        checkpoint(scalars.count)
    }

    /// Counts capturing groups and records group names, so backreferences
    /// (including forward ones) can be validated and numbered.
    private mutating func prescanGroups() throws(ECMARegexError) {
        var i = 0
        var inClass = false
        var count = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" { i += 2; continue }
            if inClass {
                if c == "]" { inClass = false }
                i += 1
                continue
            }
            if c == "[" { inClass = true; i += 1; continue }
            if c == "(" {
                if i + 1 < scalars.count, scalars[i + 1] == "?" {
                    if i + 2 < scalars.count, scalars[i + 2] == "<",
                       i + 3 < scalars.count, scalars[i + 3] != "=", scalars[i + 3] != "!" {
                        count += 1
                        var j = i + 3
                        var name = ""
                        while j < scalars.count, scalars[j] != ">" {
                            name.unicodeScalars.append(scalars[j])
                            j += 1
                        }
                        if j >= scalars.count {
                            throw error("unterminated group name", at: i)
                        }
                        if groupNames[name] != nil {
                            throw error("duplicate group name '\(name)'", at: i)
                        }
                        groupNames[name] = count
                        i = j + 1
                        continue
                    }
                } else {
                    count += 1
                }
            }
            i += 1
        }
        groupCount = count
    }

    // MARK: - Disjunction / alternative / term

    private mutating func parseDisjunction() throws(ECMARegexError) {
        depth += 1
        defer { depth -= 1 }
        if depth > 200 { throw error("pattern nested too deeply") }
        try parseAlternative()
        while eat("|") {
            emit("|")
            try parseAlternative()
        }
    }

    private mutating func parseAlternative() throws(ECMARegexError) {
        while let c = peek(), c != "|", c != ")" {
            try parseTerm()
        }
    }

    private mutating func parseTerm() throws(ECMARegexError) {
        let start = pos
        checkpoint(start)
        let c = advance()
        var quantifiable = true
        switch c {
        case "^":
            emit("^")
            quantifiable = false
        case "$":
            emit("\\z")
            quantifiable = false
        case "\\":
            quantifiable = try parseAtomEscape(start: start)
        case "(":
            quantifiable = try parseGroup(start: start)
        case ".":
            emit(Self.dotClass)
        case "[":
            try parseClass(start: start)
        case "*", "+", "?":
            throw error("nothing to repeat", at: start)
        case "{":
            pos = start
            if parseBraceQuantifier() != nil {
                throw error("nothing to repeat", at: start)
            }
            throw error("lone '{' (use \\{ for a literal brace)", at: start)
        case "}":
            throw error("lone '}' (use \\} for a literal brace)", at: start)
        case "]":
            throw error("lone ']' (use \\] for a literal bracket)", at: start)
        default:
            emitCodePoint(c.value)
        }
        try parseQuantifier(quantifiable: quantifiable)
    }

    private mutating func parseQuantifier(quantifiable: Bool) throws(ECMARegexError) {
        guard let c = peek() else { return }
        let qStart = pos
        switch c {
        case "*", "+", "?":
            pos += 1
            if !quantifiable { throw error("nothing to repeat", at: qStart) }
            checkpoint(qStart)
            output.append(UInt8(c.value))
        case "{":
            guard let (lo, hi) = parseBraceQuantifier() else {
                throw error("incomplete quantifier (use \\{ for a literal brace)", at: qStart)
            }
            if !quantifiable { throw error("nothing to repeat", at: qStart) }
            if let hi, hi < lo { throw error("numbers out of order in {} quantifier", at: qStart) }
            checkpoint(qStart)
            if let hi {
                emit(lo == hi ? "{\(lo)}" : "{\(lo),\(hi)}")
            } else {
                emit("{\(lo),}")
            }
        default:
            return
        }
        if eat("?") { emit("?") }
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at `pos`. On failure restores `pos` and returns nil.
    /// Values saturate at Int.max (PCRE2 later rejects values above 65535).
    private mutating func parseBraceQuantifier() -> (Int, Int?)? {
        let save = pos
        guard eat("{") else { return nil }
        guard let lo = parseDecimal() else { pos = save; return nil }
        var hi: Int? = lo
        if eat(",") {
            hi = parseDecimal()
        }
        guard eat("}") else { pos = save; return nil }
        return (lo, hi)
    }

    private mutating func parseDecimal() -> Int? {
        var value = 0
        var any = false
        while let c = peek(), c.value >= 0x30, c.value <= 0x39 {
            pos += 1
            any = true
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c.value - 0x30))
            value = (o1 || o2) ? Int.max : a
        }
        return any ? value : nil
    }

    // MARK: - Groups

    /// Returns whether the group may be quantified.
    private mutating func parseGroup(start: Int) throws(ECMARegexError) -> Bool {
        var quantifiable = true
        if eat("?") {
            guard let k = peek() else { throw error("invalid group", at: start) }
            switch k {
            case ":":
                pos += 1
                emit("(?:")
            case "=":
                pos += 1
                emit("(?=")
                quantifiable = false
            case "!":
                pos += 1
                emit("(?!")
                quantifiable = false
            case "<":
                pos += 1
                if eat("=") {
                    emit("(?<=")
                    quantifiable = false
                } else if eat("!") {
                    emit("(?<!")
                    quantifiable = false
                } else {
                    let name = try parseGroupName(start: start)
                    _ = name
                    emit("(")
                }
            case "i", "m", "s", "-":
                try parseModifierGroup(start: start)
            default:
                throw error("invalid group", at: start)
            }
        } else {
            emit("(")
        }
        try parseDisjunction()
        guard eat(")") else { throw error("unbalanced parenthesis: missing ')'", at: start) }
        checkpoint(pos - 1)
        emit(")")
        return quantifiable
    }

    /// ES2025 pattern modifiers `(?i:...)`, `(?-i:...)`. Only `i` is supported, since `m` and
    /// `s` would change the meaning of the already-translated `^`, `$` and `.`.
    private mutating func parseModifierGroup(start: Int) throws(ECMARegexError) {
        var add = ""
        var remove = ""
        var seenDash = false
        while let c = peek(), c != ":" {
            pos += 1
            if c == "-" {
                if seenDash { throw error("invalid group", at: start) }
                seenDash = true
                continue
            }
            guard c == "i" || c == "m" || c == "s" else { throw error("invalid group", at: start) }
            let ch = String(Character(c))
            if add.contains(ch) || remove.contains(ch) { throw error("repeated flag in modifier group", at: start) }
            if seenDash { remove += ch } else { add += ch }
        }
        guard eat(":") else { throw error("invalid group", at: start) }
        if add.isEmpty && remove.isEmpty { throw error("invalid group", at: start) }
        if add.contains("m") || add.contains("s") || remove.contains("m") || remove.contains("s") {
            throw error("unsupported modifier (only 'i' is supported in modifier groups)", at: start)
        }
        emit("(?" + add + (remove.isEmpty ? "" : "-" + remove) + ":")
    }

    private mutating func parseGroupName(start: Int) throws(ECMARegexError) -> String {
        var name = ""
        var first = true
        while let c = peek(), c != ">" {
            pos += 1
            let ok: Bool
            if c == "$" || c == "_" {
                ok = true
            } else if first {
                ok = c.properties.isIDStart
            } else {
                ok = c.properties.isIDContinue || c.value == 0x200C || c.value == 0x200D
            }
            if !ok { throw error("invalid capture group name", at: pos - 1) }
            name.unicodeScalars.append(c)
            first = false
        }
        guard eat(">"), !name.isEmpty else { throw error("invalid capture group name", at: start) }
        return name
    }

    // MARK: - Escapes outside classes

    /// Returns whether the resulting atom may be quantified.
    private mutating func parseAtomEscape(start: Int) throws(ECMARegexError) -> Bool {
        guard let c = peek() else { throw error("\\ at end of pattern", at: start) }
        switch c {
        case "b":
            pos += 1
            emit("\\b")
            return false
        case "B":
            pos += 1
            emit("\\B")
            return false
        case "1"..."9":
            let n = parseDecimal() ?? 0
            if n > groupCount { throw error("invalid backreference \\\(n): no such group", at: start) }
            usesBackreferences = true
            emit("\\g{\(n)}")
            return true
        case "k":
            pos += 1
            guard eat("<") else { throw error("invalid named reference", at: start) }
            var name = ""
            while let d = peek(), d != ">" {
                pos += 1
                name.unicodeScalars.append(d)
            }
            guard eat(">") else { throw error("invalid named reference", at: start) }
            guard let n = groupNames[name] else {
                throw error("invalid named reference: no group named '\(name)'", at: start)
            }
            usesBackreferences = true
            emit("\\g{\(n)}")
            return true
        case "d", "D", "w", "W":
            pos += 1
            emit("\\" + String(Character(c)))
            return true
        case "s":
            pos += 1
            emit("[" + Self.whiteSpaceClassBody + "]")
            return true
        case "S":
            pos += 1
            emit("[" + Self.nonWhiteSpaceClassBody + "]")
            return true
        case "p", "P":
            pos += 1
            let body = try parsePropertyEscape(negated: c == "P", start: start)
            emit("[" + body + "]")
            return true
        default:
            let v = try parseCharacterEscape(start: start, inClass: false)
            emitCodePoint(v)
            return true
        }
    }

    /// Parses a CharacterEscape (after the backslash) and returns its code point value.
    /// Surrogate pairs written as two `\u` escapes are combined.
    private mutating func parseCharacterEscape(start: Int, inClass: Bool) throws(ECMARegexError) -> UInt32 {
        guard let c = peek() else { throw error("\\ at end of pattern", at: start) }
        pos += 1
        switch c {
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        case "c":
            if let l = peek(), (l.value >= 0x41 && l.value <= 0x5A) || (l.value >= 0x61 && l.value <= 0x7A) {
                pos += 1
                return l.value % 32
            }
            throw error("invalid control escape \\c (must be followed by an ASCII letter)", at: start)
        case "0":
            if let d = peek(), d.value >= 0x30, d.value <= 0x39 {
                throw error("invalid decimal escape (octal escapes are not allowed)", at: start)
            }
            return 0
        case "x":
            guard let h1 = peek().flatMap(Self.hexValue), let h2 = peek(1).flatMap(Self.hexValue) else {
                throw error("invalid \\x escape (needs exactly two hex digits)", at: start)
            }
            pos += 2
            return h1 * 16 + h2
        case "u":
            let v = try parseUnicodeEscapeBody(start: start)
            if v >= 0xD800, v <= 0xDBFF, peek() == "\\", peek(1) == "u" {
                let save = pos
                pos += 2
                if let lo = try? parseUnicodeEscapeBody(start: save), lo >= 0xDC00, lo <= 0xDFFF {
                    return 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                }
                pos = save
            }
            return v
        case "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/":
            return c.value
        case "-" where inClass:
            return c.value
        default:
            if c.value >= 0x30, c.value <= 0x39 {
                throw error("invalid escape \\\(Character(c)) inside a character class", at: start)
            }
            throw error("invalid escape \\\(Character(c))", at: start)
        }
    }

    /// After `\u`: `XXXX` or `{X...}`.
    private mutating func parseUnicodeEscapeBody(start: Int) throws(ECMARegexError) -> UInt32 {
        if eat("{") {
            var v: UInt32 = 0
            var digits = 0
            while let c = peek(), let h = Self.hexValue(c) {
                pos += 1
                digits += 1
                v = v &* 16 &+ h
                if v > 0x10FFFF || digits > 8 {
                    throw error("invalid \\u{...} escape (code point above 10FFFF)", at: start)
                }
            }
            guard digits > 0, eat("}") else { throw error("invalid \\u{...} escape", at: start) }
            return v
        }
        var v: UInt32 = 0
        for i in 0..<4 {
            guard let h = peek(i).flatMap(Self.hexValue) else {
                throw error("invalid \\u escape (needs four hex digits or {...})", at: start)
            }
            v = v * 16 + h
        }
        pos += 4
        return v
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: return c.value - 0x30
        case 0x41...0x46: return c.value - 0x41 + 10
        case 0x61...0x66: return c.value - 0x61 + 10
        default: return nil
        }
    }

    // MARK: - Unicode property escapes

    static let generalCategories: [String: String] = {
        let table: [[String]] = [
            ["C", "Other"], ["Cc", "Control", "cntrl"], ["Cf", "Format"], ["Cn", "Unassigned"],
            ["Co", "Private_Use"], ["Cs", "Surrogate"],
            ["L", "Letter"], ["LC", "Cased_Letter"], ["Ll", "Lowercase_Letter"], ["Lm", "Modifier_Letter"],
            ["Lo", "Other_Letter"], ["Lt", "Titlecase_Letter"], ["Lu", "Uppercase_Letter"],
            ["M", "Mark", "Combining_Mark"], ["Mc", "Spacing_Mark"], ["Me", "Enclosing_Mark"],
            ["Mn", "Nonspacing_Mark"],
            ["N", "Number"], ["Nd", "Decimal_Number", "digit"], ["Nl", "Letter_Number"], ["No", "Other_Number"],
            ["P", "Punctuation", "punct"], ["Pc", "Connector_Punctuation"], ["Pd", "Dash_Punctuation"],
            ["Pe", "Close_Punctuation"], ["Pf", "Final_Punctuation"], ["Pi", "Initial_Punctuation"],
            ["Po", "Other_Punctuation"], ["Ps", "Open_Punctuation"],
            ["S", "Symbol"], ["Sc", "Currency_Symbol"], ["Sk", "Modifier_Symbol"], ["Sm", "Math_Symbol"],
            ["So", "Other_Symbol"],
            ["Z", "Separator"], ["Zl", "Line_Separator"], ["Zp", "Paragraph_Separator"], ["Zs", "Space_Separator"],
        ]
        var d: [String: String] = [:]
        for row in table { for name in row { d[name] = row[0] } }
        return d
    }()

    /// ECMA-262 binary Unicode properties (canonical names and aliases) that are passed to PCRE2.
    static let binaryProperties: Set<String> = [
        "ASCII_Hex_Digit", "AHex", "Alphabetic", "Alpha", "Bidi_Control", "Bidi_C",
        "Bidi_Mirrored", "Bidi_M", "Case_Ignorable", "CI", "Cased", "Changes_When_Casefolded", "CWCF",
        "Changes_When_Casemapped", "CWCM", "Changes_When_Lowercased", "CWL",
        "Changes_When_NFKC_Casefolded", "CWKCF", "Changes_When_Titlecased", "CWT",
        "Changes_When_Uppercased", "CWU", "Dash", "Default_Ignorable_Code_Point", "DI", "Deprecated", "Dep",
        "Diacritic", "Dia", "Emoji", "Emoji_Component", "EComp", "Emoji_Modifier", "EMod",
        "Emoji_Modifier_Base", "EBase", "Emoji_Presentation", "EPres", "Extended_Pictographic", "ExtPict",
        "Extender", "Ext", "Grapheme_Base", "Gr_Base", "Grapheme_Extend", "Gr_Ext", "Hex_Digit", "Hex",
        "IDS_Binary_Operator", "IDSB", "IDS_Trinary_Operator", "IDST", "ID_Continue", "IDC", "ID_Start", "IDS",
        "Ideographic", "Ideo", "Join_Control", "Join_C", "Logical_Order_Exception", "LOE", "Lowercase", "Lower",
        "Math", "Noncharacter_Code_Point", "NChar", "Pattern_Syntax", "Pat_Syn", "Pattern_White_Space", "Pat_WS",
        "Quotation_Mark", "QMark", "Radical", "Regional_Indicator", "RI", "Sentence_Terminal", "STerm",
        "Soft_Dotted", "SD", "Terminal_Punctuation", "Term", "Unified_Ideograph", "UIdeo", "Uppercase", "Upper",
        "Variation_Selector", "VS", "White_Space", "space", "XID_Continue", "XIDC", "XID_Start", "XIDS",
    ]

    /// Parses `{...}` after `\p` / `\P` and returns a PCRE2 class body (usable inside `[...]`).
    private mutating func parsePropertyEscape(negated: Bool, start: Int) throws(ECMARegexError) -> String {
        guard eat("{") else { throw error("invalid property escape (expected '{')", at: start) }
        var text = ""
        while let c = peek(), c != "}" {
            pos += 1
            let v = c.value
            let ok = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || c == "_" || c == "="
            if !ok { throw error("invalid property escape", at: start) }
            text.unicodeScalars.append(c)
        }
        guard eat("}"), !text.isEmpty else { throw error("invalid property escape (missing '}')", at: start) }
        let p = negated ? "\\P{" : "\\p{"
        if let eq = text.firstIndex(of: "=") {
            let name = String(text[..<eq])
            let value = String(text[text.index(after: eq)...])
            if value.isEmpty || value.contains("=") { throw error("invalid property escape", at: start) }
            switch name {
            case "General_Category", "gc":
                guard let gc = Self.generalCategories[value] else {
                    throw error("unknown general category '\(value)'", at: start)
                }
                return p + gc + "}"
            case "Script", "sc":
                return p + "sc:" + value + "}"
            case "Script_Extensions", "scx":
                return p + "scx:" + value + "}"
            default:
                throw error("unknown Unicode property name '\(name)'", at: start)
            }
        }
        if let gc = Self.generalCategories[text] { return p + gc + "}" }
        switch text {
        case "Any": return negated ? "" : "\\x{0}-\\x{10ffff}"
        case "ASCII": return negated ? "\\x{80}-\\x{10ffff}" : "\\x{0}-\\x{7f}"
        case "Assigned": return negated ? "\\p{Cn}" : "\\P{Cn}"
        default: break
        }
        if Self.binaryProperties.contains(text) { return p + text + "}" }
        throw error("unknown Unicode property '\(text)'", at: start)
    }

    // MARK: - Character classes

    private enum ClassAtom {
        case char(UInt32)
        case set(String)  // already a PCRE2 class body fragment
    }

    private mutating func parseClass(start: Int) throws(ECMARegexError) {
        let negated = eat("^")
        var body = ""
        func add(_ lo: UInt32, _ hi: UInt32) {
            for (a, b) in Self.clipSurrogates(lo, hi) {
                body += Self.hex(a)
                if b != a { body += "-" + Self.hex(b) }
            }
        }
        while true {
            guard let c = peek() else {
                throw error("missing terminating ] for character class", at: start)
            }
            if c == "]" { pos += 1; break }
            let atomStart = pos
            let a = try parseClassAtom()
            if peek() == "-", let n = peek(1), n != "]" {
                pos += 1
                let bStart = pos
                let b = try parseClassAtom()
                guard case .char(let lo) = a, case .char(let hi) = b else {
                    throw error("invalid character class range (class escape used as range bound)", at: atomStart)
                }
                _ = bStart
                if lo > hi { throw error("range out of order in character class", at: atomStart) }
                add(lo, hi)
            } else {
                switch a {
                case .char(let v): add(v, v)
                case .set(let s): body += s
                }
            }
        }
        // PCRE2_ALLOW_EMPTY_CLASS makes "[]" match nothing and "[^]" match anything, as in ECMA.
        emit((negated ? "[^" : "[") + body + "]")
    }

    private mutating func parseClassAtom() throws(ECMARegexError) -> ClassAtom {
        let start = pos
        let c = advance()
        guard c == "\\" else { return .char(c.value) }
        guard let e = peek() else { throw error("\\ at end of pattern", at: start) }
        switch e {
        case "b":
            pos += 1
            return .char(0x08)
        case "d", "D", "w", "W":
            pos += 1
            return .set("\\" + String(Character(e)))
        case "s":
            pos += 1
            return .set(Self.whiteSpaceClassBody)
        case "S":
            pos += 1
            return .set(Self.nonWhiteSpaceClassBody)
        case "p", "P":
            pos += 1
            return .set(try parsePropertyEscape(negated: e == "P", start: start))
        default:
            return .char(try parseCharacterEscape(start: start, inClass: true))
        }
    }
}
