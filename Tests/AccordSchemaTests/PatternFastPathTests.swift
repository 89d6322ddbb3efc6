import AccordJSON
import AccordSchema
import Testing

/// Simple anchored patterns are matched without PCRE2; the answers must be PCRE2's (ECMA-262's).
/// Wrapping a pattern in a non-capturing group keeps it on PCRE2, which gives the reference answer.
@Suite struct PatternFastPathTests {
    static let patterns = [
        "^ord_[0-9A-Za-z]{16}$", "^[A-Z]{3}-[0-9]{4,6}$", "^[A-Z0-9]{4,12}$", "^[A-Z]{2}$", "^\\d+$", "^\\w*-x?$",
        "^a[b-d]*e{2,}$", "^[a-]+\\.[-z]$", "^$", "^a*a$", "^[a-z]+[a-z0-9]$", "^\\$[0-9]+$", "^a\\\\$",
    ]
    static let subjects = [
        "", "a", "aa", "aaa", "ord_vW72GHW8qGNqsqLE", "ord_vW72GHW8qGNqsqL", "ord_vW72GHW8qGNqsqLE1", "ABC-1234", "ABC-123",
        "ABC-1234567", "ABC-123456", "abc-1234", "ABC-1234\n", "ÀBC-1234", "GB", "G", "GBR", "gb", "587XN8G9VGVD", "12345",
        "1a", "_x-", "ab-x", "ab-", "abcceee", "ae", "aee", "a-.z", "--.-", "a.z", "$12", "12", "a\\", "ab1", "x9", "١٢٣",
    ]

    func schema(_ pattern: String) throws -> JSONSchema {
        try JSONSchema(compiling: .object(JSONObject([("pattern", .string(pattern))])))
    }

    @Test func agreesWithPCRE2() throws {
        for pattern in Self.patterns {
            let fast = try schema(pattern)
            let reference = try schema("(?:" + pattern + ")")
            for subject in Self.subjects {
                let instance = JSONValue.string(subject)
                #expect(fast.isValid(instance) == reference.isValid(instance), "pattern \(pattern) on \(subject.debugDescription)")
                #expect(fast.validate(instance).isValid == fast.isValid(instance), "flag and basic paths, \(pattern) on \(subject.debugDescription)")
            }
        }
    }

    @Test func knownAnswers() throws {
        let sku = try schema("^[A-Z]{3}-[0-9]{4,6}$")
        #expect(sku.isValid(.string("DBN-000353")))
        #expect(!sku.isValid(.string("DBN-0003531")))
        #expect(!sku.isValid(.string("DBN-000353\n")), "ECMA-262 $ does not match before a trailing newline")
        #expect(sku.isValid(.integer(5)), "pattern ignores non-strings")
        let digits = try schema("^\\d+$")
        #expect(!digits.isValid(.string("١٢٣")), "\\d is ASCII only")
    }
}
