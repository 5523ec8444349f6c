/// The schema of every replica, node or hub. A hub adds its own steps after these.
public enum ReplicaSchema {
    public static let migrations: [Migration] = [
        Migration("0001-replica", """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            -- One row per record. body is the whole record (fields, siblings, vector)
            -- as JSON. local_seq is this replica's change feed: bumped on every change.
            -- dirty: holds something upstream has not acknowledged. pending_since: the
            -- first own counter not yet delivered (null when only merges made it dirty).
            -- refusal: why upstream refused the record (until it is written again).
            CREATE TABLE records (
                collection TEXT NOT NULL,
                id TEXT NOT NULL,
                office TEXT NOT NULL,
                body BLOB NOT NULL,
                local_seq INTEGER NOT NULL,
                dirty INTEGER NOT NULL DEFAULT 0,
                pending_since INTEGER,
                pending_at INTEGER,
                refusal TEXT
            );
            CREATE UNIQUE INDEX records_key ON records (collection, id);
            CREATE UNIQUE INDEX records_seq ON records (local_seq);
            CREATE INDEX records_office_seq ON records (office, local_seq);
            CREATE INDEX records_dirty ON records (local_seq) WHERE dirty = 1;
            """),
        Migration("0002-open-conflicts", """
            -- How many conflicts of this record wait for a person; kept with the body.
            ALTER TABLE records ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX records_conflicts ON records (office) WHERE conflicts > 0;
            """),
        Migration("0003-case-index", """
            -- CaseIndex: the day a case's decision or complaint answer is due, and the
            -- РД|service key of a payable application; filled on every save.
            ALTER TABLE records ADD COLUMN due_day INTEGER;
            ALTER TABLE records ADD COLUMN application_key TEXT;
            CREATE INDEX records_due ON records (due_day) WHERE due_day IS NOT NULL;
            CREATE INDEX records_application ON records (application_key) WHERE application_key IS NOT NULL;
            """),
        Migration("0004-outbound-progress", """
            -- What each push batch reports (the first write not yet delivered, the
            -- oldest pending change) read from the front of these instead of from every
            -- dirty record: a batch costs the same with 100 or 100,000 records waiting.
            CREATE INDEX records_dirty_since ON records (pending_since, local_seq) WHERE dirty = 1;
            CREATE INDEX records_dirty_at ON records (pending_at) WHERE dirty = 1;
            """),
        Migration("0005-local-access", """
            -- Node only, never synced: the office's local web-app users (password
            -- hashed, see PasswordHash) and the log of who opened which confidential
            -- case file. The log is append-only: the triggers refuse edits.
            CREATE TABLE local_users (
                name TEXT PRIMARY KEY,
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID;
            CREATE TABLE access_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                user TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT
            );
            CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log cannot be changed'); END;
            CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log cannot be changed'); END;
            """),
        Migration("0006-password-set-at", """
            -- When a local user's password was last set: web sessions from before it end.
            ALTER TABLE local_users ADD COLUMN password_set_at INTEGER NOT NULL DEFAULT 0;
            """),
        Migration("0007-pull-refusals", """
            -- Pulled records this replica refused (PulledRecordCheck), one row per
            -- record with the latest reason; a later copy that passes removes it.
            CREATE TABLE pull_refusals (
                collection TEXT NOT NULL,
                id TEXT NOT NULL,
                reason TEXT NOT NULL,
                at INTEGER NOT NULL,
                PRIMARY KEY (collection, id)
            ) WITHOUT ROWID;
            """),
        Migration("0008-echo", """
            -- At a hub: the replica whose pushed copy this row is, exactly as it came (nil
            -- once anything else changed it). Its pulls skip the row: the office has it.
            ALTER TABLE records ADD COLUMN echo_of TEXT;
            """),
    ]
}

/// Keys of the `meta` table.
enum MetaKey {
    static let replica = "replica_id"
    static let role = "role"
    static let office = "office"
    static let upstreamURL = "upstream_url"
    static let upstreamToken = "upstream_token"
    /// "1" when the office accepted plain HTTP to a hub on another machine.
    static let upstreamInsecureHTTP = "upstream_insecure_http"
    /// "1" once the hub said it takes gzip request bodies (`Accept-Encoding: gzip` on a
    /// push answer); forgotten when the hub's address changes.
    static let upstreamTakesGzip = "upstream_takes_gzip"
    /// Bytes a second the last round that moved enough achieved (`sync --estimate`).
    static let linkBytesPerSecond = "link_bytes_per_second"
    static let counter = "counter"
    static let localSeq = "local_seq"
    static let clockWall = "hlc_wall"
    static let clockLogical = "hlc_logical"
    static let pullSince = "pull_since"
    static let upstreamDeliveredThrough = "upstream_delivered_through"
    static let lastPushAt = "last_push_at"
    static let lastPullAt = "last_pull_at"
    static let lastSyncAt = "last_sync_at"
    static let lastSyncAttemptAt = "last_sync_attempt_at"
    static let lastSyncError = "last_sync_error"
    /// The replica id of the hub last synced with: a new one means it was restored.
    static let upstreamReplica = "upstream_replica"
    static let restoredFrom = "restored_from"
    /// Every id this replica had before restores, comma-separated, oldest first: its own
    /// history, the only source of "former ids" a hub lets in (never an id's shape).
    static let formerReplicas = "former_replicas"
    /// The version of `CaseIndex` the index columns were filled with.
    static let caseIndexVersion = "case_index_version"
    /// The office's time zone (`OfficeTimeZone.id`); absent means the default.
    static let timeZone = "time_zone"
    static func caseSequence(year: Int) -> String { "case_sequence_\(year)" }
    /// Changed by every write or merged record, so written once per transaction, at its
    /// end (read back through the transaction's cache; no SQL reads these directly).
    static let writtenAtCommit: Set<String> = [counter, localSeq, clockWall, clockLogical]
}
