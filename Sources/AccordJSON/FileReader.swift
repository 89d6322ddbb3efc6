#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with POSIX calls, refusing files larger than a limit before reading them.
enum FileReader {
    static func readAll(path: String, limit: Int) throws(JSONParseError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw unreadable(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw unreadable(path, "is a directory") }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, String(cString: strerror(errno)))
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit {
                throw JSONParseError(
                    kind: .tooLarge(limit: limit, size: out.count), file: path, line: 1, column: 1, byteOffset: limit,
                    reason: "file is larger than the limit of \(limit) bytes")
            }
        }
        return out
    }

    static func unreadable(_ path: String, _ why: String) -> JSONParseError {
        JSONParseError(kind: .unreadable, file: path, line: 0, column: 0, byteOffset: 0, reason: "cannot read \(path): \(why)")
    }
}
