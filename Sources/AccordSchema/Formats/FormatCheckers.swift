/// Checks a JSON string value (its UTF-8 bytes, already unescaped) against a `format`.
package typealias FormatCheck = @Sendable (UnsafeBufferPointer<UInt8>) -> Bool

package enum FormatCheckers {
    /// The checker for a format name, or nil when the name is unknown (unknown formats are ignored by the validator).
    package static func checker(named name: String) -> FormatCheck? {
        switch name {
        case "date-time": return { FormatDateTime.dateTime($0) }
        case "date": return { FormatDateTime.date($0) }
        case "time": return { FormatDateTime.time($0) }
        case "duration": return { FormatDateTime.duration($0) }
        case "email": return { FormatEmail.check($0, idn: false) }
        case "idn-email": return { FormatEmail.check($0, idn: true) }
        case "hostname": return { FormatNetwork.hostname($0) }
        case "idn-hostname": return { FormatIDNA.idnHostname($0) }
        case "ipv4": return { FormatNetwork.ipv4($0, 0, $0.count) }
        case "ipv6": return { FormatNetwork.ipv6($0, 0, $0.count) }
        case "uuid": return { FormatNetwork.uuid($0) }
        case "uri": return { FormatURI.check($0, iri: false, reference: false) }
        case "uri-reference": return { FormatURI.check($0, iri: false, reference: true) }
        case "iri": return { FormatURI.check($0, iri: true, reference: false) }
        case "iri-reference": return { FormatURI.check($0, iri: true, reference: true) }
        case "uri-template": return { FormatURITemplate.check($0) }
        case "json-pointer": return { FormatPointer.jsonPointer($0, 0) }
        case "relative-json-pointer": return { FormatPointer.relativeJSONPointer($0) }
        case "regex": return { FormatRegex.check($0) }
        default: return nil
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
