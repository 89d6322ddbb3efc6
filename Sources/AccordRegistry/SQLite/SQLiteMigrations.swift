/// The SQLite schema, versioned in code. Each entry runs once, in order, inside one write
/// transaction; `accord_migrations` records which ran.
enum SQLiteMigrations {
    static let steps: [[String]] = [
        // 1: subjects, versions, schemas, references, config, mode.
        [
            """
            CREATE TABLE schemas (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                fingerprint TEXT NOT NULL UNIQUE,
                text TEXT NOT NULL,
                created_at INTEGER NOT NULL)
            """,
            """
            CREATE TABLE schema_references (
                schema_id INTEGER NOT NULL REFERENCES schemas(id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                subject TEXT NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (schema_id, position))
            """,
            "CREATE INDEX schema_references_target ON schema_references(subject, version)",
            """
            CREATE TABLE subject_versions (
                subject TEXT NOT NULL,
                version INTEGER NOT NULL CHECK (version > 0),
                schema_id INTEGER NOT NULL REFERENCES schemas(id),
                deleted INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (subject, version))
            """,
            "CREATE INDEX subject_versions_schema ON subject_versions(schema_id)",
            "CREATE TABLE configs (subject TEXT PRIMARY KEY, config TEXT NOT NULL)",
            "CREATE TABLE modes (subject TEXT PRIMARY KEY, mode TEXT NOT NULL)",
        ],
        // 2: no UNIQUE index on schemas.fingerprint (SQLiteFingerprintIndex keeps the mapping in
        // memory); accord_state counts imports under explicit ids. SQLite cannot drop a column
        // constraint, so the table is rebuilt (foreign keys are off during migrations), keeping
        // its ids and its sequence.
        [
            "CREATE TABLE accord_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            """
            CREATE TABLE schemas_v2 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                fingerprint TEXT NOT NULL,
                text TEXT NOT NULL,
                created_at INTEGER NOT NULL)
            """,
            "INSERT INTO schemas_v2 (id, fingerprint, text, created_at) SELECT id, fingerprint, text, created_at FROM schemas ORDER BY id",
            """
            INSERT INTO sqlite_sequence (name, seq)
            SELECT 'schemas_v2', COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'schemas'), 0)
            WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'schemas_v2')
            """,
            """
            UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'schemas'), 0))
            WHERE name = 'schemas_v2'
            """,
            "DROP TABLE schemas",
            "ALTER TABLE schemas_v2 RENAME TO schemas",
        ],
    ]
}
