import AccordJSON
import Hummingbird
import Testing

@Suite("Subjects and versions routes")
struct SubjectRouteTests {
    @Test func registerLookUpAndFetchByVersionAndID() async throws {
        try await withRegistry { r in
            let registered = try await r.register("person-value", personV1)
            #expect(registered.status == 200)
            let id = try #require(registered.json?["id"]?.integerValue)
            #expect(registered.json?["version"] == 1)
            #expect(registered.json?["schemaType"] == "JSON")
            #expect(registered.json?["subject"] == nil, "register never answers a subject")
            #expect(registered.contentType == "application/vnd.schemaregistry.v1+json")

            let byVersion = try await r.call(.get, "/subjects/person-value/versions/1")
            #expect(byVersion.json?["id"]?.integerValue == id)
            #expect(byVersion.json?["subject"] == "person-value")
            #expect(byVersion.json?["schema"]?.stringValue == personV1)
            for latest in ["latest", "LATEST", "-1"] {
                #expect(try await r.call(.get, "/subjects/person-value/versions/\(latest)").json?["version"] == 1)
            }
            let raw = try await r.call(.get, "/subjects/person-value/versions/1/schema")
            #expect(raw.json == (try JSONParser().parse(personV1)))

            let byID = try await r.call(.get, "/schemas/ids/\(id)?fetchMaxId=false&subject=person-value")
            #expect(byID.json?["schema"]?.stringValue == personV1)
            #expect(byID.json?["schemaType"] == "JSON")
            #expect(try await r.call(.get, "/schemas/ids/\(id)?fetchMaxId=true").json?["maxId"]?.integerValue == id)
            #expect(try await r.call(.get, "/schemas/ids/\(id)/schema").json == (try JSONParser().parse(personV1)))
            #expect(try await r.call(.get, "/schemas/ids/\(id)/subjects").json == ["person-value"])
            #expect(try await r.call(.get, "/schemas/ids/\(id)/versions").json == [["subject": "person-value", "version": 1]])

            let lookup = try await r.call(.post, "/subjects/person-value?normalize=False&deleted=False", "{\"schemaType\":\"JSON\",\"schema\":\(r.quoted(personV1))}")
            #expect(lookup.json?["version"] == 1)
            #expect(lookup.json?["id"]?.integerValue == id)
            let missing = try await r.call(.post, "/subjects/person-value", "{\"schemaType\":\"JSON\",\"schema\":\(r.quoted(personV2))}")
            #expect(missing.status == 404 && missing.errorCode == 40403)
            let unknownSubject = try await r.call(.post, "/subjects/nobody", "{\"schemaType\":\"JSON\",\"schema\":\(r.quoted(personV1))}")
            #expect(unknownSubject.status == 404 && unknownSubject.errorCode == 40401)
        }
    }

    @Test func reRegisteringReturnsTheSameIDAndSharesIDsAcrossSubjects() async throws {
        try await withRegistry { r in
            let first = try await r.register("a", personV1)
            let again = try await r.register("a", personV1)
            let reordered = try await r.register("b", #"{"required":["name"],"properties":{"name":{"type":"string"}},"type":"object"}"#)
            let second = try await r.register("a", personV2)
            #expect(again.json?["id"] == first.json?["id"])
            #expect(again.json?["version"] == 1)
            #expect(reordered.json?["id"] == first.json?["id"])
            #expect(second.json?["version"] == 2)
            #expect(second.json?["id"] != first.json?["id"])
            #expect(try await r.call(.get, "/subjects").json == ["a", "b"])
            #expect(try await r.call(.get, "/subjects?subjectPrefix=b").json == ["b"])
            #expect(try await r.call(.get, "/subjects/a/versions").json == [1, 2])
            let all = try await r.call(.get, "/schemas?latestOnly=true")
            #expect(all.json?.arrayValue?.count == 2)
        }
    }

    @Test func subjectsArePercentDecodedAfterRouting() async throws {
        try await withRegistry { r in
            let registered = try await r.register("team%2Forders-value", personV1)
            let subjects = try await r.call(.get, "/subjects")
            let latest = try await r.call(.get, "/subjects/team%2Forders-value/versions/latest")
            #expect(registered.status == 200)
            #expect(subjects.json == ["team/orders-value"])
            #expect(latest.json?["subject"] == "team/orders-value")
        }
    }

    @Test func unknownSubjectsVersionsAndIDs() async throws {
        try await withRegistry { r in
            #expect(try await r.call(.get, "/subjects/nope/versions").errorCode == 40401)
            #expect(try await r.call(.get, "/subjects/nope/versions/1").errorCode == 40401)
            _ = try await r.register("s", personV1)
            let version = try await r.call(.get, "/subjects/s/versions/7")
            #expect(version.status == 404 && version.errorCode == 40402)
            #expect(version.json?["message"] == "Version 7 not found.")
            for bad in ["0", "abc", "2147483648", "-2"] {
                let reply = try await r.call(.get, "/subjects/s/versions/\(bad)")
                #expect(reply.status == 422 && reply.errorCode == 42202, "version \(bad)")
            }
            let id = try await r.call(.get, "/schemas/ids/999")
            #expect(id.status == 404 && id.errorCode == 40403)
            #expect(id.json?["message"] == "Schema 999 not found")
            let notInt = try await r.call(.get, "/schemas/ids/abc")
            #expect(notInt.status == 404 && notInt.errorCode == 404)
            let path = try await r.call(.get, "/no/such/path")
            #expect(path.status == 404 && path.json?["message"] == "HTTP 404 Not Found")
        }
    }

    @Test func knownPathsWithAnotherMethodAre405() async throws {
        try await withRegistry { r in
            _ = try await r.register("s", personV1)
            for (method, path) in [(HTTPRequest.Method.put, "/subjects/s/versions"), (.delete, "/schemas/ids/1"), (.post, "/config/s"), (.put, "/subjects/s"), (.post, "/subjects/s/versions/1")] {
                let reply = try await r.call(method, path, method == .delete ? nil : "{}")
                #expect(reply.status == 405 && reply.errorCode == 405, "\(method) \(path)")
                #expect(reply.json?["message"] == "HTTP 405 Method Not Allowed")
                #expect(reply.contentType == "application/vnd.schemaregistry.v1+json")
            }
            // Nothing was written or deleted by the refused calls.
            #expect(try await r.call(.get, "/subjects/s/versions").text == "[1]")
            #expect(try await r.call(.get, "/schemas/ids/1").status == 200)
            #expect(try await r.call(.get, "/no/such/path").status == 404)
        }
    }

    @Test func softAndPermanentDeletes() async throws {
        try await withRegistry { r in
            let id = try #require(try await r.register("s", personV1).json?["id"]?.integerValue)
            _ = try await r.register("s", personV2)
            #expect(try await r.call(.delete, "/subjects/s/versions/1?permanent=true").errorCode == 40407)
            #expect(try await r.call(.delete, "/subjects/s/versions/1").json == 1)
            #expect(try await r.call(.delete, "/subjects/s/versions/1").errorCode == 40406)
            #expect(try await r.call(.get, "/subjects/s/versions").json == [2])
            #expect(try await r.call(.get, "/subjects/s/versions?deleted=true").json == [1, 2])
            #expect(try await r.call(.get, "/subjects/s/versions?deletedOnly=true").json == [1])
            #expect(try await r.call(.get, "/subjects/s/versions/1").errorCode == 40402)
            #expect(try await r.call(.get, "/subjects/s/versions/1?deleted=true").json?["version"] == 1)
            // Soft-deleted schemas still resolve by id.
            #expect(try await r.call(.get, "/schemas/ids/\(id)").status == 200)
            #expect(try await r.call(.delete, "/subjects/s?permanent=true").errorCode == 40405)
            #expect(try await r.call(.delete, "/subjects/s").json == [2])
            #expect(try await r.call(.delete, "/subjects/s").errorCode == 40404)
            #expect(try await r.call(.get, "/subjects").json == [])
            #expect(try await r.call(.get, "/subjects?deleted=true").json == ["s"])
            #expect(try await r.call(.get, "/subjects?deletedOnly=true").json == ["s"])
            #expect(try await r.call(.delete, "/subjects/s?permanent=true").json == [1, 2])
            #expect(try await r.call(.get, "/schemas/ids/\(id)").errorCode == 40403)
            #expect(try await r.call(.delete, "/subjects/s").errorCode == 40401)
            // Ids are never reused.
            let fresh = try #require(try await r.register("s", #"{"type":"string"}"#).json?["id"]?.integerValue)
            #expect(fresh > id + 1)
        }
    }

    @Test func referencesAndReferencedBy() async throws {
        try await withRegistry { r in
            let address = #"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#
            _ = try await r.register("address", address)
            let order = #"{"type":"object","properties":{"ship":{"$ref":"address.json"}}}"#
            let registered = try await r.register("order", order, references: #"[{"name":"address.json","subject":"address","version":-1}]"#)
            #expect(registered.status == 200)
            let id = try #require(registered.json?["id"]?.integerValue)
            #expect(registered.json?["references"] == [["name": "address.json", "subject": "address", "version": 1]])
            #expect(try await r.call(.get, "/subjects/address/versions/1/referencedby").json == .array([.integer(id)]))
            #expect(try await r.call(.get, "/schemas/ids/\(id)").json?["references"]?.arrayValue?.count == 1)
            let refused = try await r.call(.delete, "/subjects/address/versions/1")
            #expect(refused.status == 422 && refused.errorCode == 42206)
            #expect(try await r.call(.delete, "/subjects/address").errorCode == 42206)
            let missing = try await r.register("x", order, references: #"[{"name":"address.json","subject":"address","version":9}]"#)
            #expect(missing.status == 422 && missing.errorCode == 42201)
            #expect(missing.json?["message"] == "No schema reference found for subject \"address\" and version 9")
            // Extras: validate an event through the reference.
            let bad = try await r.call(.post, "/subjects/order/versions/latest/validate", #"{"ship":{"city":5}}"#)
            #expect(bad.json?["valid"] == false)
            #expect(try await r.call(.post, "/subjects/order/versions/1/validate", #"{"ship":{"city":"Oslo"}}"#).json?["valid"] == true)
        }
    }

    /// `$ref`s never reach the network and cannot close a cycle across subjects: a reference must
    /// name an existing version, so the second half of a cycle is refused as an invalid schema.
    @Test func refCyclesAcrossSubjectsAndRemoteRefsAreRefused() async throws {
        try await withRegistry { r in
            let a = try await r.register("a", #"{"type":"object","properties":{"x":{"type":"string"}}}"#)
            #expect(a.status == 200)
            let b = try await r.register("b", #"{"$ref":"a.json"}"#, references: #"[{"name":"a.json","subject":"a","version":1}]"#)
            #expect(b.status == 200)
            // a v2 pointing back at b, whose own reference (a.json) is a v1: no cycle, but a v2
            // naming itself (a/2 does not exist yet) is refused.
            let selfRef = try await r.register("a", #"{"$ref":"a2.json"}"#, references: #"[{"name":"a2.json","subject":"a","version":2}]"#)
            #expect(selfRef.status == 422 && selfRef.errorCode == 42201)
            let unresolved = try await r.register("c", #"{"$ref":"c.json"}"#)
            #expect(unresolved.status == 422 && unresolved.errorCode == 42201)
            let remote = try await r.register("d", #"{"$ref":"https://example.com/never-fetched.json"}"#)
            #expect(remote.status == 422 && remote.errorCode == 42201)
        }
    }

    @Test func diffReturnsAChangeList() async throws {
        try await withRegistry { r in
            _ = try await r.register("s", personV1)
            _ = try await r.register("s", personV2)
            let diff = try await r.call(.get, "/subjects/s/versions/1/diff/2")
            #expect(diff.status == 200)
            #expect(diff.json?["changes"]?.arrayValue != nil)
            #expect(diff.json?["backwardCompatible"]?.boolValue != nil)
            #expect(try await r.call(.get, "/subjects/s/versions/1/diff/9").errorCode == 40402)
        }
    }
}
