import AccordJSON
import Hummingbird
import Testing

@Suite("Bad input, content types and errors")
struct RequestRouteTests {
    @Test func onlyJSONSchemaIsStored() async throws {
        try await withRegistry { r in
            let avroDefault = try await r.call(.post, "/subjects/s/versions", #"{"schema":"{\"type\":\"string\"}"}"#)
            #expect(avroDefault.status == 422 && avroDefault.errorCode == 42201)
            #expect(avroDefault.json?["message"]?.stringValue?.contains("JSON Schema only") == true)
            let proto = try await r.call(.post, "/subjects/s/versions", #"{"schemaType":"PROTOBUF","schema":"syntax = \"proto3\";"}"#)
            #expect(proto.errorCode == 42201 && proto.json?["message"]?.stringValue?.contains("JSON Schema only") == true)
            let lower = try await r.call(.post, "/subjects/s/versions", #"{"schemaType":"json","schema":"{}"}"#)
            #expect(lower.errorCode == 42201 && lower.json?["message"] == "Invalid schema type json")
            #expect(try await r.call(.get, "/schemas/types").json == ["JSON"])
            #expect(try await r.call(.get, "/subjects").json == [])
        }
    }

    @Test func malformedBodiesAreRefusedWithoutWriting() async throws {
        try await withRegistry { r in
            let notJSON = try await r.call(.post, "/subjects/s/versions", "{not json")
            #expect(notJSON.status == 400 && notJSON.errorCode == 400)
            let wrongType = try await r.call(.post, "/subjects/s/versions", #"{"schemaType":"JSON","schema":{"type":"string"}}"#)
            #expect(wrongType.status == 400)
            let wrongRefs = try await r.call(.post, "/subjects/s/versions", #"{"schemaType":"JSON","schema":"{}","references":[{"name":1}]}"#)
            #expect(wrongRefs.status == 400)
            let empty = try await r.call(.post, "/subjects/s/versions", "")
            #expect(empty.status == 422)
            let schemaNotJSON = try await r.call(.post, "/subjects/s/versions", #"{"schemaType":"JSON","schema":"{oops"}"#)
            #expect(schemaNotJSON.status == 422 && schemaNotJSON.errorCode == 42201)
            let invalid = try await r.call(.post, "/subjects/s/versions", #"{"schemaType":"JSON","schema":"{\"type\":12}"}"#)
            #expect(invalid.status == 422 && invalid.errorCode == 42201)
            let array = try await r.call(.post, "/subjects/s/versions", #"{"schemaType":"JSON","schema":"[1]"}"#)
            #expect(array.errorCode == 42201)
            let badRegex = try await r.call(.post, "/subjects/s/versions", #"{"schemaType":"JSON","schema":"{\"pattern\":\"(\"}"}"#)
            #expect(badRegex.errorCode == 42201)
            let cycle = try await r.call(.post, "/subjects/s/versions", ##"{"schemaType":"JSON","schema":"{\"$ref\":\"#\"}"}"##)
            #expect(cycle.errorCode == 42201)
            let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
            #expect(try await r.call(.post, "/subjects/s/versions", deep).status == 400)
            let deepSchema = String(repeating: #"{"not":"#, count: 400) + "{}" + String(repeating: "}", count: 400)
            #expect(try await r.register("s", deepSchema).errorCode == 42201)
            #expect(try await r.call(.get, "/subjects?deleted=true").json == [], "nothing was written")
        }
    }

    @Test func oversizedBodiesGet413() async throws {
        try await withRegistry(maxBodyBytes: 1024) { r in
            let big = try await r.register("s", "{\"description\":\"" + String(repeating: "x", count: 4096) + "\"}")
            #expect(big.status == 413 && big.errorCode == 413)
            #expect(try await r.call(.get, "/subjects?deleted=true").json == [])
        }
    }

    @Test func invalidSubjectNames() async throws {
        try await withRegistry { r in
            let reserved = try await r.register("__GLOBAL", personV1)
            let control = try await r.register("bad%01name", personV1)
            #expect(reserved.status == 422 && reserved.errorCode == 42208)
            #expect(control.errorCode == 42208)
        }
    }

    @Test func contentTypes() async throws {
        try await withRegistry { r in
            let body = #"{"schemaType":"JSON","schema":"{}"}"#
            for type in ["application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json", "application/json", "application/octet-stream"] {
                #expect(try await r.call(.post, "/subjects/s/versions", body, headers: [.contentType: type]).status == 200, "\(type)")
            }
            let form = try await r.call(.post, "/subjects/s/versions", body, headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == 415 && form.errorCode == 415)
            let json = try await r.call(.get, "/subjects", headers: [.accept: "application/json"])
            #expect(json.contentType == "application/json")
            let vnd = try await r.call(.get, "/subjects", headers: [.accept: "application/json, application/vnd.schemaregistry+json"])
            #expect(vnd.contentType == "application/vnd.schemaregistry+json")
            #expect(try await r.call(.get, "/subjects", headers: [.accept: "text/html"]).status == 406)
        }
    }

    @Test func rootHealthAndMetadata() async throws {
        try await withRegistry { r in
            let root = try await r.call(.get, "/")
            let postRoot = try await r.call(.post, "/", "{}")
            let health = try await r.call(.get, "/health")
            let contexts = try await r.call(.get, "/contexts")
            let metadata = try await r.call(.get, "/v1/metadata/id")
            #expect(root.json == [:])
            #expect(postRoot.json == [:])
            #expect(health.json?["status"] == "UP")
            #expect(contexts.json == ["."])
            #expect(metadata.json?["scope"] != nil)
        }
    }
}
