import AccordJSON
import Hummingbird
import Testing

@Suite("Config, mode and compatibility routes")
struct SettingsRouteTests {
    @Test func configDefaultsUpdatesAndDeletes() async throws {
        try await withRegistry(level: nil) { r in
            #expect(try await r.call(.get, "/config").json == ["compatibilityLevel": "BACKWARD"])
            #expect(try await r.call(.put, "/config", #"{"compatibility":"full"}"#).json == ["compatibility": "FULL"])
            #expect(try await r.call(.get, "/config").json == ["compatibilityLevel": "FULL"])
            let bad = try await r.call(.put, "/config", #"{"compatibility":"sideways"}"#)
            #expect(bad.status == 422 && bad.errorCode == 42203)
            #expect(try await r.call(.get, "/config/s").errorCode == 40408)
            #expect(try await r.call(.get, "/config/s?defaultToGlobal=true").json?["compatibilityLevel"] == "FULL")
            #expect(try await r.call(.put, "/config/s", #"{"compatibilityPolicy":"lenient"}"#).json == ["compatibilityPolicy": "LENIENT"])
            #expect(try await r.call(.put, "/config/s", #"{"compatibility":"NONE"}"#).json == ["compatibility": "NONE", "compatibilityPolicy": "LENIENT"])
            #expect(try await r.call(.get, "/config/s").json == ["compatibilityLevel": "NONE", "compatibilityPolicy": "LENIENT"])
            #expect(try await r.call(.delete, "/config/s").json?["compatibilityLevel"] == "NONE")
            #expect(try await r.call(.delete, "/config/s").errorCode == 40401)
            #expect(try await r.call(.delete, "/config").json?["compatibilityLevel"] == "FULL")
            #expect(try await r.call(.get, "/config").json == ["compatibilityLevel": "BACKWARD"])
        }
    }

    @Test func modesGateWrites() async throws {
        try await withRegistry { r in
            #expect(try await r.call(.get, "/mode").json == ["mode": "READWRITE"])
            #expect(try await r.call(.get, "/mode/s").errorCode == 40409)
            #expect(try await r.call(.get, "/mode/s?defaultToGlobal=true").json == ["mode": "READWRITE"])
            #expect(try await r.call(.put, "/mode", #"{"mode":"bogus"}"#).errorCode == 42204)
            _ = try await r.register("s", personV1)
            #expect(try await r.call(.put, "/mode/s", #"{"mode":"READONLY"}"#).json == ["mode": "READONLY"])
            #expect(try await r.register("s", personV1).status == 200, "an existing schema still answers")
            let refused = try await r.register("s", personV2)
            #expect(refused.status == 422 && refused.errorCode == 42205)
            #expect(try await r.call(.delete, "/subjects/s").errorCode == 42205)
            #expect(try await r.call(.put, "/config/s", #"{"compatibility":"FULL"}"#).errorCode == 42205)
            #expect(try await r.call(.delete, "/mode/s").json == ["mode": "READONLY"])
            #expect(try await r.call(.delete, "/mode/s").errorCode == 40401)
            #expect(try await r.call(.put, "/mode", #"{"mode":"IMPORT"}"#).errorCode == 42205)
            #expect(try await r.call(.put, "/mode?force=true", #"{"mode":"import"}"#).status == 200)
            let imported = try await r.call(.post, "/subjects/t/versions", #"{"schemaType":"JSON","schema":"{\"type\":\"string\"}","id":77,"version":3}"#)
            #expect(imported.json?["id"] == 77 && imported.json?["version"] == 3)
            let clash = try await r.call(.post, "/subjects/u/versions", #"{"schemaType":"JSON","schema":"{\"type\":\"number\"}","id":77}"#)
            #expect(clash.errorCode == 42205)
        }
    }

    @Test func compatibilityEndpoints() async throws {
        try await withRegistry(level: "NONE") { r in
            let body = "{\"schemaType\":\"JSON\",\"schema\":\(r.quoted(personV2))}"
            #expect(try await r.call(.post, "/compatibility/subjects/nope/versions", body).json == ["is_compatible": true])
            #expect(try await r.call(.post, "/compatibility/subjects/nope/versions/latest", body).json == ["is_compatible": true])
            #expect(try await r.call(.post, "/compatibility/subjects/nope/versions/3", body).errorCode == 40402)
            _ = try await r.register("s", personV1)
            let verbose = try await r.call(.post, "/compatibility/subjects/s/versions/?verbose=true", body)
            #expect(verbose.json?["is_compatible"] == true)
            #expect(verbose.json?["messages"] == [])
            let invalid = "{\"schemaType\":\"JSON\",\"schema\":\"{oops\"}"
            #expect(try await r.call(.post, "/compatibility/subjects/s/versions/1", invalid).errorCode == 42201)
            let verboseInvalid = try await r.call(.post, "/compatibility/subjects/s/versions/1?verbose=True", invalid)
            #expect(verboseInvalid.json?["is_compatible"] == false)
            #expect(verboseInvalid.json?["messages"]?.arrayValue?.isEmpty == false)
        }
    }

    /// A breaking change under BACKWARD: 409 carrying the change messages (and witness when found).
    @Test func incompatibleRegistrationIs409WithMessages() async throws {
        try await withRegistry(level: "BACKWARD") { r in
            let closed = #"{"type":"object","properties":{"name":{"type":"string"}},"additionalProperties":false}"#
            let requiresMore = #"{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["age"],"additionalProperties":false}"#
            _ = try await r.register("s", closed)
            let refused = try await r.register("s", requiresMore)
            #expect(refused.status == 409)
            #expect(refused.json?["message"]?.stringValue?.hasPrefix("Schema being registered is incompatible with an earlier schema for subject \"s\"") == true)
            #expect(refused.json?["messages"]?.arrayValue?.isEmpty == false)
            #expect(try await r.call(.get, "/subjects/s/versions").json == [1], "nothing was written")
            // A type change has a witness: an event the old schema accepts and the new one rejects.
            let typeChanged = try await r.register("s", #"{"type":"object","properties":{"name":{"type":"integer"}},"additionalProperties":false}"#)
            #expect(typeChanged.status == 409)
            #expect(typeChanged.json?["witness"]?["validUnder"] == "old")
            #expect(typeChanged.json?["witness"]?["instance"]?["name"]?.stringValue != nil)
            #expect(typeChanged.json?["messages"]?.arrayValue?.contains { $0.stringValue?.contains("type") == true } == true)
            let verdict = try await r.call(.post, "/compatibility/subjects/s/versions/latest?verbose=true", "{\"schemaType\":\"JSON\",\"schema\":\(r.quoted(requiresMore))}")
            #expect(verdict.json?["is_compatible"] == false)
            #expect(verdict.json?["messages"]?.arrayValue?.isEmpty == false)
        }
    }
}
