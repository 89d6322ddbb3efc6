/// The checks the harness runs; each is a named check in the report.
public enum Scenario: String, Sendable, CaseIterable, Codable {
    /// Fixtures are valid CloudEvents whose data matches their type's schema; so is every emitted event.
    case schema
    /// Each event delivered twice (back to back and later) changes nothing; same id, other source is new.
    case duplicate
    /// The whole stream replayed after completion leaves the state unchanged.
    case replay
    /// Lost acknowledgements and a failing downstream: the handler asks for retry, ends like a clean run.
    case transient
    /// Poison events end dead-lettered within max attempts; the handler survives and goes on.
    case poison
    /// With a partition key, per-key order is preserved across retries.
    case ordering
}
