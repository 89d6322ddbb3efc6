import AccordHarness
import AccordJSON
import Foundation
import Testing

/// CloudEvents envelope rules, fixture files and contract files: bad input gets a located error.
@Suite("Inputs")
struct InputTests {
    func violations(_ text: String) throws -> [String] {
        CloudEventEnvelope.violations(in: try JSONParser().parse(text)).map(\.description)
    }

    @Test func validEventHasNoViolations() throws {
        #expect(try violations(#"{"specversion":"1.0","id":"1","source":"urn:a","type":"t","time":"2026-01-01T00:00:00.5+01:00","dataschema":"https://x/s.json","myext":"v","n":3,"data":{}}"#).isEmpty)
    }

    @Test func envelopeRules() throws {
        #expect(try violations(#"{"specversion":"1.0","source":"urn:a","type":"t"}"#) == ["'id': required attribute is missing"])
        #expect(try violations(#"{"specversion":"0.3","id":"1","source":"urn:a","type":"t"}"#).first?.contains("must be \"1.0\"") == true)
        #expect(try violations(#"{"specversion":"1.0","id":"1","source":"urn:a","type":"t","data":1,"data_base64":"AA=="}"#)
            == ["'data_base64': 'data' and 'data_base64' must not both be present"])
        #expect(try violations(#"{"specversion":"1.0","id":"1","source":"urn:a","type":"t","Bad_Name":"x"}"#).first?.contains("lower-case letters") == true)
        #expect(try violations(#"{"specversion":"1.0","id":"1","source":"urn:a","type":"t","time":"2026-02-30T00:00:00Z"}"#).first?.contains("RFC 3339") == true)
        #expect(try violations(#"{"specversion":"1.0","id":"1","source":"urn:a","type":"t","dataschema":"relative/path"}"#).first?.contains("absolute URI") == true)
        #expect(try violations(#"{"specversion":"1.0","id":"1","source":"urn:a","type":"t","ext":{"a":1}}"#).first?.contains("extension values") == true)
        #expect(try violations(#"[1]"#) == ["an event must be a JSON object, got array"])
        let long = try JSONParser().parse(#"{"specversion":"1.0","id":"1","source":"urn:a","type":"t","averyveryverylongextensionname":"x"}"#)
        #expect(CloudEventEnvelope.violations(in: long).isEmpty)
        #expect(CloudEventEnvelope.warnings(in: long).count == 1)
    }

    @Test func malformedFixtureLineIsLocated() throws {
        let dir = try Examples.scratch("malformed")
        try Examples.write("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}\n{\"id\": oops}\n", to: dir + "/e.ndjson")
        #expect {
            try FixtureLoader.load(path: dir + "/e.ndjson", displayName: "e.ndjson")
        } throws: { error in
            guard let e = error as? HarnessInputError else { return false }
            return e.description.hasPrefix("e.ndjson:2:") && e.message.contains("malformed JSON")
        }
    }

    @Test func eventWithoutIdIsLocated() throws {
        let dir = try Examples.scratch("noid")
        try Examples.write("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}\n\n{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}\n", to: dir + "/e.ndjson")
        #expect {
            try FixtureLoader.load(path: dir + "/e.ndjson", displayName: "e.ndjson")
        } throws: { error in
            (error as? HarnessInputError)?.description == "e.ndjson:3: not a valid CloudEvent: 'id': required attribute is missing"
        }
    }

    @Test func singleEventAndBatchFiles() throws {
        let dir = try Examples.scratch("single")
        try Examples.write(#"{"specversion":"1.0","id":"1","source":"s","type":"t"}"#, to: dir + "/one.json")
        try Examples.write(#"[{"specversion":"1.0","id":"1","source":"s","type":"t"},{"specversion":"1.0","id":"2","source":"s","type":"t"}]"#, to: dir + "/batch.json")
        #expect(try FixtureLoader.load(path: dir + "/one.json").map(\.event.id) == ["1"])
        #expect(try FixtureLoader.load(path: dir + "/batch.json").map(\.event.id) == ["1", "2"])
    }

    func contractError(_ yaml: String) -> String? {
        do { _ = try ContractLoader.parse(yaml, file: "accord.yaml"); return nil } catch { return error.description }
    }

    @Test func contractErrorsAreLocated() {
        #expect(contractError("handler: h\nadapter: kafka\nfixtures: [a.ndjson]\n") == "accord.yaml:2:10: unknown adapter 'kafka': use inprocess, http or ndjson")
        #expect(contractError("handler: h\nadapter: ndjson\ncommand: x\nfixtures: [a]\nretry:\n  maxAttempts: 0\n") == "accord.yaml:6:16: 'maxAttempts' must be an integer ≥ 1")
        #expect(contractError("handler: h\nadapter: ndjson\ncommand: x\nfixtures: [a]\nretries: 3\n")?.hasPrefix("accord.yaml:5:1: unknown key 'retries'") == true)
        #expect(contractError("handler: h\nadapter: ndjson\nfixtures: [a]\n")?.contains("needs a 'command'") == true)
        #expect(contractError("handler: [unclosed\n")?.hasPrefix("accord.yaml:2:") == true)
        #expect(contractError("handler: h\nadapter: ndjson\ncommand: x\nfixtures: [a]\nretry: {backoff: {initial: soon}}\n")?.contains("duration") == true)
    }

    @Test func contractIsRead() throws {
        let c = try ContractLoader.load(path: Examples.python)
        #expect(c.adapter == .ndjson)
        #expect(c.retry.maxAttempts == 4)
        #expect(c.retry.initial == .milliseconds(100))
        #expect(c.retry.max == .seconds(1))
        #expect(c.fixtures.map(\.poison) == [false, true])
        #expect(c.partitionKey == "/data/customerId")
        #expect(c.emits == ["order.confirmed"])
    }
}
