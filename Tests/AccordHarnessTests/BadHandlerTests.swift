import AccordHarness
import Testing

/// Handlers that misbehave at the protocol level: each is a clear failure, never a hang.
@Suite("Misbehaving handlers", .serialized)
struct BadHandlerTests {
    @Test func handlerThatNeverAnswersTimesOut() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "hang", scenarios: [.replay]) {
            $0.timeout = .milliseconds(300)
        })
        #expect(report.failed(.replay))
        #expect(report.messages(.replay).contains("no answer within 300ms (timeout)"))
    }

    @Test func garbageOnStdoutIsAProtocolViolation() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "garbage", scenarios: [.duplicate]))
        #expect(report.failed(.duplicate))
        #expect(report.messages(.duplicate).contains("not a JSON protocol message on stdout: \"processing evt-1\""))
    }

    @Test func handlerExitingMidStreamIsReported() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, bug: "exit", scenarios: [.replay]))
        #expect(report.failed(.replay))
        #expect(report.messages(.replay).contains("handler exited with status 3"))
        // The first two events were processed before the exit.
        let failedSubjects = report.results(.replay).filter { $0.status == .failed }.map(\.subject)
        #expect(!failedSubjects.isEmpty)
    }

    @Test func commandThatCannotStartIsReported() async throws {
        let report = try await Examples.run(Examples.contract(Examples.python, scenarios: [.replay]) {
            $0.command = "/nonexistent/handler-binary"
        })
        #expect(report.failed(.replay))
        #expect(report.messages(.replay).contains("exited with status 127"))
    }
}
