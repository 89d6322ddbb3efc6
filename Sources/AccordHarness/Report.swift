import AccordJSON

/// One failed expectation, with the event and attempt concerned and a diff when states differ.
public struct CheckFailure: Sendable, Hashable {
    public var message: String
    /// The event concerned (`type id=… source=…`).
    public var event: String?
    public var attempt: Int?
    /// Expected-versus-actual lines (`/path: expected 1, actual 2`).
    public var diff: [String]

    public init(_ message: String, event: CloudEvent? = nil, attempt: Int? = nil, diff: [String] = []) {
        self.message = message
        self.event = event?.description
        self.attempt = attempt
        self.diff = diff
    }
}

/// One line of the report: a scenario applied to one fixture (or to the run as a whole).
public struct CheckResult: Sendable, Hashable {
    public enum Status: String, Sendable { case passed, failed, skipped }
    public var scenario: Scenario
    /// The fixture's label, or what else the check is about.
    public var subject: String
    public var failures: [CheckFailure]
    /// Extra information (how an event was dead-lettered, why a check was skipped, …).
    public var note: String?
    public var skipped = false

    public init(scenario: Scenario, subject: String, failures: [CheckFailure] = [], note: String? = nil, skipped: Bool = false) {
        self.scenario = scenario
        self.subject = subject
        self.failures = failures
        self.note = note
        self.skipped = skipped
    }

    public var status: Status { skipped ? .skipped : (failures.isEmpty ? .passed : .failed) }
}

/// Everything `accord test` found.
public struct HarnessReport: Sendable {
    public var handler: String
    public var adapter: String
    public var results: [CheckResult]
    /// The dead-letter queue of the poison scenario.
    public var deadLetters: [DeadLetter]
    public var duration: Duration

    public init(handler: String, adapter: String, results: [CheckResult], deadLetters: [DeadLetter], duration: Duration) {
        self.handler = handler
        self.adapter = adapter
        self.results = results
        self.deadLetters = deadLetters
        self.duration = duration
    }

    /// True when no check failed.
    public var passed: Bool { !results.contains { $0.status == .failed } }
    public func count(_ status: CheckResult.Status) -> Int { results.filter { $0.status == status }.count }
}

/// Expected-versus-actual differences between two JSON values, one line per difference.
public enum JSONDiff {
    public static func lines(expected: JSONValue, actual: JSONValue, limit: Int = 20) -> [String] {
        var out: [String] = []
        walk(expected, actual, JSONPointer.root, &out)
        if out.count > limit { out = Array(out.prefix(limit)) + ["… \(out.count - limit) more differences"] }
        return out
    }

    static func show(_ v: JSONValue) -> String {
        let s = JSONWriter.compact(v)
        return s.count > 80 ? String(s.prefix(80)) + "…" : s
    }

    static func walk(_ e: JSONValue, _ a: JSONValue, _ at: JSONPointer, _ out: inout [String]) {
        if e == a { return }
        let path = at.tokens.isEmpty ? "(root)" : at.description
        switch (e, a) {
        case (.object(let eo), .object(let ao)):
            for (k, ev) in eo {
                if let av = ao[k] { walk(ev, av, at.appending(k), &out) } else { out.append("\(at.appending(k)): expected \(show(ev)), missing") }
            }
            for (k, av) in ao where eo[k] == nil { out.append("\(at.appending(k)): unexpected \(show(av))") }
        case (.array(let ea), .array(let aa)):
            for i in 0..<min(ea.count, aa.count) { walk(ea[i], aa[i], at.appending(i), &out) }
            if ea.count != aa.count { out.append("\(path): expected \(ea.count) items, actual \(aa.count)") }
        default:
            out.append("\(path): expected \(show(e)), actual \(show(a))")
        }
    }
}
