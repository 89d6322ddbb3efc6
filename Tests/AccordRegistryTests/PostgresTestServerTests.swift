import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL test-server fixture itself: a real server, unprivileged, cleaned up.
@Suite("PostgreSQL test server", .postgresServer)
struct PostgresTestServerTests {
    @Test func answersSQLOnItsOwnLoopbackPort() async throws {
        let server = try await PostgresTestServer.current()
        #expect(server.port != 5432)
        let database = "fixture_answers"
        _ = try await server.createDatabase(named: database)
        let answer = try await server.psql("SELECT current_user || ' ' || current_database() || ' ' || current_setting('server_version_num')", database: database)
        let words = answer.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        #expect(words.count == 3)
        #expect(words.first == "accord")
        #expect(words.dropFirst().first == "fixture_answers")
        #expect((Int(words.last ?? "") ?? 0) >= 100_000)
    }

    @Test func serverProcessIsNotRoot() async throws {
        let server = try await PostgresTestServer.current()
        let pidText = try String(contentsOf: server.root.appendingPathComponent("data/postmaster.pid"), encoding: .utf8)
        let pid = try #require(pidText.split(separator: "\n").first.flatMap { Int($0) })
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let uidLine = try #require(status.split(separator: "\n").first { $0.hasPrefix("Uid:") })
        let realUID = try #require(uidLine.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap { UInt32($0) })
        #expect(realUID != 0)
        if geteuid() != 0 { #expect(realUID == geteuid()) }
    }

    @Test func eachDatabaseIsFresh() async throws {
        let server = try await PostgresTestServer.current()
        let first = try await server.createDatabase()
        let second = try await server.createDatabase()
        #expect(first != second)
        #expect(first.hasPrefix("postgres://accord:\(server.password)@127.0.0.1:\(server.port)/"))
    }

    @Test func wrongPasswordIsRefused() async throws {
        let server = try await PostgresTestServer.current()
        let result = try await ProcessRunner.run(
            server.binaries.appendingPathComponent("psql"),
            ["--no-psqlrc", "--host", server.host, "--port", String(server.port), "--username", "accord", "--dbname", "postgres", "--command", "SELECT 1"],
            environment: ["PGPASSWORD": "not-the-password"], timeout: .seconds(30))
        #expect(result.status != 0)
        #expect(result.output.contains("password authentication failed"))
    }
}

@Suite("PostgreSQL test server lifecycle")
struct PostgresTestServerLifecycleTests {
    @Test func stopShutsTheServerDownAndRemovesItsDirectory() async throws {
        let server = try await PostgresTestServer.start()
        let root = server.root
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("data/PG_VERSION").path))
        await server.stop()
        #expect(!FileManager.default.fileExists(atPath: root.path))
        let probe = try await ProcessRunner.run(
            server.binaries.appendingPathComponent("pg_isready"),
            ["--host", server.host, "--port", String(server.port), "--timeout", "2"], environment: [:], timeout: .seconds(10))
        #expect(probe.status != 0)
    }
}
