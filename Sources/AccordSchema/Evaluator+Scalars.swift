import AccordJSON

extension Evaluator {
    // MARK: Strings

    /// Unicode code points in UTF-8 bytes (what `minLength`/`maxLength` count).
    @inline(__always)
    static func codePointCount(_ s: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in s where b & 0xC0 != 0x80 { n &+= 1 }
        return n
    }

    mutating func validateString(_ c: StringConstraints, _ node: SchemaNode, _ i: Int) -> Bool {
        let s = reader.string(i)
        var valid = true
        // The byte count bounds the code point count (bytes/4 ≤ code points ≤ bytes), which usually
        // settles minLength/maxLength without counting.
        if let min = c.minLength, s.count < 4 * min, s.count < min || Self.codePointCount(s) < min {
            sink.fail(node, "minLength") { tape in "\(tape.describe(i)) is shorter than \(min) characters" }
            if !Sink.collects { return false }
            valid = false
        }
        if let max = c.maxLength, s.count > max, Self.codePointCount(s) > max {
            sink.fail(node, "maxLength") { tape in "\(tape.describe(i)) is longer than \(max) characters" }
            if !Sink.collects { return false }
            valid = false
        }
        if let regex = c.pattern {
            switch regex.matches(s) {
            case .match: break
            case .noMatch:
                sink.fail(node, "pattern") { tape in "\(tape.describe(i)) does not match the pattern \"\(regex.pattern)\"" }
                if !Sink.collects { return false }
                valid = false
            case .limitExceeded:
                sink.fail(node, "pattern") { tape in "matching \(tape.describe(i)) against the pattern \"\(regex.pattern)\" exceeded the regex engine's backtracking limit; the pattern is too costly for this input, so the value is rejected" }
                if !Sink.collects { return false }
                valid = false
            }
        }
        if let format = c.format, !format.kind.check(s) {
            sink.fail(node, "format") { tape in "\(tape.describe(i)) is not a valid \"\(format.name)\"" }
            if !Sink.collects { return false }
            valid = false
        }
        if let content = c.content, let (keyword, reason) = content.failure(s) {
            sink.fail(node, keyword) { tape in "\(tape.describe(i)) \(reason)" }
            if !Sink.collects { return false }
            valid = false
        }
        return valid
    }

    // MARK: Numbers

    @inline(__always)
    func satisfies(_ bound: NumericBound, lower: Bool, _ i: Int) -> Bool {
        let c: Int  // -1 instance < bound, 0 equal, 1 greater
        if reader.rawTag(i) == JSONTape.Tag.integer.rawValue, let exact = bound.exactInteger {
            let x = reader.integer(i)
            c = x < exact ? -1 : (x == exact ? 0 : 1)
        } else {
            let x = reader.numberAsDouble(i)
            c = x < bound.value ? -1 : (x == bound.value ? 0 : 1)
        }
        if lower { return bound.exclusive ? c > 0 : c >= 0 }
        return bound.exclusive ? c < 0 : c <= 0
    }

    mutating func validateNumber(_ c: NumericConstraints, _ node: SchemaNode, _ i: Int) -> Bool {
        var valid = true
        func check(_ bound: NumericBound, lower: Bool) -> Bool {
            satisfies(bound, lower: lower, i)
        }
        if let b = c.minimum, !check(b, lower: true) {
            sink.fail(node, b.keyword) { tape in "\(tape.describe(i)) is less than \(b.exclusive ? "or equal to " : "")\(JSONValue.number(b.value).description)" }
            if !Sink.collects { return false }
            valid = false
        }
        if let b = c.maximum, !check(b, lower: false) {
            sink.fail(node, b.keyword) { tape in "\(tape.describe(i)) is greater than \(b.exclusive ? "or equal to " : "")\(JSONValue.number(b.value).description)" }
            if !Sink.collects { return false }
            valid = false
        }
        for b in c.extra where !check(b, lower: b.keyword == "exclusiveMinimum") {
            sink.fail(node, b.keyword) { tape in "\(tape.describe(i)) is out of the \(b.keyword) bound \(JSONValue.number(b.value).description)" }
            if !Sink.collects { return false }
            valid = false
        }
        if let m = c.multipleOf {
            let ok = reader.rawTag(i) == JSONTape.Tag.integer.rawValue ? m.accepts(reader.integer(i)) : m.accepts(reader.double(i))
            if !ok {
                sink.fail(node, "multipleOf") { tape in "\(tape.describe(i)) is not a multiple of \(JSONValue.number(m.value).description)" }
                if !Sink.collects { return false }
                valid = false
            }
        }
        return valid
    }

    // MARK: enum and const

    @inline(__always)
    func matches(_ e: EnumConstraint, _ i: Int) -> Bool {
        if reader.rawTag(i) == JSONTape.Tag.string.rawValue {
            let s = reader.string(i)
            for candidate in e.strings {
                if candidate.count == s.count && candidate.withUnsafeBufferPointer({ reader.bytesEqual($0, s) }) { return true }
            }
            return false
        }
        if e.onlyStrings { return false }
        for value in e.values where reader.equals(i, value) { return true }
        return false
    }
}
