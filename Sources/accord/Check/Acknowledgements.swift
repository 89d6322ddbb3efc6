import Yams

/// Deliberate breaking changes, reviewed like code, in `Schemas/accord-acknowledged.yaml`:
///
/// ```yaml
/// acknowledged:
///   - subject: order.placed
///     kind: required-property-added
///     pointer: /required/6
///     reason: "every producer sends couponCode since 2026.11 (PR #123)"
/// ```
/// An entry matches a breaking change of that subject and kind whose location in the new (or,
/// for a removal, the old) schema is `pointer`. A matched change is reported but does not fail
/// the check; an entry that matches nothing is reported as stale.
struct Acknowledgement: Sendable, Hashable, Decodable {
    var subject: String
    var kind: String
    var pointer: String
    var reason: String

    private enum CodingKeys: String, CodingKey { case subject, kind, pointer, reason }

    init(subject: String, kind: String, pointer: String, reason: String) {
        self.subject = subject
        self.kind = kind
        self.pointer = Self.normalize(pointer)
        self.reason = reason
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decode(String.self, forKey: .subject)
        kind = try container.decode(String.self, forKey: .kind)
        pointer = Self.normalize(try container.decodeIfPresent(String.self, forKey: .pointer) ?? "")
        reason = try container.decode(String.self, forKey: .reason)
    }

    /// Accepts `#/a/b`, `/a/b`, `#` and the empty pointer.
    static func normalize(_ pointer: String) -> String {
        pointer.hasPrefix("#") ? String(pointer.dropFirst()) : pointer
    }

    func matches(subject: String, kind: String, newLocation: String, oldLocation: String) -> Bool {
        self.subject == subject && self.kind == kind
            && (pointer == Self.normalize(newLocation) || pointer == Self.normalize(oldLocation))
    }
}

/// The acknowledgements file.
struct AcknowledgementFile: Sendable {
    static let fileNames = ["accord-acknowledged.yaml", "accord-acknowledged.yml"]

    var path: String?
    var entries: [Acknowledgement]

    private struct Document: Decodable {
        var acknowledged: [Acknowledgement]?
    }

    static func load(from snapshot: SchemaSnapshot) throws(CheckError) -> AcknowledgementFile {
        for name in fileNames {
            guard let bytes = snapshot.files[name] else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                guard let node = try Yams.compose(yaml: text) else { return AcknowledgementFile(path: name, entries: []) }
                if node.sequence != nil {
                    return AcknowledgementFile(path: name, entries: try YAMLDecoder().decode([Acknowledgement].self, from: node))
                }
                let document = try YAMLDecoder().decode(Document.self, from: node)
                return AcknowledgementFile(path: name, entries: document.acknowledged ?? [])
            } catch {
                throw CheckError("\(name): invalid acknowledgements: \(SubjectConfig.describe(error))",
                                 fix: "each entry needs subject, kind, pointer and reason")
            }
        }
        return AcknowledgementFile(path: nil, entries: [])
    }
}
