import AccordJSON
import AccordSchema
import Testing

/// The official JSON-Schema-Test-Suite: every required test of every draft must pass, with no skip list.
/// Optional tests (and optional/format with format assertion on) run too and their counts are printed.
@Suite("JSON-Schema-Test-Suite")
struct OfficialSuiteTests {
    @Test("required tests", arguments: SuiteRunner.drafts.map(\.1))
    func required(folder: String) throws {
        let draft = SuiteRunner.drafts.first { $0.1 == folder }!.0
        let tally = try SuiteRunner(draft: draft, folder: folder).run("")
        print("[suite] \(folder) required: \(tally.passed) passed, \(tally.failed.count) failed")
        for failure in tally.failed.prefix(60) { print("  FAIL \(failure)") }
        #expect(tally.passed > 500)
        #expect(tally.failed.isEmpty, "\(tally.failed.count) required tests fail in \(folder)")
    }

    @Test("optional tests (counts only)", arguments: SuiteRunner.drafts.map(\.1))
    func optional(folder: String) throws {
        let draft = SuiteRunner.drafts.first { $0.1 == folder }!.0
        let runner = SuiteRunner(draft: draft, folder: folder)
        let optional = try runner.run("optional")
        let formats = try runner.run("optional/format", assertFormat: true)
        print("[suite] \(folder) optional: \(optional.passed) passed, \(optional.failed.count) failed; optional/format: \(formats.passed) passed, \(formats.failed.count) failed")
        for failure in (optional.failed + formats.failed).prefix(40) { print("  optional FAIL \(failure)") }
        #expect(optional.passed + formats.passed > 0)
    }
}
