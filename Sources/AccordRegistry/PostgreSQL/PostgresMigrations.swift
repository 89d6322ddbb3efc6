/// The PostgreSQL schema, versioned in code. Each step runs once, in order, in one transaction
/// that holds an advisory lock, so several `accord serve` processes starting together migrate the
/// database exactly once; `accord_migrations` records which steps ran. Never edit a released
/// step: append a new one.
enum PostgresMigrations {
    static let steps: [[String]] = [
        // 1: schemas (ids from a sequence, one per fingerprint), their references, subject
        //    versions, config and mode.
        [
            "CREATE SEQUENCE accord_schema_ids AS bigint START 1",
            """
            CREATE TABLE accord_schemas (
                id bigint PRIMARY KEY DEFAULT nextval('accord_schema_ids'),
                fingerprint text NOT NULL,
                text text NOT NULL,
                created_at bigint NOT NULL,
                CONSTRAINT accord_schemas_fingerprint_key UNIQUE (fingerprint))
            """,
            "ALTER SEQUENCE accord_schema_ids OWNED BY accord_schemas.id",
            """
            CREATE TABLE accord_schema_references (
                schema_id bigint NOT NULL REFERENCES accord_schemas(id),
                position integer NOT NULL,
                name text NOT NULL,
                subject text NOT NULL,
                version integer NOT NULL,
                PRIMARY KEY (schema_id, position))
            """,
            "CREATE INDEX accord_schema_references_target ON accord_schema_references (subject, version)",
            """
            CREATE TABLE accord_subject_versions (
                subject text NOT NULL,
                version integer NOT NULL CHECK (version > 0),
                schema_id bigint NOT NULL REFERENCES accord_schemas(id),
                deleted boolean NOT NULL DEFAULT false,
                created_at bigint NOT NULL,
                PRIMARY KEY (subject, version))
            """,
            "CREATE INDEX accord_subject_versions_schema ON accord_subject_versions (schema_id)",
            "CREATE TABLE accord_configs (subject text PRIMARY KEY, config text NOT NULL)",
            "CREATE TABLE accord_modes (subject text PRIMARY KEY, mode text NOT NULL)",
        ],
    ]

    /// Advisory-lock namespace of Accord's PostgreSQL store (first key of the two-key form).
    static let lockNamespace: Int32 = 0x4163_6364  // "Accd"
    /// Second keys: migrations take 0; subjects and fingerprints are hashed into their own
    /// namespaces (see ``PostgresTransaction``).
    static let migrationLockKey: Int32 = 0
}
