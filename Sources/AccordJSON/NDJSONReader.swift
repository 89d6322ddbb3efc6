#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-delimited JSON one line at a time from a file descriptor, in fixed-size chunks,
/// so memory stays bounded whatever the input size. Blank lines are skipped; a `\r\n` ending is
/// accepted. A line longer than `maxLineBytes` is reported as ``Line/oversized(number:size:)`` and
/// skipped without being buffered.
public struct NDJSONReader: ~Copyable {
    /// One record of the stream.
    public enum Line {
        /// A line's bytes (without the newline), valid only during the callback.
        case text(number: Int, bytes: UnsafeRawBufferPointer)
        /// A line over the size limit, skipped.
        case oversized(number: Int, size: Int)
    }

    private let fd: Int32
    private let ownsDescriptor: Bool
    public let maxLineBytes: Int
    private let chunkSize: Int

    /// Reads from an open descriptor (e.g. `0` for stdin), which it does not close.
    public init(fileDescriptor: Int32, maxLineBytes: Int = 64 << 20, chunkSize: Int = 1 << 20) {
        self.fd = fileDescriptor
        self.ownsDescriptor = false
        self.maxLineBytes = maxLineBytes
        self.chunkSize = chunkSize
    }

    /// Opens a file for reading.
    public init(path: String, maxLineBytes: Int = 64 << 20, chunkSize: Int = 1 << 20) throws(JSONParseError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileReader.unreadable(path, String(cString: strerror(errno))) }
        self.fd = fd
        self.ownsDescriptor = true
        self.maxLineBytes = maxLineBytes
        self.chunkSize = chunkSize
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// The index of the first `\n` in `buffer[from..<to]`.
    private static func newline(in buffer: [UInt8], from: Int, to: Int) -> Int? {
        guard to > from else { return nil }
        return buffer.withUnsafeBytes { raw in
            memchr(raw.baseAddress! + from, 0x0A, to - from).map { raw.baseAddress!.distance(to: UnsafeRawPointer($0)) }
        }
    }

    /// Calls `body` for each non-blank line, in order. Stops early when `body` returns false.
    /// Throws only when the input cannot be read.
    public func forEachLine(_ body: (Line) throws -> Bool) throws {
        var buffer = [UInt8](repeating: 0, count: max(chunkSize, 4096))
        var start = 0        // first byte of the current line in `buffer`
        var end = 0          // bytes filled
        var lineNumber = 1
        var skippingOversized = false
        var skippedBytes = 0

        /// A line's length without its `\r` (of a CRLF ending).
        func contentLength(_ lo: Int, _ hi: Int) -> Int {
            hi > lo && buffer[hi - 1] == UInt8(ascii: "\r") ? hi - lo - 1 : hi - lo
        }

        func emit(_ lo: Int, _ hi: Int) throws -> Bool {
            var hi = hi
            if hi > lo, buffer[hi - 1] == UInt8(ascii: "\r") { hi -= 1 }
            var blank = true
            for i in lo..<hi where !(buffer[i] == 0x20 || buffer[i] == 0x09) { blank = false; break }
            if blank { return true }
            return try buffer.withUnsafeBytes { raw in
                try body(.text(number: lineNumber, bytes: UnsafeRawBufferPointer(rebasing: raw[lo..<hi])))
            }
        }

        while true {
            if start > 0, start == end {
                start = 0
                end = 0
            } else if end == buffer.count {
                if start > 0 {
                    buffer.withUnsafeMutableBytes { raw in
                        _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
                    }
                    end -= start
                    start = 0
                } else if buffer.count < maxLineBytes + 2 {
                    buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maxLineBytes + 2 - buffer.count)))
                } else {
                    // The current line is over the limit: drop what we have and skip to its end.
                    skippingOversized = true
                    skippedBytes += end
                    start = 0
                    end = 0
                }
            }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + end, $0.count - end) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JSONParseError(kind: .unreadable, line: lineNumber, column: 0, byteOffset: 0,
                                     reason: "cannot read input: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            var scan = end
            end += n
            while let newline = Self.newline(in: buffer, from: scan, to: end) {
                if skippingOversized {
                    let size = skippedBytes + (newline - start)
                    skippingOversized = false
                    skippedBytes = 0
                    if try !body(.oversized(number: lineNumber, size: size)) { return }
                } else if contentLength(start, newline) > maxLineBytes {
                    if try !body(.oversized(number: lineNumber, size: contentLength(start, newline))) { return }
                } else if try !emit(start, newline) {
                    return
                }
                lineNumber += 1
                start = newline + 1
                scan = start
            }
        }
        if skippingOversized {
            _ = try body(.oversized(number: lineNumber, size: skippedBytes + end - start))
        } else if end > start {
            if end - start > maxLineBytes {
                _ = try body(.oversized(number: lineNumber, size: end - start))
            } else {
                _ = try emit(start, end)
            }
        }
    }
}
