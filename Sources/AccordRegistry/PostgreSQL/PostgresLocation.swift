/// A parsed `postgres://` (or `postgresql://`) connection URL, as libpq spells it:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require][&host=/socket/dir]`.
///
/// User, password and database are percent-decoded. Without a port, 5432; without a user,
/// `postgres`; without a database, the user's name. A `host` query parameter that starts with
/// `/` names a Unix-socket directory (the socket file is `.s.PGSQL.PORT` inside it).
struct PostgresLocation: Sendable, Equatable {
    /// libpq's `sslmode`: `prefer` and `require` encrypt without verifying the certificate,
    /// `verify-ca` and `verify-full` verify it (and, for `verify-full`, the host name).
    enum TLSMode: String, Sendable {
        case disable, prefer, require, verify
    }

    var host: String
    var port: Int
    var unixSocketPath: String?
    var username: String
    var password: String?
    var database: String
    var tls: TLSMode

    /// The URL with the password masked, for logs and error messages.
    var redacted: String {
        let credentials = password == nil ? username : "\(username):***"
        let place = unixSocketPath ?? "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        return "postgres://\(credentials)@\(place)/\(database)"
    }

    init(parsing url: String) throws(SchemaStoreError) {
        func invalid(_ why: String) -> SchemaStoreError {
            .unsupportedLocation("'\(Self.mask(url))': \(why); expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        var rest: Substring
        if url.hasPrefix("postgres://") {
            rest = url.dropFirst("postgres://".count)
        } else if url.hasPrefix("postgresql://") {
            rest = url.dropFirst("postgresql://".count)
        } else {
            throw invalid("not a postgres:// URL")
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }

        // Host and port; an IPv6 literal is bracketed.
        var hostText: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("unclosed [ in the host") }
            hostText = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw invalid("unexpected text after the host") }
        } else if let colon = rest.lastIndex(of: ":") {
            hostText = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            hostText = rest
        }
        host = hostText.isEmpty ? "localhost" : try Self.decode(hostText, invalid)
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else { throw invalid("port '\(portText)' is not a number from 1 to 65535") }
            port = number
        } else {
            port = 5432
        }

        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                username = try Self.decode(userInfo[..<colon], invalid)
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], invalid)
            } else {
                username = try Self.decode(userInfo, invalid)
                password = nil
            }
        } else {
            username = "postgres"
            password = nil
        }
        if username.isEmpty { username = "postgres" }
        let databaseName = try Self.decode(path, invalid)
        database = databaseName.isEmpty ? username : databaseName
        tls = .prefer
        unixSocketPath = nil

        for parameter in query.split(separator: "&") {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(pair[0], invalid)
            let value = pair.count > 1 ? try Self.decode(pair[1], invalid) : ""
            switch key {
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require": tls = .require
                case "verify-ca", "verify-full": tls = .verify
                default: throw invalid("sslmode '\(value)' is not disable, prefer, require, verify-ca or verify-full")
                }
            case "host" where value.hasPrefix("/"):
                unixSocketPath = value.hasSuffix("/") ? "\(value).s.PGSQL.\(port)" : "\(value)/.s.PGSQL.\(port)"
            case "user": username = value
            case "password": password = value
            case "dbname": database = value
            default: continue  // application_name, connect_timeout, …: not needed here
            }
        }
    }

    private static func decode(_ text: Substring, _ invalid: (String) -> SchemaStoreError) throws(SchemaStoreError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw invalid("bad percent-escape")
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `url` with anything between `://user:` and `@` replaced, so errors never print passwords.
    static func mask(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.lastIndex(of: "@"), at > scheme.upperBound else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

extension SchemaStoreFactory {
    /// `location` with any password masked (`postgres://user:***@host/db`), for logs.
    public static func redacted(_ location: String) -> String { PostgresLocation.mask(location) }
}
