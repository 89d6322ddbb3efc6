/// Escaping for the XML that Accord writes (JUnit reports of `accord test` and `accord check`).
public enum XMLEscaping {
    /// `text` escaped for XML content or, with `attribute: true`, for a double- or single-quoted attribute
    /// value, where line breaks and tabs become character references so that parsers keep them. Characters
    /// XML 1.0 cannot carry (other C0 controls, U+FFFE, U+FFFF) are dropped.
    public static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r":
                if attribute { out += "&#\(scalar.value);" } else { out.unicodeScalars.append(scalar) }
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
