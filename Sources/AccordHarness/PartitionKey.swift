import AccordJSON

/// The contract's partition key: an attribute name (`subject`, `partitionkey`) or a JSON Pointer
/// into the event (`/data/orderId`).
public struct PartitionKey: Sendable, Hashable {
    public var spec: String
    public init(_ spec: String) { self.spec = spec }

    /// The key of an event, nil when the event does not carry it.
    public func value(of event: CloudEvent) -> String? {
        let found: JSONValue?
        if spec.hasPrefix("/") {
            found = (try? JSONPointer(parsing: spec))?.resolve(in: event.value)
        } else {
            found = event.json[spec]
        }
        switch found {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case let other?: return JSONWriter.compact(other)
        }
    }
}
