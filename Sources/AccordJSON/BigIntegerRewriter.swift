/// Rewrites integer literals that do not fit in 64 bits into decimal literals (`…123` → `…123.0`),
/// so that jansson reads them as the nearest double instead of refusing the document.
///
/// Only integer tokens outside strings are touched; everything else is copied byte for byte.
enum BigIntegerRewriter {
    /// The rewritten text and the original offsets after which ".0" was inserted.
    static func rewrite(_ bytes: UnsafeRawBufferPointer) -> (text: [UInt8], insertions: [Int])? {
        var insertions: [Int] = []
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 16)
        var changed = false
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let start = i
                i += 1
                while i < n, bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                i = min(i + 1, n)
                out.append(contentsOf: bytes[start..<i])
                continue
            }
            if c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) {
                let start = i
                i += 1
                while i < n, isNumberByte(bytes[i]) { i += 1 }
                let token = bytes[start..<i]
                out.append(contentsOf: token)
                let isInteger = !token.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
                if isInteger, Int64(String(decoding: token, as: UTF8.self)) == nil, token.count > 1 || c != UInt8(ascii: "-") {
                    out.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
                    insertions.append(i)
                    changed = true
                }
                continue
            }
            out.append(c)
            i += 1
        }
        return changed ? (out, insertions) : nil
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
            || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }
}
