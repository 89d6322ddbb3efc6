import CSimdjsonBridge

/// One simdjson DOM parser (through the CSimdjsonBridge C interface) that writes a document straight
/// into ``JSONTape``'s layout. It answers only when the document reads exactly as jansson reads it;
/// otherwise it says why, and the caller parses with jansson. Not thread-safe: one per thread.
package final class SimdjsonParser {
    /// Why the fast path passed a document on to jansson.
    package enum Fallback: Int, Sendable, CaseIterable {
        case parseError = 1, bigInteger, negativeZero, duplicateKey, nulInKey, tooDeep, noMemory
    }

    private let handle: OpaquePointer

    /// Bytes simdjson may read past a document's end; a caller that guarantees them avoids a copy.
    package static let padding = Int(accord_simd_padding())

    /// The simdjson kernel in use on this CPU (e.g. `haswell`).
    package static var implementation: String { String(cString: accord_simd_implementation()) }

    package init() {
        guard let handle = accord_simd_parser_create() else { fatalError("cannot allocate a simdjson parser") }
        self.handle = handle
    }

    deinit { accord_simd_parser_destroy(handle) }

    /// Parses `bytes` (of which `readable` bytes from its start may be read) and replaces `tape`'s
    /// contents with the document; returns why not when jansson must parse it instead.
    package func parse(_ bytes: UnsafeRawBufferPointer, readable: Int, maxDepth: Int, into tape: inout JSONTape) -> Fallback? {
        guard let base = bytes.baseAddress else { return .parseError }
        let status = accord_simd_parse(
            handle, base.assumingMemoryBound(to: UInt8.self), bytes.count, max(readable, bytes.count), maxDepth)
        if status != ACCORD_SIMD_OK { return Fallback(rawValue: Int(status.rawValue)) ?? .parseError }
        var wordCount = 0
        var byteCount = 0
        let words = accord_simd_words(handle, &wordCount)
        let strings = accord_simd_bytes(handle, &byteCount)
        tape.removeAll()
        tape.words.append(contentsOf: UnsafeBufferPointer(start: words, count: wordCount))
        if byteCount > 0 { tape.bytes.append(contentsOf: UnsafeBufferPointer(start: strings, count: byteCount)) }
        return nil
    }
}
