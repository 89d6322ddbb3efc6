import AccordJSON

/// One fixture event and where it came from.
public struct Fixture: Sendable, Hashable {
    /// The event.
    public var event: CloudEvent
    /// The file it was read from (as named in the contract).
    public var file: String
    /// Its 1-based line (the line of an NDJSON record; 1 for a single-event file).
    public var line: Int
    /// Marked as poison in the contract: it can never succeed and must end dead-lettered.
    public var poison: Bool

    public init(event: CloudEvent, file: String, line: Int, poison: Bool = false) {
        self.event = event
        self.file = file
        self.line = line
        self.poison = poison
    }

    /// `file:line (type id)`, the fixture's name in reports.
    public var label: String { "\(file):\(line) \(event.type) \(event.id)" }
}

/// Reads fixture files: a single event (`.json`), a JSON array of events (the CloudEvents batch
/// format) or NDJSON streams (`.ndjson`, `.jsonl`), checking each event's envelope.
public enum FixtureLoader {
    /// Loads one file. Throws a located ``HarnessInputError`` for unreadable files, malformed JSON
    /// and events that break the CloudEvents envelope rules.
    public static func load(path: String, displayName: String? = nil, poison: Bool = false) throws(HarnessInputError) -> [Fixture] {
        let name = displayName ?? path
        var values: [(JSONValue, Int)] = []
        if path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl") {
            let reader: NDJSONReader
            do { reader = try NDJSONReader(path: path) } catch {
                throw HarnessInputError(file: name, message: "cannot read fixture file: \(error.reason)")
            }
            var failure: HarnessInputError?
            do {
                try reader.forEachLine { line in
                    switch line {
                    case .oversized(let number, let size):
                        failure = HarnessInputError(file: name, line: number, message: "line of \(size) bytes is over the size limit")
                        return false
                    case .text(let number, let bytes):
                        do {
                            values.append((try JSONParser().parse(bytes, file: name), number))
                        } catch let error as JSONParseError {
                            failure = HarnessInputError(file: name, line: number, column: error.column, message: "malformed JSON: \(error.reason)")
                            return false
                        } catch {
                            failure = HarnessInputError(file: name, line: number, message: "malformed JSON: \(error)")
                            return false
                        }
                        return true
                    }
                }
            } catch {
                throw HarnessInputError(file: name, message: "cannot read fixture file: \(error)")
            }
            if let failure { throw failure }
        } else {
            let value: JSONValue
            do { value = try JSONParser().parseFile(atPath: path) } catch {
                if error.kind == .unreadable { throw HarnessInputError(file: name, message: "cannot read fixture file: \(error.reason)") }
                throw HarnessInputError(file: name, line: error.line, column: error.column, message: "malformed JSON: \(error.reason)")
            }
            if case .array(let events) = value {
                values = events.map { ($0, 1) }
            } else {
                values = [(value, 1)]
            }
        }
        if values.isEmpty { throw HarnessInputError(file: name, message: "no events in fixture file") }
        var fixtures: [Fixture] = []
        for (index, (value, line)) in values.enumerated() {
            let violations = CloudEventEnvelope.violations(in: value)
            if !violations.isEmpty {
                let which = values.count > 1 && line == 1 ? " (event \(index + 1))" : ""
                throw HarnessInputError(
                    file: name, line: line,
                    message: "not a valid CloudEvent\(which): " + violations.map(\.description).joined(separator: "; "))
            }
            guard case .object(let object) = value else { continue }
            fixtures.append(Fixture(event: CloudEvent(json: object), file: name, line: line, poison: poison))
        }
        return fixtures
    }
}
