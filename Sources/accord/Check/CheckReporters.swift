import AccordCompatibility
import AccordJSON
import AccordHarness

/// Renders a ``CheckSummary`` in one of `accord check`'s output formats.
enum CheckReporter {
    static func render(_ summary: CheckSummary, format: CheckCommand.OutputFormat) -> String {
        switch format {
        case .text: TextCheckReporter.render(summary)
        case .github: GitHubCheckReporter.render(summary)
        case .junit: JUnitCheckReporter.render(summary)
        case .json: JSONWriter.pretty(JSONCheckReporter.render(summary)) + "\n"
        }
    }

    static func witnessSentence(_ witness: Witness) -> String {
        let other = witness.validUnder == .old ? "new" : "old"
        return "witness: \(JSONWriter.compact(witness.instance)) is valid under the \(witness.validUnder.rawValue) schema and rejected by the \(other) one"
    }

    /// The finding's message with the level and the version it breaks.
    static func message(_ finding: BreakingFinding, in outcome: SubjectOutcome) -> String {
        if finding.change.kind == "subject-deleted" { return finding.change.message }
        let version = outcome.brokenVersion.map { " with \($0)" } ?? ""
        return "\(outcome.subject) is not \(outcome.level.rawValue) compatible\(version): [\(finding.change.kind)] \(finding.change.message)"
    }

    static func staleMessage(_ entry: Acknowledgement) -> String {
        "stale acknowledgement: no breaking change of \(entry.subject) of kind \(entry.kind) at \"\(entry.pointer)\" remains; remove the entry (reason was: \(entry.reason))"
    }

    static func summaryLine(_ summary: CheckSummary) -> String {
        let problems = summary.outcomes.reduce(summary.problems.count) { $0 + $1.problems.filter { !$0.isWarning }.count }
        return "accord check against \(summary.against): \(summary.outcomes.count) subjects: "
            + "\(summary.count(.unchanged)) unchanged, \(summary.count(.compatible)) compatible, \(summary.count(.added)) new, "
            + "\(summary.count(.breaking) + summary.count(.deleted)) breaking, \(summary.count(.acknowledged)) acknowledged, "
            + "\(problems) error\(problems == 1 ? "" : "s")"
    }
}

enum TextCheckReporter {
    static func render(_ summary: CheckSummary) -> String {
        var out = ""
        for problem in summary.problems { out += line(problem) }
        for outcome in summary.outcomes {
            for problem in outcome.problems { out += line(problem) }
            for finding in outcome.findings {
                let place = "\(finding.position.file):\(finding.position.line):\(finding.position.column)"
                if let acknowledgement = finding.acknowledgement {
                    out += "\(place): note: acknowledged: \(CheckReporter.message(finding, in: outcome)) (reason: \(acknowledgement.reason))\n"
                } else {
                    out += "\(place): error: \(CheckReporter.message(finding, in: outcome))\n"
                }
            }
            if !outcome.findings.isEmpty, let witness = outcome.witness {
                out += "    \(CheckReporter.witnessSentence(witness))\n"
            }
            switch outcome.status {
            case .compatible:
                let changes = outcome.otherChanges.map(\.kind)
                let detail = changes.isEmpty ? "" : " (\(changes.count) compatible change\(changes.count == 1 ? "" : "s"): \(changes.joined(separator: ", ")))"
                out += "\(outcome.file): \(outcome.subject) is \(outcome.level.rawValue) compatible with \(outcome.comparedWith.last ?? "its baseline")\(detail)\n"
            case .added:
                out += "\(outcome.file): \(outcome.subject) is a new subject\n"
            default:
                break
            }
        }
        for entry in summary.staleAcknowledgements {
            out += "\(summary.acknowledgementsFile ?? "accord-acknowledged.yaml"): warning: \(CheckReporter.staleMessage(entry))\n"
        }
        out += CheckReporter.summaryLine(summary) + "\n"
        return out
    }

    private static func line(_ problem: CheckProblem) -> String {
        let severity = problem.isWarning ? "warning" : "error"
        guard let position = problem.position else { return "\(severity): \(problem.message)\n" }
        return "\(position.file):\(position.line):\(position.column): \(severity): \(problem.message)\n"
    }
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
enum GitHubCheckReporter {
    static func render(_ summary: CheckSummary) -> String {
        var out = ""
        for problem in summary.problems { out += annotation(problem) }
        for outcome in summary.outcomes {
            for problem in outcome.problems { out += annotation(problem) }
            for finding in outcome.findings {
                var message = CheckReporter.message(finding, in: outcome)
                if let witness = outcome.witness { message += "\n" + CheckReporter.witnessSentence(witness) }
                if let acknowledgement = finding.acknowledgement { message += "\nacknowledged: \(acknowledgement.reason)" }
                out += command(
                    finding.acknowledgement == nil ? "error" : "notice", position: finding.position,
                    title: "accord: \(finding.change.kind)", message: message)
            }
        }
        for entry in summary.staleAcknowledgements {
            let file = summary.acknowledgementsFile.map { SourcePosition(file: $0, repositoryFile: $0, line: 1, column: 1) }
            out += command("warning", position: file, title: "accord: stale acknowledgement", message: CheckReporter.staleMessage(entry))
        }
        out += CheckReporter.summaryLine(summary) + "\n"
        return out
    }

    private static func annotation(_ problem: CheckProblem) -> String {
        command(problem.isWarning ? "warning" : "error", position: problem.position, title: "accord", message: problem.message)
    }

    static func command(_ name: String, position: SourcePosition?, title: String, message: String) -> String {
        var properties: [String] = []
        if let position {
            properties.append("file=\(escapeProperty(position.repositoryFile))")
            properties.append("line=\(position.line)")
            properties.append("col=\(position.column)")
        }
        properties.append("title=\(escapeProperty(title))")
        return "::\(name) \(properties.joined(separator: ","))::\(escapeData(message))\n"
    }

    /// As `@actions/core` escapes a command's message.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// As `@actions/core` escapes a property value.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// JUnit XML: one test case per subject (and one for the acknowledgements file).
enum JUnitCheckReporter {
    static func render(_ summary: CheckSummary) -> String {
        var cases: [String] = []
        var failures = 0
        var errors = 0
        for outcome in summary.outcomes {
            var body = ""
            let problems = outcome.problems.filter { !$0.isWarning }
            if !problems.isEmpty {
                errors += 1
                let text = problems.map { problem in
                    (problem.position.map { "\($0.file):\($0.line):\($0.column): " } ?? "") + problem.message
                }.joined(separator: "\n")
                body += "      <error type=\"invalid-schema\" message=\"\(escape(problems[0].message))\">\(escape(text))</error>\n"
            } else if let first = outcome.failingFindings.first {
                failures += 1
                var text = outcome.failingFindings.map {
                    "\($0.position.file):\($0.position.line):\($0.position.column): \(CheckReporter.message($0, in: outcome))"
                }.joined(separator: "\n")
                if let witness = outcome.witness { text += "\n" + CheckReporter.witnessSentence(witness) }
                body += "      <failure type=\"\(escape(first.change.kind))\" message=\"\(escape(CheckReporter.message(first, in: outcome)))\">\(escape(text))</failure>\n"
            }
            let notes = outcome.findings.filter { $0.acknowledgement != nil }.map {
                "acknowledged: \(CheckReporter.message($0, in: outcome)) (reason: \($0.acknowledgement!.reason))"
            } + outcome.problems.filter(\.isWarning).map { "warning: \($0.message)" }
            if !notes.isEmpty { body += "      <system-out>\(escape(notes.joined(separator: "\n")))</system-out>\n" }
            let open = "    <testcase classname=\"accord.check\" name=\"\(escape(outcome.subject))\" file=\"\(escape(outcome.file))\" time=\"0\""
            cases.append(body.isEmpty ? open + "/>\n" : open + ">\n" + body + "    </testcase>\n")
        }
        if let file = summary.acknowledgementsFile {
            let stale = summary.staleAcknowledgements.map(CheckReporter.staleMessage).joined(separator: "\n")
            let open = "    <testcase classname=\"accord.check\" name=\"acknowledgements\" file=\"\(escape(file))\" time=\"0\""
            cases.append(stale.isEmpty ? open + "/>\n" : open + ">\n      <system-err>\(escape(stale))</system-err>\n    </testcase>\n")
        }
        for problem in summary.problems where !problem.isWarning {
            errors += 1
            cases.append("    <testcase classname=\"accord.check\" name=\"configuration\" time=\"0\">\n      <error message=\"\(escape(problem.message))\"/>\n    </testcase>\n")
        }
        let name = escape("accord check against \(summary.against)")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="accord check" tests="\(cases.count)" failures="\(failures)" errors="\(errors)">
              <testsuite name="\(name)" tests="\(cases.count)" failures="\(failures)" errors="\(errors)" skipped="0" time="0">

            """ + cases.joined() + """
              </testsuite>
            </testsuites>

            """
    }

    /// Escapes XML text and attribute values (line breaks kept as character references).
    static func escape(_ text: String) -> String { XMLEscaping.escape(text, attribute: true) }
}

/// The machine-readable result.
enum JSONCheckReporter {
    static func render(_ summary: CheckSummary) -> JSONValue {
        var root = JSONObject()
        root["against"] = .string(summary.against)
        root["compatible"] = .bool(summary.exitStatus == 0)
        root["exitStatus"] = .integer(Int64(summary.exitStatus))
        root["subjects"] = .array(summary.outcomes.map(subject))
        root["problems"] = .array(summary.problems.map(problem))
        root["staleAcknowledgements"] = .array(summary.staleAcknowledgements.map { entry in
            ["subject": .string(entry.subject), "kind": .string(entry.kind), "pointer": .string(entry.pointer), "reason": .string(entry.reason)]
        })
        return .object(root)
    }

    private static func subject(_ outcome: SubjectOutcome) -> JSONValue {
        var object = JSONObject()
        object["subject"] = .string(outcome.subject)
        object["file"] = .string(outcome.file)
        object["status"] = .string(outcome.status.rawValue)
        object["level"] = .string(outcome.level.rawValue)
        object["policy"] = .string(outcome.policy.rawValue)
        object["comparedWith"] = .array(outcome.comparedWith.map { .string($0) })
        object["brokenVersion"] = outcome.brokenVersion.map { .string($0) } ?? .null
        object["breakingChanges"] = .array(outcome.findings.map { finding in
            var change = change(finding.change)
            change["file"] = .string(finding.position.file)
            change["line"] = .integer(Int64(finding.position.line))
            change["column"] = .integer(Int64(finding.position.column))
            change["acknowledged"] = .bool(finding.acknowledgement != nil)
            if let reason = finding.acknowledgement?.reason { change["reason"] = .string(reason) }
            return .object(change)
        })
        object["otherChanges"] = .array(outcome.otherChanges.map { .object(change($0)) })
        object["witness"] = outcome.witness.map { witness in
            ["instance": witness.instance, "validUnder": .string(witness.validUnder.rawValue)]
        } ?? .null
        object["problems"] = .array(outcome.problems.map(problem))
        return .object(object)
    }

    private static func change(_ change: SchemaChange) -> JSONObject {
        JSONObject([
            ("kind", .string(change.kind)), ("oldLocation", .string(change.oldLocation)),
            ("newLocation", .string(change.newLocation)), ("breaksBackward", .bool(change.breaksBackward)),
            ("breaksForward", .bool(change.breaksForward)), ("message", .string(change.message)),
        ])
    }

    private static func problem(_ problem: CheckProblem) -> JSONValue {
        var object = JSONObject([("severity", .string(problem.isWarning ? "warning" : "error")), ("message", .string(problem.message))])
        if let position = problem.position {
            object["file"] = .string(position.file)
            object["line"] = .integer(Int64(position.line))
            object["column"] = .integer(Int64(position.column))
        }
        return .object(object)
    }
}

/// A Markdown summary for the GitHub Actions job page (`$GITHUB_STEP_SUMMARY`).
enum MarkdownCheckReporter {
    static func render(_ summary: CheckSummary) -> String {
        var out = "### accord check\n\n\(escape(CheckReporter.summaryLine(summary)))\n\n"
        let interesting = summary.outcomes.filter { $0.status != .unchanged }
        if !interesting.isEmpty {
            out += "| Subject | Status | Level | Details |\n|---|---|---|---|\n"
            for outcome in interesting {
                var details = outcome.findings.map { finding in
                    "`\(finding.change.kind)` line \(finding.position.line): \(escape(finding.change.message))"
                        + (finding.acknowledgement.map { " _(acknowledged: \(escape($0.reason)))_" } ?? "")
                }
                details += outcome.problems.map { escape($0.message) }
                if let witness = outcome.witness, !outcome.findings.isEmpty {
                    details.append("witness (valid under \(witness.validUnder.rawValue)): `\(escape(JSONWriter.compact(witness.instance)))`")
                }
                out += "| `\(outcome.subject)` | \(outcome.status.rawValue) | \(outcome.level.rawValue) | \(details.joined(separator: "<br>")) |\n"
            }
        }
        for entry in summary.staleAcknowledgements {
            out += "\n> [!WARNING]\n> \(escape(CheckReporter.staleMessage(entry)))\n"
        }
        return out + "\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
