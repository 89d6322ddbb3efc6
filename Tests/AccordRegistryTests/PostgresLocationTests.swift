@testable import AccordRegistry
import Testing

@Suite("postgres:// URLs")
struct PostgresLocationTests {
    @Test func fullURL() throws {
        let location = try PostgresLocation(parsing: "postgres://reg:s%40cret@db.example:6543/accord_prod?sslmode=disable")
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.username == "reg")
        #expect(location.password == "s@cret")
        #expect(location.database == "accord_prod")
        #expect(location.tls == .disable)
        #expect(location.unixSocketPath == nil)
        #expect(location.redacted == "postgres://reg:***@db.example:6543/accord_prod")
    }

    @Test func defaultsFollowLibpq() throws {
        let location = try PostgresLocation(parsing: "postgresql://alice@localhost")
        #expect(location.port == 5432)
        #expect(location.database == "alice")
        #expect(location.password == nil)
        #expect(location.tls == .prefer)
        let bare = try PostgresLocation(parsing: "postgres://")
        #expect(bare.username == "postgres")
        #expect(bare.host == "localhost")
    }

    @Test func ipv6AndSocketDirectory() throws {
        let v6 = try PostgresLocation(parsing: "postgres://u:p@[::1]:5433/d")
        #expect(v6.host == "::1")
        #expect(v6.port == 5433)
        #expect(v6.redacted == "postgres://u:***@[::1]:5433/d")
        let socket = try PostgresLocation(parsing: "postgres://u@/d?host=%2Fvar%2Frun%2Fpostgresql")
        #expect(socket.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5432")
    }

    @Test(arguments: [
        "mysql://u@h/d",
        "postgres://u@h:notaport/d",
        "postgres://u@h:70000/d",
        "postgres://u@[::1/d",
        "postgres://u@h/d?sslmode=sometimes",
        "postgres://u:p%zz@h/d",
    ])
    func malformedURLsAreRefusedWithoutThePassword(url: String) {
        #expect {
            try PostgresLocation(parsing: url)
        } throws: { error in
            guard case SchemaStoreError.unsupportedLocation(let message) = error else { return false }
            return message.contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE") && !message.contains("p%zz")
        }
    }
}
