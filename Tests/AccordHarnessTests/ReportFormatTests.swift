import AccordHarness
import AccordJSON
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Report formats")
struct ReportFormatTests {
    var report: HarnessReport {
        HarnessReport(
            handler: "h <&>", adapter: "ndjson",
            results: [
                CheckResult(scenario: .schema, subject: "f.ndjson:1 t 1"),
                CheckResult(scenario: .duplicate, subject: "f.ndjson:1 t 1",
                            failures: [CheckFailure("state differs", attempt: 2, diff: ["/n: expected 1, actual 2"])]),
                CheckResult(scenario: .ordering, subject: "(all fixtures)", note: "no partition key declared", skipped: true),
            ],
            deadLetters: [], duration: .milliseconds(1500))
    }

    @Test func junitIsWellFormedAndCountsFailures() throws {
        let xml = ReportFormats.junit(report)
        let document = try XMLDocument(xmlString: xml)
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "skipped")?.stringValue == "1")
        let failures = try document.nodes(forXPath: "//testsuite[@name='duplicate']/testcase/failure")
        #expect(failures.count == 1)
        #expect(failures.first?.stringValue?.contains("/n: expected 1, actual 2") == true)
    }

    @Test func jsonReport() throws {
        let json = ReportFormats.json(report)
        #expect(json["passed"] == .bool(false))
        #expect(json["summary"]?["failed"] == .integer(1))
        #expect(json["results"]?.arrayValue?[1]["failures"]?.arrayValue?.first?["attempt"] == .integer(2))
    }

    @Test func textReportWithoutColourOnPipes() {
        let text = ReportFormats.text(report, colour: false)
        #expect(!text.contains("\u{1B}["))
        #expect(text.contains("FAIL  duplicate  f.ndjson:1 t 1"))
        #expect(text.contains("/n: expected 1, actual 2"))
        #expect(text.contains("1 passed, 1 failed, 1 skipped"))
        #expect(ReportFormats.text(report, colour: true).contains("\u{1B}[31;1mFAIL"))
    }
}
