import Crypto
import GRDB
import Synchronization

/// Which schema id holds each fingerprint, kept in memory for the SQLite store instead of a
/// UNIQUE index on `schemas.fingerprint`.
///
/// Why: fingerprints are uniformly random, so every new schema's index entry lands on a random
/// leaf page of the index, and that page is written to the WAL at commit and copied again by
/// the checkpoint: one extra 4 KiB page per registration, the largest single cost of a
/// registration's SQL. Measured over HTTP (`Benchmarks/registry`): 15–20 % more registrations
/// per second without the index, and a lower p99.
///
/// Why it stays correct: schema rows are never deleted and a row's id and fingerprint never
/// change, so an entry read from any committed snapshot stays true forever. The map only grows,
/// and merging what any connection reads is safe. It learns new rows by catching up:
/// - ids from the table's sequence grow in commit order (SQLite has one writer at a time), so
///   rows above the highest id loaded are the new ones;
/// - a schema imported under an explicit id can land below that, so imports count themselves in
///   `accord_state` (``importsKey``), and a changed count reloads every row;
/// - the writer catches up right after `BEGIN IMMEDIATE`: holding the database's write lock, the
///   map plus its own uncommitted inserts (``SQLiteWriteBatch``) is then exactly the table, also when
///   other processes write the same file;
/// - a reader catches up in its own snapshot and confirms the id exists there.
final class SQLiteFingerprintIndex: Sendable {
    /// A fingerprint as 256 bits: the SHA-256 it spells when it is 64 hex digits, otherwise the
    /// SHA-256 of its text. A quarter of the memory of the string.
    struct Key: Hashable, Sendable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        init(_ fingerprint: String) {
            if let words = Self.parseHex(fingerprint) {
                self.words = words
                return
            }
            var words: [UInt64] = [0, 0, 0, 0]
            var index = 0
            for byte in SHA256.hash(data: Array(fingerprint.utf8)) {
                words[index / 8] = words[index / 8] << 8 | UInt64(byte)
                index += 1
            }
            self.words = (words[0], words[1], words[2], words[3])
        }

        /// The four words 64 lowercase hex digits spell, or nil.
        private static func parseHex(_ text: String) -> (UInt64, UInt64, UInt64, UInt64)? {
            var text = text
            return text.withUTF8 { bytes -> (UInt64, UInt64, UInt64, UInt64)? in
                guard bytes.count == 64 else { return nil }
                func word(_ start: Int) -> UInt64? {
                    var value: UInt64 = 0
                    for offset in start..<(start + 16) {
                        let byte = bytes[offset]
                        let nibble: UInt8
                        switch byte {
                        case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- UInt8(ascii: "0")
                        case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- UInt8(ascii: "a") &+ 10
                        default: return nil
                        }
                        value = value << 4 | UInt64(nibble)
                    }
                    return value
                }
                guard let a = word(0), let b = word(16), let c = word(32), let d = word(48) else { return nil }
                return (a, b, c, d)
            }
        }

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
        }

        func hash(into hasher: inout Hasher) {
            // The words are already uniformly distributed.
            hasher.combine(words.0)
            hasher.combine(words.1)
        }
    }

    /// The `accord_state` row counting imports under explicit ids.
    static let importsKey = "schema_imports"

    private struct Progress {
        /// Every row with an id up to this one is in the map (imports aside).
        var loadedThrough: Int64 = 0
        /// The import count of the last full load; -1 before the first.
        var imports: Int64 = -1
    }

    /// One part of the map. The map is split so that growing it rehashes one small part at a
    /// time: a single dictionary of 130 000 entries took the writer 25 ms to grow, and every
    /// registration waiting on it waited as long.
    private final class Shard: Sendable {
        let ids = Mutex<[Key: Int64]>([:])
    }

    private static let shardCount = 64
    private let shards: [Shard] = (0..<SQLiteFingerprintIndex.shardCount).map { _ in Shard() }
    private let progress = Mutex(Progress())

    private func shard(_ key: Key) -> Shard {
        shards[Int(truncatingIfNeeded: key.words.3 & UInt64(Self.shardCount - 1))]
    }

    /// The id of `key` among the entries learnt so far.
    func id(of key: Key) -> Int64? {
        shard(key).ids.withLock { $0[key] }
    }

    private func learn(_ key: Key, _ id: Int64) {
        shard(key).ids.withLock { $0[key] = id }
    }

    /// Learns the rows committed since the last catch-up, as `db`'s snapshot shows them.
    func catchUp(_ db: Database) throws {
        let imports = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT value FROM accord_state WHERE key = ?"), arguments: [Self.importsKey]) ?? 0
        let (loadedThrough, knownImports) = progress.withLock { ($0.loadedThrough, $0.imports) }
        // A reader with an older snapshot may see fewer imports than already loaded: nothing to reload then.
        let reload = imports > knownImports
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT id, fingerprint FROM schemas WHERE id > ? ORDER BY id"),
            arguments: [reload ? Int64.min : loadedThrough])
        var last: Int64?
        while let row = try rows.next() {
            let id: Int64 = row[0]
            learn(Key(row[1] as String), id)
            last = id
        }
        // The entries are in before the range says so.
        progress.withLock { progress in
            if let last { progress.loadedThrough = max(progress.loadedThrough, last) }
            if reload { progress.imports = max(progress.imports, imports) }
        }
    }

    /// Adds what a write transaction inserted, once it committed. Only the writer, having caught
    /// up under the write lock at the start of that transaction, may `advance` the loaded range.
    func record(_ entries: [Key: Int64], advance: Bool) {
        guard !entries.isEmpty else { return }
        for (key, id) in entries { learn(key, id) }
        if advance, let highest = entries.values.max() {
            progress.withLock { $0.loadedThrough = max($0.loadedThrough, highest) }
        }
    }
}
