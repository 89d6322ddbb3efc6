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
        // 2: what a registration writes, cut down (each line is pages every commit writes):
        // - schemas without the UNIQUE index on fingerprint: SQLiteFingerprintIndex keeps the
        //   mapping in memory; accord_state counts imports under explicit ids for it;
        // - schemas without AUTOINCREMENT (its sqlite_sequence row was one more page per commit):
        //   ids are the largest id + 1, and schema rows are never deleted, so no id is ever
        //   handed out twice (a version 1 sequence always equals the largest id: SQLite updates
        //   it in the inserting transaction);
        // - subject_versions WITHOUT ROWID: its primary key (subject, version) is the table
        //   itself rather than a second b-tree beside it.
        // SQLite cannot change a table's constraints in place, so both are rebuilt (foreign keys
        // are off during migrations and checked before COMMIT).
        [
            "CREATE TABLE accord_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            """
            CREATE TABLE schemas_v2 (
                id INTEGER PRIMARY KEY,
                fingerprint TEXT NOT NULL,
                text TEXT NOT NULL,
                created_at INTEGER NOT NULL)
            """,
            "INSERT INTO schemas_v2 (id, fingerprint, text, created_at) SELECT id, fingerprint, text, created_at FROM schemas ORDER BY id",
            "DROP TABLE schemas",
            "ALTER TABLE schemas_v2 RENAME TO schemas",
            """
            CREATE TABLE subject_versions_v2 (
                subject TEXT NOT NULL,
                version INTEGER NOT NULL CHECK (version > 0),
                schema_id INTEGER NOT NULL REFERENCES schemas(id),
                deleted INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (subject, version)) WITHOUT ROWID
            """,
            """
            INSERT INTO subject_versions_v2 (subject, version, schema_id, deleted, created_at)
            SELECT subject, version, schema_id, deleted, created_at FROM subject_versions ORDER BY subject, version
            """,
            "DROP TABLE subject_versions",
            "ALTER TABLE subject_versions_v2 RENAME TO subject_versions",
            "CREATE INDEX subject_versions_schema ON subject_versions(schema_id)",
        ],
    ]
}
