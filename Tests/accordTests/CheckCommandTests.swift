import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `accord check --against git:…`: real repositories in temporary folders, the real binary.
@Suite("accord check against git")
struct CheckCommandTests {
    /// The 1-based line of `file` and the column of `"token"` on it.
    func column(of token: String, onLine line: Int, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count, let range = lines[line - 1].range(of: "\"\(token)\"") else { return nil }
        return lines[line - 1].unicodeScalars.distance(from: lines[line - 1].startIndex, to: range.lowerBound) + 1
    }

    @Test func unchangedSchemasExitZero() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.commit("nothing changed")
        let result = try repository.accord(["check", "--output", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let report = try CheckJSON(result.stdout)
        #expect(report.status("money") == "unchanged")
        #expect(report.status("order.placed") == "unchanged")
    }

    @Test func compatibleChangeExitsZero() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/order.placed/schema.json", Domain.order(couponMaxLength: 64))
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let report = try CheckJSON(result.stdout)
        #expect(report.status("order.placed") == "compatible")
        #expect(report.status("money") == "unchanged")
    }

    @Test func breakingChangeIsLocatedAtLineAndColumn() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        let changed = Domain.order(quantityMaximum: 10)
        try repository.write("Schemas/order.placed/schema.json", changed)
        let json = try repository.accord(["check", "--against", "git:HEAD", "--output", "json"])
        #expect(json.status == 1, "\(json.stdout)\(json.stderr)")
        let report = try CheckJSON(json.stdout)
        #expect(report.status("order.placed") == "breaking")
        let change = try #require(report.breakingChanges("order.placed").first)
        let pointer = try #require(change["newLocation"] as? String)
        #expect(pointer.hasPrefix("/properties/quantity"))
        // The located position is line 6 (the `quantity` line) at the pointer's last member name.
        #expect(change["line"] as? Int == 6)
        let lastToken = String(pointer.split(separator: "/").last ?? "")
        #expect(change["column"] as? Int == column(of: lastToken, onLine: 6, in: changed))
        #expect((report.subject("order.placed")?["witness"] as? [String: Any])?["validUnder"] as? String == "old")

        let text = try repository.accord(["check", "--against", "git:HEAD"])
        #expect(text.status == 1)
        let line = try #require(text.stdout.split(separator: "\n").first { $0.contains(": error: ") })
        #expect(line.hasPrefix("Schemas/order.placed/schema.json:6:\(change["column"] as? Int ?? 0): error: order.placed is not BACKWARD compatible"))
        #expect(text.stdout.contains("witness: "))
    }

    @Test func githubAnnotationsCarryFileLineAndColumn() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/order.placed/schema.json", Domain.order(quantityMaximum: 10))
        let summaryFile = repository.root.appendingPathComponent("step-summary.md")
        try "".write(to: summaryFile, atomically: true, encoding: .utf8)
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "github"],
                                           environment: ["GITHUB_STEP_SUMMARY": summaryFile.path])
        #expect(result.status == 1)
        // The job summary gets a Markdown table of the subjects that changed.
        let summary = try String(contentsOf: summaryFile, encoding: .utf8)
        #expect(summary.contains("| `order.placed` | breaking | BACKWARD |"))
        #expect(!summary.contains("`money`"))
        let annotations = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(!annotations.isEmpty)
        let pattern = #/^::error file=Schemas/order\.placed/schema\.json,line=(\d+),col=(\d+),title=accord%3A [a-z0-9-]+::(.+)$/#
        let match = try #require(annotations.first.flatMap { try? pattern.wholeMatch(in: String($0)) })
        #expect(match.output.1 == "6")
        // A message is one line: newlines are escaped as %0A, never raw.
        #expect(match.output.3.contains("order.placed is not BACKWARD compatible"))
        #expect(match.output.3.contains("%0Awitness: "))
    }

    @Test func junitReportIsValidXML() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/order.placed/schema.json", Domain.order(quantityMaximum: 10))
        let reportPath = repository.root.appendingPathComponent("accord-check.xml").path
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "junit", "--junit", reportPath])
        #expect(result.status == 1)
        let written = try String(contentsOfFile: reportPath, encoding: .utf8)
        #expect(written == result.stdout)
        let parsed = try JUnitDocument(Data(written.utf8))
        #expect(parsed.testCases.sorted() == ["money", "order.placed"])
        #expect(parsed.failures == ["order.placed"])
        #expect(parsed.rootAttributes["failures"] == "1")
        #expect(parsed.rootAttributes["tests"] == "2")
        #expect(parsed.failureMessages.first?.contains("order.placed is not BACKWARD compatible") == true)
    }

    @Test func deletedSubjectIsBreaking() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/payment.failed/schema.json", #"{"type": "object"}"#)
        try repository.commit("payment.failed")
        try repository.git("rm", "-rq", "Schemas/payment.failed")
        try repository.commit("remove payment.failed")
        let result = try repository.accord(["check", "--output", "json"])
        #expect(result.status == 1)
        let report = try CheckJSON(result.stdout)
        #expect(report.status("payment.failed") == "deleted")
        #expect(report.breakingChanges("payment.failed").first?["kind"] as? String == "subject-deleted")
        #expect(report.status("order.placed") == "unchanged")
    }

    @Test func newSubjectIsFine() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/order.shipped/schema.json", #"{"type": "object", "properties": {"total": {"$ref": "../money/schema.json"}}}"#)
        try repository.commit("order.shipped")
        let result = try repository.accord(["check", "--output", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try CheckJSON(result.stdout).status("order.shipped") == "added")
    }

    @Test func brokenJSONExitsTwoWithItsLocation() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/order.placed/schema.json", "{\n  \"type\": \"object\",\n  \"required\" [\"a\"]\n}\n")
        try repository.commit("broken")
        let result = try repository.accord(["check"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("Schemas/order.placed/schema.json:3:"))
        #expect(result.stdout.contains("is not valid JSON"))
        let github = try repository.accord(["check", "--output", "github"])
        #expect(github.status == 2)
        #expect(github.stdout.contains("::error file=Schemas/order.placed/schema.json,line=3,"))
    }

    @Test func invalidSchemaExitsTwo() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/money/schema.json", "{\n  \"type\": \"object\",\n  \"minProperties\": -1\n}\n")
        let result = try repository.accord(["check", "--against", "git:HEAD"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("Schemas/money/schema.json:3:3: error: money: invalid schema"))
    }

    @Test func referenceToAMissingSubjectExitsTwo() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/order.shipped/schema.json", #"{"properties": {"to": {"$ref": "../address/schema.json"}}}"#)
        let result = try repository.accord(["check", "--against", "git:HEAD"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("address/schema.json"))
    }

    @Test func unreadableGitRevisionExitsTwo() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        let result = try repository.accord(["check", "--against", "git:no-such-branch"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read git revision \"no-such-branch\""))
        let usage = try repository.accord(["check", "--against", "svn:trunk"])
        #expect(usage.status == 2)
    }

    @Test func defaultBaseIsTheMergeBaseWithOriginMain() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        let base = try repository.git("rev-parse", "HEAD")
        try repository.git("update-ref", "refs/remotes/origin/main", base)
        try repository.git("checkout", "-q", "-b", "feature")
        try repository.write("Schemas/order.placed/schema.json", Domain.order(quantityMaximum: 10))
        try repository.commit("breaking")
        try repository.write("Schemas/order.placed/schema.json", Domain.order(quantityMaximum: 10, couponMaxLength: 64))
        try repository.commit("compatible")
        let result = try repository.accord(["check"])
        #expect(result.status == 1, "the break two commits back must be caught: \(result.stdout)")
        #expect(result.stdout.contains("against git:merge-base(HEAD, origin/main) (\(base.prefix(12)))"))
    }

    @Test func defaultBaseWithoutOriginIsHeadParent() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        let parent = try repository.git("rev-parse", "HEAD")
        try repository.write("Schemas/order.placed/schema.json", Domain.order(couponMaxLength: 64))
        try repository.commit("compatible")
        let result = try repository.accord(["check"])
        #expect(result.stdout.contains("against git:HEAD~1 (\(parent.prefix(12)))"))
        #expect(result.status == 0, "\(result.stdout)")
    }

    @Test func changedDependencyRechecksItsUsers() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/money/schema.json", Domain.money(maximum: 100))
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "json"])
        #expect(result.status == 1)
        let report = try CheckJSON(result.stdout)
        #expect(report.status("money") == "breaking")
        // order.placed did not change, but what it references did: it is compared, not skipped.
        #expect(report.status("order.placed") == "breaking")
        // Its break lies in money's document, and is located there (money's `amount` is on line 5).
        let change = try #require(report.breakingChanges("order.placed").first)
        #expect(change["file"] as? String == "Schemas/money/schema.json")
        #expect(change["line"] as? Int == 5)
    }

    @Test func acknowledgedBreakReportsButPasses() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/order.placed/schema.json", Domain.order(quantityMaximum: 10))
        let first = try CheckJSON(try repository.accord(["check", "--against", "git:HEAD", "--output", "json"]).stdout)
        let changes = first.breakingChanges("order.placed")
        #expect(!changes.isEmpty)
        var yaml = "acknowledged:\n"
        for change in changes {
            yaml += """
                  - subject: order.placed
                    kind: \(change["kind"] as? String ?? "")
                    pointer: "\(change["newLocation"] as? String ?? "")"
                    reason: "no producer sends more than 10 (PR #42)"

                """
        }
        try repository.write("Schemas/accord-acknowledged.yaml", yaml)
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let report = try CheckJSON(result.stdout)
        #expect(report.status("order.placed") == "acknowledged")
        #expect(report.breakingChanges("order.placed").allSatisfy { $0["acknowledged"] as? Bool == true })
        let text = try repository.accord(["check", "--against", "git:HEAD"])
        #expect(text.stdout.contains("note: acknowledged: order.placed is not BACKWARD compatible"))
        #expect(text.stdout.contains("reason: no producer sends more than 10 (PR #42)"))
    }

    @Test func staleAcknowledgementIsReported() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/accord-acknowledged.yaml", """
            acknowledged:
              - subject: order.placed
                kind: required-property-added
                pointer: /required/2
                reason: shipped in 2026.10
            """)
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "github"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("::warning file=Schemas/accord-acknowledged.yaml,line=1,col=1,title=accord%3A stale acknowledgement::"))
        let json = try CheckJSON(try repository.accord(["check", "--against", "git:HEAD", "--output", "json"]).stdout)
        #expect((json.root["staleAcknowledgements"] as? [[String: Any]])?.first?["pointer"] as? String == "/required/2")
    }

    @Test func renamedFolderKeepingTheSubjectNameIsNotADeletion() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.git("mv", "Schemas/order.placed", "Schemas/orders")
        try repository.write("Schemas/orders/accord.json", #"{"subject": "order.placed"}"#)
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let report = try CheckJSON(result.stdout)
        #expect(report.status("order.placed") == "compatible")
        #expect(report.subject("order.placed")?["file"] as? String == "Schemas/orders/schema.json")
    }

    @Test func renamedSubjectIsADeletePlusAnAdd() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.git("mv", "Schemas/order.placed", "Schemas/order.created")
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "json"])
        #expect(result.status == 1)
        let report = try CheckJSON(result.stdout)
        #expect(report.status("order.placed") == "deleted")
        #expect(report.status("order.created") == "added")
    }

    @Test func transitiveLevelNamesTheEarlierVersionItBreaks() throws {
        let repository = try Domain.repository()
        let v1 = try repository.commit("v1: web and store")
        defer { repository.remove() }
        try repository.write("Schemas/order.placed/schema.json", Domain.order(channels: ["web"]))
        try repository.commit("v2: web only")
        try repository.write("Schemas/order.placed/schema.json", Domain.order(channels: ["web", "app"]))
        let plain = try repository.accord(["check", "--against", "git:HEAD", "--level", "BACKWARD", "--output", "json"])
        #expect(plain.status == 0, "compatible with the latest version: \(plain.stdout)")
        let transitive = try repository.accord(["check", "--against", "git:HEAD", "--level", "BACKWARD_TRANSITIVE", "--output", "json"])
        #expect(transitive.status == 1)
        let first = try repository.git("log", "--format=%H", "--reverse", "--", "Schemas/order.placed/schema.json")
            .split(separator: "\n").first.map(String.init) ?? v1
        let subject = try CheckJSON(transitive.stdout).subject("order.placed")
        #expect(subject?["brokenVersion"] as? String == "commit \(first.prefix(12))")
        let text = try repository.accord(["check", "--against", "git:HEAD", "--level", "BACKWARD_TRANSITIVE"])
        #expect(text.stdout.contains("is not BACKWARD_TRANSITIVE compatible with commit \(first.prefix(12))"))
    }

    @Test func levelComesFromTheSubjectConfiguration() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Schemas/order.placed/accord.yaml", "level: NONE\n")
        try repository.write("Schemas/order.placed/schema.json", Domain.order(quantityMaximum: 10))
        let result = try repository.accord(["check", "--against", "git:HEAD", "--output", "json"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try CheckJSON(result.stdout).subject("order.placed")?["level"] as? String == "NONE")
        let overridden = try repository.accord(["check", "--against", "git:HEAD", "--level", "backward"])
        #expect(overridden.status == 1)
        try repository.write("Schemas/order.placed/accord.yaml", "level: SIDEWAYS\n")
        let invalid = try repository.accord(["check", "--against", "git:HEAD"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("unknown level \"SIDEWAYS\""))
    }
}

/// The parts of a JUnit report the tests look at, read with Foundation's XML parser.
final class JUnitDocument: NSObject, XMLParserDelegate {
    var rootAttributes: [String: String] = [:]
    var testCases: [String] = []
    var failures: [String] = []
    var failureMessages: [String] = []
    private var currentCase: String?

    init(_ data: Data) throws {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        guard parser.parse() else {
            throw FixtureError(message: "invalid XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "testsuites": rootAttributes = attributes
        case "testcase":
            currentCase = attributes["name"]
            if let current = currentCase { testCases.append(current) }
        case "failure":
            if let currentCase { failures.append(currentCase) }
            failureMessages.append(attributes["message"] ?? "")
        default: break
        }
    }
}
