/// A JSON Schema specification release.
public enum Draft: String, Sendable, CaseIterable, Comparable {
    case draft4 = "4"
    case draft6 = "6"
    case draft7 = "7"
    case draft2019_09 = "2019-09"
    case draft2020_12 = "2020-12"

    /// The meta-schema URI that `$schema` uses for this draft.
    public var metaSchemaURI: String {
        switch self {
        case .draft4: return "http://json-schema.org/draft-04/schema"
        case .draft6: return "http://json-schema.org/draft-06/schema"
        case .draft7: return "http://json-schema.org/draft-07/schema"
        case .draft2019_09: return "https://json-schema.org/draft/2019-09/schema"
        case .draft2020_12: return "https://json-schema.org/draft/2020-12/schema"
        }
    }

    /// The draft a `$schema` URI names, ignoring an empty fragment and http/https.
    public init?(metaSchemaURI uri: String) {
        var u = uri
        if u.hasSuffix("#") { u.removeLast() }
        if u.hasPrefix("https://") { u = "http://" + u.dropFirst(8) }
        for draft in Draft.allCases {
            var m = draft.metaSchemaURI
            if m.hasPrefix("https://") { m = "http://" + m.dropFirst(8) }
            if u == m {
                self = draft
                return
            }
        }
        return nil
    }

    /// Parses the CLI spelling: `4`, `6`, `7`, `2019-09`, `2020-12` (also `draft7`, `draft2020-12`).
    public init?(name: String) {
        var n = name.lowercased()
        if n.hasPrefix("draft-0") { n = String(n.dropFirst(7)) }
        if n.hasPrefix("draft") { n = String(n.dropFirst(5)) }
        if n.hasPrefix("-") { n = String(n.dropFirst()) }
        if n == "04" || n == "06" || n == "07" { n = String(n.dropFirst()) }
        guard let d = Draft(rawValue: n) else { return nil }
        self = d
    }

    public static func < (a: Draft, b: Draft) -> Bool {
        a.rank < b.rank
    }

    /// Release order, without searching `allCases` (comparisons are frequent).
    private var rank: Int {
        switch self {
        case .draft4: return 0
        case .draft6: return 1
        case .draft7: return 2
        case .draft2019_09: return 3
        case .draft2020_12: return 4
        }
    }

    /// The keyword that declares a resource's URI (`id` in draft 4, `$id` after).
    var idKeyword: Keyword { self == .draft4 ? .legacyID : .id }
    /// Whether `$ref` makes its sibling keywords ignored (drafts 4 to 7).
    var refOverridesSiblings: Bool { self <= .draft7 }
}
