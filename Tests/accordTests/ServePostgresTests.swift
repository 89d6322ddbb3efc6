import Foundation
import Testing

/// Two `accord serve` processes on one PostgreSQL database, written to concurrently over HTTP:
/// ids unique, versions contiguous, one id per distinct schema, nothing lost.
@Suite("accord serve: two processes on one PostgreSQL database", .postgresServer)
struct ServePostgresTests {
    static let writers = 32

    func withTwoServers(_ body: (ServeProcess, ServeProcess) async throws -> Void) async throws {
        let database = try await PostgresTestServer.current().createDatabase()
        // Started together: both migrate the fresh database at once.
        async let startedFirst = ServeProcess.start(database: database)
        async let startedSecond = ServeProcess.start(database: database)
        let first: ServeProcess, second: ServeProcess
        do {
            first = try await startedFirst
        } catch {
            if let second = try? await startedSecond { await second.stop() }
            throw error
        }
        do {
            second = try await startedSecond
        } catch {
            await first.stop()
            throw error
        }
        do {
            try await body(first, second)
        } catch {
            await first.stop()
            await second.stop()
            throw error
        }
        #expect(await first.stop() == 0, "first server log:\n\(first.logText())")
        #expect(await second.stop() == 0, "second server log:\n\(second.logText())")
    }

    static func registration(_ schema: String) -> String {
        let escaped = schema.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"schemaType":"JSON","schema":"\#(escaped)"}"#
    }

    static func distinctSchema(_ index: Int) -> String {
        #"{"type":"object","properties":{"field\#(index)":{"type":"integer"}}}"#
    }

    @Test func differentSchemasUnderOneSubject() async throws {
        try await withTwoServers { first, second in
            let subject = "orders-value"
            _ = try await first.json("PUT", "/config/\(subject)", body: #"{"compatibility":"NONE"}"#)
            let ids = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for index in 0..<Self.writers {
                    let server = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        let answer = try await server.json("POST", "/subjects/\(subject)/versions", body: Self.registration(Self.distinctSchema(index)))
                        let id = try #require((answer as? [String: Any])?["id"] as? Int)
                        return (index, id)
                    }
                }
                var ids: [Int: Int] = [:]
                for try await (index, id) in group { ids[index] = id }
                return ids
            }
            #expect(ids.count == Self.writers)
            #expect(Set(ids.values).count == Self.writers, "every distinct schema got its own id: \(ids)")

            for server in [first, second] {
                let versions = try #require(try await server.json("GET", "/subjects/\(subject)/versions") as? [Int])
                #expect(versions == Array(1...Self.writers))
            }
            // Every version holds one of the registered schemas, each exactly once, and both
            // servers agree on the content behind every id.
            var seen: Set<Int> = []
            for version in 1...Self.writers {
                let entry = try #require(try await second.json("GET", "/subjects/\(subject)/versions/\(version)") as? [String: Any])
                let id = try #require(entry["id"] as? Int)
                seen.insert(id)
                let byID = try #require(try await first.json("GET", "/schemas/ids/\(id)") as? [String: Any])
                #expect(byID["schema"] as? String == entry["schema"] as? String)
                let index = try #require(ids.first { $0.value == id }?.key)
                #expect((entry["schema"] as? String)?.contains("field\(index)\"") == true)
            }
            #expect(seen == Set(ids.values))
        }
    }

    @Test func oneSchemaUnderManySubjects() async throws {
        try await withTwoServers { first, second in
            let schema = #"{"type":"object","properties":{"shared":{"type":"string"}},"required":["shared"]}"#
            let ids = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<Self.writers {
                    let server = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        let answer = try await server.json("POST", "/subjects/subject-\(index)/versions", body: Self.registration(schema))
                        return try #require((answer as? [String: Any])?["id"] as? Int)
                    }
                }
                var ids: [Int] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(ids.count == Self.writers)
            #expect(Set(ids).count == 1, "one schema, one id: \(ids)")
            let id = try #require(ids.first)
            let subjects = try #require(try await first.json("GET", "/schemas/ids/\(id)/subjects") as? [String])
            #expect(Set(subjects) == Set((0..<Self.writers).map { "subject-\($0)" }))
            for index in 0..<Self.writers {
                let versions = try #require(try await second.json("GET", "/subjects/subject-\(index)/versions") as? [Int])
                #expect(versions == [1])
            }
            // The id sequence was not burnt by the race: the next new schema gets the next id.
            let next = try #require(try await second.json("POST", "/subjects/after/versions", body: Self.registration(Self.distinctSchema(99))) as? [String: Any])
            #expect(next["id"] as? Int == id + 1)
        }
    }
}
