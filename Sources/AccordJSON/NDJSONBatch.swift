/// A run of consecutive NDJSON lines copied into one buffer, so that a stream can be cut into
/// independent units of work (for several threads) while memory stays bounded by the batch size.
///
/// The buffer keeps ``BulkJSONParser/padding`` readable bytes after every line, so the simdjson
/// backend reads lines in place.
public struct NDJSONBatch: Sendable {
    /// One record of the batch: a line's place in ``bytes``, or an oversized line that was skipped.
    public struct Entry: Sendable, Equatable {
        /// 1-based line number in the stream.
        public var number: Int
        /// Offset of the line's first byte in the batch buffer, or -1 for an oversized line.
        public var start: Int
        /// The line's length (without its newline), or for an oversized line its size in the input.
        public var count: Int

        public var isOversized: Bool { start < 0 }
    }

    public private(set) var entries: [Entry] = []
    /// Line texts, each followed by a newline; then, once sealed, the padding.
    private var bytes: [UInt8] = []
    private var textCount = 0

    public init() {}

    /// Number of records.
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// Bytes of line text held.
    public var byteCount: Int { textCount }

    mutating func append(number: Int, line: UnsafeRawBufferPointer) {
        if bytes.count > textCount { bytes.removeLast(bytes.count - textCount) }
        entries.append(Entry(number: number, start: bytes.count, count: line.count))
        bytes.append(contentsOf: line)
        bytes.append(UInt8(ascii: "\n"))
        textCount = bytes.count
    }

    /// Adds the padding after the last line (done before the batch is handed out).
    mutating func seal() {
        if bytes.count == textCount { bytes.append(contentsOf: repeatElement(0, count: BulkJSONParser.padding)) }
    }

    mutating func appendOversized(number: Int, size: Int) {
        entries.append(Entry(number: number, start: -1, count: size))
    }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        textCount = 0
    }

    /// Calls `body` for each record in order with the line (as ``NDJSONReader/Line``) and how many
    /// bytes may be read from the line's start (its length plus at least the padding).
    public func forEachLine(_ body: (NDJSONReader.Line, _ readable: Int) throws -> Void) rethrows {
        let sealed = bytes.count > textCount
        try bytes.withUnsafeBytes { raw in
            for entry in entries {
                if entry.isOversized {
                    try body(.oversized(number: entry.number, size: entry.count), 0)
                } else {
                    let line = UnsafeRawBufferPointer(rebasing: raw[entry.start..<entry.start + entry.count])
                    try body(.text(number: entry.number, bytes: line), sealed ? raw.count - entry.start : entry.count)
                }
            }
        }
    }
}

extension NDJSONReader {
    /// Reads the stream as batches of at most `maxLines` lines and about `maxBytes` bytes (a single
    /// longer line makes a batch of its own), calling `body` for each in order; stops early when
    /// `body` returns false. Line numbers, blank-line skipping and oversized lines are exactly those
    /// of ``forEachLine(_:)``. Throws only when the input cannot be read; lines read before
    /// the failure are delivered first.
    public func forEachBatch(maxLines: Int = 1024, maxBytes: Int = 1 << 19, _ body: (NDJSONBatch) throws -> Bool) throws {
        var batch = NDJSONBatch()
        var stopped = false
        do {
            try forEachLine { line in
                switch line {
                case .text(let number, let bytes):
                    if !batch.isEmpty, batch.byteCount + bytes.count > maxBytes {
                        batch.seal()
                        if try !body(batch) { stopped = true; return false }
                        batch.removeAll()
                    }
                    batch.append(number: number, line: bytes)
                case .oversized(let number, let size):
                    batch.appendOversized(number: number, size: size)
                }
                if batch.count >= maxLines {
                    batch.seal()
                    if try !body(batch) { stopped = true; return false }
                    batch.removeAll()
                }
                return true
            }
        } catch {
            if !stopped, !batch.isEmpty {
                batch.seal()
                _ = try body(batch)
            }
            throw error
        }
        if !stopped, !batch.isEmpty {
            batch.seal()
            _ = try body(batch)
        }
    }
}
