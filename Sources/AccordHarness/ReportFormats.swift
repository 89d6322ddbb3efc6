import AccordJSON
import Foundation

/// Renders a ``HarnessReport`` for people (terminal), CI (JUnit XML) and machines (JSON).
public enum ReportFormats {
    /// One line per scenario and fixture, then each failure's event, attempt and diff.
    /// `colour` adds ANSI colours (use it on a TTY only).
    public static func text(_ report: HarnessReport, colour: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        let width = Scenario.allCases.map(\.rawValue.count).max()!
        var out = "accord test: \(report.handler) (\(report.adapter) adapter)\n"
        for r in report.results {
            let mark: String
            switch r.status {
            case .passed: mark = paint("PASS", "32")
            case .failed: mark = paint("FAIL", "31;1")
            case .skipped: mark = paint("SKIP", "33")
            }
            let name = r.scenario.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "\(mark)  \(name)  \(r.subject)"
            if let note = r.note, !note.isEmpty { out += paint("  — \(note)", "2") }
            out += "\n"
            for f in r.failures {
                out += "      ✗ \(f.message)\n"
                if let event = f.event { out += "        event: \(event)" + (f.attempt.map { ", attempt \($0)" } ?? "") + "\n" }
                for line in f.diff {
                    let painted = line.hasPrefix("+") ? paint(line, "32") : line.hasPrefix("-") ? paint(line, "31") : line
                    out += "        \(painted)\n"
                }
            }
        }
        if !report.deadLetters.isEmpty {
            out += "dead-letter queue:\n"
            for d in report.deadLetters { out += "  \(d.event) after \(d.attempts) attempt(s): \(d.reason)\n" }
        }
        let summary = "\(report.count(.passed)) passed, \(report.count(.failed)) failed, \(report.count(.skipped)) skipped in \(report.duration.shortDescription)"
        out += report.passed ? paint(summary, "32") : paint(summary, "31;1")
        return out + "\n"
    }

    /// The report as one JSON document.
    public static func json(_ report: HarnessReport) -> JSONValue {
        func failure(_ f: CheckFailure) -> JSONValue {
            var o = JSONObject()
            o["message"] = .string(f.message)
            if let e = f.event { o["event"] = .string(e) }
            if let a = f.attempt { o["attempt"] = .integer(Int64(a)) }
            if !f.diff.isEmpty { o["diff"] = .array(f.diff.map { .string($0) }) }
            return .object(o)
        }
        let results: [JSONValue] = report.results.map { r -> JSONValue in
            var o = JSONObject()
            o["scenario"] = .string(r.scenario.rawValue)
            o["subject"] = .string(r.subject)
            o["status"] = .string(r.status.rawValue)
            if let note = r.note, !note.isEmpty { o["note"] = .string(note) }
            o["failures"] = .array(r.failures.map(failure))
            return .object(o)
        }
        let letters: [JSONValue] = report.deadLetters.map { d -> JSONValue in
            ["event": d.event.value, "attempts": .integer(Int64(d.attempts)), "reason": .string(d.reason)]
        }
        return [
            "handler": .string(report.handler),
            "adapter": .string(report.adapter),
            "passed": .bool(report.passed),
            "summary": ["passed": .integer(Int64(report.count(.passed))), "failed": .integer(Int64(report.count(.failed))),
                        "skipped": .integer(Int64(report.count(.skipped)))],
            "results": .array(results),
            "deadLetters": .array(letters),
        ]
    }

    /// JUnit XML: one `<testsuite>` per scenario, one `<testcase>` per fixture.
    public static func junit(_ report: HarnessReport) -> String {
        let seconds = Double(report.duration.wholeMilliseconds) / 1000
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(xml("accord test: " + report.handler))\" tests=\"\(report.results.count)\" failures=\"\(report.count(.failed))\" skipped=\"\(report.count(.skipped))\" time=\"\(seconds)\">\n"
        for scenario in Scenario.allCases {
            let rs = report.results.filter { $0.scenario == scenario }
            if rs.isEmpty { continue }
            out += "  <testsuite name=\"\(scenario.rawValue)\" tests=\"\(rs.count)\" failures=\"\(rs.filter { $0.status == .failed }.count)\" skipped=\"\(rs.filter { $0.status == .skipped }.count)\" errors=\"0\">\n"
            for r in rs {
                out += "    <testcase classname=\"accord.\(xml(report.handler)).\(scenario.rawValue)\" name=\"\(xml(r.subject))\""
                switch r.status {
                case .passed: out += "/>\n"
                case .skipped: out += ">\n      <skipped message=\"\(xml(r.note ?? ""))\"/>\n    </testcase>\n"
                case .failed:
                    out += ">\n"
                    for f in r.failures {
                        var body = ""
                        if let e = f.event { body += "event: \(e)" + (f.attempt.map { ", attempt \($0)" } ?? "") + "\n" }
                        body += f.diff.joined(separator: "\n")
                        out += "      <failure message=\"\(xml(f.message))\" type=\"\(scenario.rawValue)\">\(xml(body))</failure>\n"
                    }
                    out += "    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Escapes text for XML content (``XMLEscaping/escape(_:attribute:)``).
    static func xml(_ s: String) -> String { XMLEscaping.escape(s) }
}
