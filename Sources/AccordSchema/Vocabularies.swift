/// The keyword groups (vocabularies) a schema's dialect enables.
struct Vocabularies: OptionSet, Hashable {
    let rawValue: UInt8
    static let core = Vocabularies(rawValue: 1)
    static let applicator = Vocabularies(rawValue: 2)
    static let unevaluated = Vocabularies(rawValue: 4)
    static let validation = Vocabularies(rawValue: 8)
    static let metaData = Vocabularies(rawValue: 16)
    static let formatAnnotation = Vocabularies(rawValue: 32)
    static let formatAssertion = Vocabularies(rawValue: 64)
    static let content = Vocabularies(rawValue: 128)

    static let all: Vocabularies = [.core, .applicator, .unevaluated, .validation, .metaData, .formatAnnotation, .content]

    /// The vocabulary a `$vocabulary` URI names, nil when unknown.
    static func named(_ uri: String) -> Vocabularies? {
        let known: [String: Vocabularies] = [
            "https://json-schema.org/draft/2020-12/vocab/core": .core,
            "https://json-schema.org/draft/2020-12/vocab/applicator": .applicator,
            "https://json-schema.org/draft/2020-12/vocab/unevaluated": .unevaluated,
            "https://json-schema.org/draft/2020-12/vocab/validation": .validation,
            "https://json-schema.org/draft/2020-12/vocab/meta-data": .metaData,
            "https://json-schema.org/draft/2020-12/vocab/format-annotation": .formatAnnotation,
            "https://json-schema.org/draft/2020-12/vocab/format-assertion": .formatAssertion,
            "https://json-schema.org/draft/2020-12/vocab/content": .content,
            "https://json-schema.org/draft/2019-09/vocab/core": .core,
            "https://json-schema.org/draft/2019-09/vocab/applicator": [.applicator, .unevaluated],
            "https://json-schema.org/draft/2019-09/vocab/validation": .validation,
            "https://json-schema.org/draft/2019-09/vocab/meta-data": .metaData,
            "https://json-schema.org/draft/2019-09/vocab/format": .formatAnnotation,
            "https://json-schema.org/draft/2019-09/vocab/content": .content,
        ]
        return known[uri]
    }
}

/// A draft plus the vocabularies its meta-schema enables: what a schema's keywords mean.
struct Dialect: Hashable {
    var draft: Draft
    var vocabularies: Vocabularies

    init(draft: Draft, vocabularies: Vocabularies = .all) {
        self.draft = draft
        self.vocabularies = vocabularies
    }
}
