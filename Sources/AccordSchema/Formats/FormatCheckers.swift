/// Checks a JSON string value (its UTF-8 bytes, already unescaped) against a `format`.
package typealias FormatCheck = @Sendable (UnsafeBufferPointer<UInt8>) -> Bool

package enum FormatCheckers {
    /// The checker for a format name, or nil when the name is unknown (unknown formats are ignored by the validator).
    package static func checker(named name: String) -> FormatCheck? {
        guard let kind = FormatKind(name: name) else { return nil }
        return { kind.check($0) }
    }
}

/// The formats the drafts name. A compiled schema stores the kind and checks by switching on it,
/// so the validation hot path calls the checker directly rather than through a closure.
package enum FormatKind: UInt8, Sendable {
    case dateTime = 1, date, time, duration, email, idnEmail, hostname, idnHostname, ipv4, ipv6, uuid
    case uri, uriReference, iri, iriReference, uriTemplate, jsonPointer, relativeJSONPointer, regex

    package init?(name: String) {
        switch name {
        case "date-time": self = .dateTime
        case "date": self = .date
        case "time": self = .time
        case "duration": self = .duration
        case "email": self = .email
        case "idn-email": self = .idnEmail
        case "hostname": self = .hostname
        case "idn-hostname": self = .idnHostname
        case "ipv4": self = .ipv4
        case "ipv6": self = .ipv6
        case "uuid": self = .uuid
        case "uri": self = .uri
        case "uri-reference": self = .uriReference
        case "iri": self = .iri
        case "iri-reference": self = .iriReference
        case "uri-template": self = .uriTemplate
        case "json-pointer": self = .jsonPointer
        case "relative-json-pointer": self = .relativeJSONPointer
        case "regex": self = .regex
        default: return nil
        }
    }

    /// Whether the UTF-8 bytes of a string value are valid for this format.
    package func check(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .dateTime: return FormatDateTime.dateTime(p)
        case .date: return FormatDateTime.date(p)
        case .time: return FormatDateTime.time(p)
        case .duration: return FormatDateTime.duration(p)
        case .email: return FormatEmail.check(p, idn: false)
        case .idnEmail: return FormatEmail.check(p, idn: true)
        case .hostname: return FormatNetwork.hostname(p)
        case .idnHostname: return FormatIDNA.idnHostname(p)
        case .ipv4: return FormatNetwork.ipv4(p, 0, p.count)
        case .ipv6: return FormatNetwork.ipv6(p, 0, p.count)
        case .uuid: return FormatNetwork.uuid(p)
        case .uri: return FormatURI.check(p, iri: false, reference: false)
        case .uriReference: return FormatURI.check(p, iri: false, reference: true)
        case .iri: return FormatURI.check(p, iri: true, reference: false)
        case .iriReference: return FormatURI.check(p, iri: true, reference: true)
        case .uriTemplate: return FormatURITemplate.check(p)
        case .jsonPointer: return FormatPointer.jsonPointer(p, 0)
        case .relativeJSONPointer: return FormatPointer.relativeJSONPointer(p)
        case .regex: return FormatRegex.check(p)
        }
    }
}

/// Small byte-level helpers shared by the format checkers.
enum FormatBytes {
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool {
        c &- 0x30 < 10 || (c | 0x20) &- 0x61 < 6
    }
    @inline(__always) static func hexValue(_ c: UInt8) -> Int {
        if c &- 0x30 < 10 { return Int(c &- 0x30) }
        let l = c | 0x20
        if l &- 0x61 < 6 { return Int(l &- 0x61) + 10 }
        return -1
    }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { isAlpha(c) ? c | 0x20 : c }

    /// Decodes one UTF-8 scalar at `i`; returns (scalar, length) or length 0 when malformed.
    static func decodeUTF8(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        @inline(__always) func cont(_ k: Int) -> UInt32? {
            guard k < end else { return nil }
            let b = p[k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        if b0 & 0xE0 == 0xC0 {
            guard b0 >= 0xC2, let c1 = cont(i + 1) else { return (0, 0) }
            return ((b0 & 0x1F) << 6 | c1, 2)
        }
        if b0 & 0xF0 == 0xE0 {
            guard let c1 = cont(i + 1), let c2 = cont(i + 2) else { return (0, 0) }
            let v = (b0 & 0x0F) << 12 | c1 << 6 | c2
            if v < 0x800 || (v >= 0xD800 && v <= 0xDFFF) { return (0, 0) }
            return (v, 3)
        }
        if b0 & 0xF8 == 0xF0 {
            guard let c1 = cont(i + 1), let c2 = cont(i + 2), let c3 = cont(i + 3) else { return (0, 0) }
            let v = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if v < 0x10000 || v > 0x10FFFF { return (0, 0) }
            return (v, 4)
        }
        return (0, 0)
    }
}
