import AccordJSON

/// Draft 7's `contentEncoding` and `contentMediaType`, asserted.
///
/// Draft 7 lets an implementation validate these two keywords (section 8 of its validation
/// specification), and the official suite's optional tests for draft 7 expect it; from 2019-09 on
/// they are annotations only, so they are compiled for draft 7 alone. Accord checks what it can
/// check exactly: the `base64` encoding (RFC 4648 section 4, padded, no line breaks) and the
/// `application/json` media type (the decoded text must be one JSON document). Other encodings and
/// media types are left unasserted, as the specification allows.
struct ContentAssertion: Sendable {
    /// The string must be base64 (and the media type is checked on the decoded bytes).
    var base64: Bool
    /// The (decoded) content must be JSON.
    var json: Bool

    /// The assertion a draft 7 schema asks for, or nil when it names nothing Accord can check.
    init?(encoding: String?, mediaType: String?) {
        base64 = encoding?.lowercased() == "base64"
        // The media type without parameters (`application/json; charset=utf-8`) or surrounding blanks.
        let type = mediaType.map { $0.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
        json = type == "application/json"
        if !base64 && !json { return nil }
    }

    /// Which keyword `s` fails, or nil when it passes.
    func failure(_ s: UnsafeBufferPointer<UInt8>) -> (keyword: String, reason: String)? {
        if base64 {
            guard let decoded = Self.decodeBase64(s) else { return ("contentEncoding", "is not valid base64") }
            if json, !Self.isJSON(decoded) { return ("contentMediaType", "does not decode to a JSON document") }
            return nil
        }
        if json, !Self.isJSON(Array(s)) { return ("contentMediaType", "is not a JSON document") }
        return nil
    }

    private static func isJSON(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in (try? JSONParser().parse(raw)) != nil }
    }

    /// RFC 4648 base64 with padding; nil for any other character, a wrong length or misplaced `=`.
    static func decodeBase64(_ s: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard s.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(s.count / 4 * 3)
        var k = 0
        while k < s.count {
            var quantum: UInt32 = 0
            var padding = 0
            for j in 0..<4 {
                let c = s[k + j]
                let v: UInt32
                switch c {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
                case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a")) + 26
                case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0")) + 52
                case UInt8(ascii: "+"): v = 62
                case UInt8(ascii: "/"): v = 63
                case UInt8(ascii: "="):
                    // Only in the last quantum, only in its last two places, and nothing but `=` after it.
                    guard k + 4 == s.count, j >= 2 else { return nil }
                    padding += 1
                    v = 0
                default: return nil
                }
                if padding > 0 && c != UInt8(ascii: "=") { return nil }
                quantum = quantum << 6 | v
            }
            out.append(UInt8(truncatingIfNeeded: quantum >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: quantum >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: quantum)) }
            k += 4
        }
        return out
    }
}
