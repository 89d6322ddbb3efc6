/// RFC 3986 URI references: parsing into components and resolving against a base (§5.2).
/// No network is involved anywhere: URIs are only names.
struct URIReference: Equatable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(_ text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isLetter,
           rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        path = String(rest)
    }

    var text: String {
        var out = ""
        if let scheme { out += scheme + ":" }
        if let authority { out += "//" + authority }
        out += path
        if let query { out += "?" + query }
        if let fragment { out += "#" + fragment }
        return out
    }

    /// This reference resolved against `base` (RFC 3986 §5.2.2).
    func resolved(against base: URIReference) -> URIReference {
        var t = URIReference("")
        if scheme != nil {
            t = self
            t.path = Self.removeDotSegments(path)
        } else {
            if authority != nil {
                t.authority = authority
                t.path = Self.removeDotSegments(path)
                t.query = query
            } else {
                if path.isEmpty {
                    t.path = base.path
                    t.query = query ?? base.query
                } else {
                    if path.hasPrefix("/") {
                        t.path = Self.removeDotSegments(path)
                    } else {
                        t.path = Self.removeDotSegments(Self.merge(base: base, path))
                    }
                    t.query = query
                }
                t.authority = base.authority
            }
            t.scheme = base.scheme
        }
        t.fragment = fragment
        return t
    }

    private static func merge(base: URIReference, _ path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        var absolute = false
        if input.hasPrefix("/") { absolute = true }
        let segments = input.split(separator: "/", omittingEmptySubsequences: false)
        input = ""
        for (i, segment) in segments.enumerated() {
            if i == 0 && absolute { continue }
            if segment == "." {
                if i == segments.count - 1 { output.append("") }
            } else if segment == ".." {
                if !output.isEmpty { output.removeLast() }
                if i == segments.count - 1 { output.append("") }
            } else {
                output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }
}

/// Helpers on absolute URI strings.
package enum URIs {
    /// `ref` resolved against `base`; both are strings.
    package static func resolve(_ ref: String, against base: String) -> String {
        if base.isEmpty { return URIReference(ref).text }
        return URIReference(ref).resolved(against: URIReference(base)).text
    }

    /// Splits `uri` into the part before `#` and the (undecoded) fragment.
    package static func split(_ uri: String) -> (base: String, fragment: String?) {
        // On UTF-8 bytes: `#` is ASCII, and searching Characters costs grapheme breaking.
        let bytes = uri.utf8
        guard let hash = bytes.firstIndex(of: UInt8(ascii: "#")) else { return (uri, nil) }
        return (String(uri[..<hash]), String(uri[bytes.index(after: hash)...]))
    }

    package static func withoutFragment(_ uri: String) -> String { split(uri).base }
}
