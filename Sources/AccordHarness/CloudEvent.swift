import AccordJSON

/// A CloudEvents 1.0 event in the JSON event format, kept as its JSON object so that every
/// attribute (extensions included) round-trips unchanged.
public struct CloudEvent: Sendable, Hashable, CustomStringConvertible {
    /// The event's JSON object (`specversion`, `id`, `source`, `type`, …, `data` or `data_base64`).
    public var json: JSONObject

    /// Wraps a JSON object; use ``CloudEventEnvelope/violations(in:)`` to check it.
    public init(json: JSONObject) { self.json = json }

    /// The `id` attribute ("" when absent).
    public var id: String { json["id"]?.stringValue ?? "" }
    /// The `source` attribute ("" when absent).
    public var source: String { json["source"]?.stringValue ?? "" }
    /// The `type` attribute ("" when absent).
    public var type: String { json["type"]?.stringValue ?? "" }
    /// The optional `subject` attribute.
    public var subject: String? { json["subject"]?.stringValue }
    /// The `data` member, when present.
    public var data: JSONValue? { json["data"] }

    /// CloudEvents identify an event by `source` + `id`.
    public var identity: EventIdentity { EventIdentity(source: source, id: id) }

    /// The event as a JSON value.
    public var value: JSONValue { .object(json) }

    /// Returns a copy with one attribute replaced.
    public func setting(_ attribute: String, to value: JSONValue) -> CloudEvent {
        var copy = json
        copy[attribute] = value
        return CloudEvent(json: copy)
    }

    public var description: String { "\(type) id=\(id) source=\(source)" }
}

/// The identity of a CloudEvent: `source` and `id` together.
public struct EventIdentity: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var source: String
    public var id: String
    public init(source: String, id: String) { self.source = source; self.id = id }
    public var description: String { "\(source)#\(id)" }
    public static func < (a: EventIdentity, b: EventIdentity) -> Bool { (a.source, a.id) < (b.source, b.id) }
}
