import Crypto

/// The identity of a registered schema: what makes two registrations "the same schema"
/// (and so the same global id) in every subject.
public enum SchemaFingerprint {
    /// SHA-256 hex of `canonicalText` and each reference's name, subject and version,
    /// NUL-separated so that no two different inputs share a byte string.
    public static func of(canonicalText: String, references: [SchemaReference]) -> String {
        var bytes = Array(canonicalText.utf8)
        for reference in references {
            bytes.append(0)
            bytes.append(contentsOf: reference.name.utf8)
            bytes.append(0)
            bytes.append(contentsOf: reference.subject.utf8)
            bytes.append(0)
            bytes.append(contentsOf: String(reference.version).utf8)
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
