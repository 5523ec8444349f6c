/// The schema of every replica, node or hub. A node adds its own steps after these
/// (`NodeSchema`, in LocalNode), and so does a hub (`HubSchema`).
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
        // 0005-local-access and 0006-password-set-at, the office's web users and access
        // log, are the node's own steps since issue 16 (LocalNode's NodeSchema); a hub
        // that ran them before keeps their tables and knows their names (HubSchema).
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
        Migration("0009-overdue-index", """
            -- CaseIndex.overdueDay: the day the decision or a complaint's answer is due
            -- (due_day also holds the day a benefit ends). Filled on every save; the
            -- case index's version 5 fills the rows already there.
            ALTER TABLE records ADD COLUMN overdue_day INTEGER;
            CREATE INDEX records_overdue ON records (overdue_day, office) WHERE overdue_day IS NOT NULL;
            """),
        Migration("0010-desk-queues", """
            -- CaseIndex.decisionDay and complaintDay: the day a case's decision is due while
            -- it waits for one, and the earliest unanswered complaint's. The district's desk
            -- reads its queues off them, oldest first, without reading every case. Filled on
            -- every save; the case index's version 6 fills the rows already there.
            ALTER TABLE records ADD COLUMN decision_day INTEGER;
            ALTER TABLE records ADD COLUMN complaint_day INTEGER;
            CREATE INDEX records_decision ON records (decision_day, office) WHERE decision_day IS NOT NULL;
            CREATE INDEX records_complaint ON records (complaint_day, office) WHERE complaint_day IS NOT NULL;
            """),
        Migration("0011-delivery-index", """
            -- CaseIndex.deliveryDay: the day a decree was written while its soum has not
            -- acknowledged it, and a case's service as its Service.indexCode (a byte on every
            -- row, where the id would take twenty; both at a hub, empty at a node). The
            -- desk's queue of decisions not at their soum after N days is read off the first,
            -- and every queue filtered by service off the second without reading a body. The
            -- case index's version 7 fills them.
            ALTER TABLE records ADD COLUMN delivery_day INTEGER;
            ALTER TABLE records ADD COLUMN service INTEGER;
            CREATE INDEX records_delivery ON records (delivery_day, office, service) WHERE delivery_day IS NOT NULL;
            -- The applications queue counts by service off its index alone.
            DROP INDEX records_decision;
            CREATE INDEX records_decision ON records (decision_day, office, service) WHERE decision_day IS NOT NULL;
            """),
        Migration("0012-moved-records", """
            -- Issue 19: a hub may move a case to another office (SyncModel's Holding). From
            -- here on records.office is the office that holds a record now (the body keeps
            -- the office that opened it, in its number). Each office a record moved away
            -- from is kept with the change-feed position of the move, so that the office's
            -- next pull brings its copy once more: the one that says where the case went
            -- (StoreTransaction.noteMove; a trigger on records.office did the same and cost
            -- every upsert 2.5 times its time, inserts included).
            CREATE TABLE moved_records (
                office TEXT NOT NULL,
                collection TEXT NOT NULL,
                id TEXT NOT NULL,
                moved_seq INTEGER NOT NULL,
                PRIMARY KEY (office, collection, id)
            ) WITHOUT ROWID;
            CREATE INDEX moved_records_seq ON moved_records (office, moved_seq);
            """),
        Migration("0013-file-queue", """
            -- Issue 20: scans attached here wait for upstream in this queue (oldest first),
            -- with the case that references them (upstream takes a file only for a case
            -- of the sender's that names it). A file leaves the queue once upstream holds
            -- it whole. The files themselves are in the content store beside the database.
            CREATE TABLE file_queue (
                sha256 TEXT PRIMARY KEY,
                collection TEXT NOT NULL,
                id TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                queued_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX file_queue_order ON file_queue (queued_at, sha256);
            """),
    ]
}

/// Keys of the `meta` table.
package enum MetaKey {
    package static let replica = "replica_id"
    package static let role = "role"
    package static let office = "office"
    package static let upstreamURL = "upstream_url"
    package static let upstreamToken = "upstream_token"
    /// "1" when the office accepted plain HTTP to a hub on another machine.
    package static let upstreamInsecureHTTP = "upstream_insecure_http"
    /// "1" once the hub said it takes gzip request bodies (`Accept-Encoding: gzip` on a
    /// push answer); forgotten when the hub's address changes.
    package static let upstreamTakesGzip = "upstream_takes_gzip"
    /// The PEM file of the district's CA that an https:// hub's certificate is verified with.
    package static let upstreamCAFile = "upstream_ca_file"
    /// The hub's public key pin (libcurl's `sha256//<base64>`, or a key file).
    package static let upstreamPinnedPublicKey = "upstream_pinned_public_key"
    /// The HTTP proxy the node reaches its hub through (`--proxy`), when not the environment's.
    package static let upstreamProxy = "upstream_proxy"
    /// Bytes a second the last round that moved enough achieved (`sync --estimate`).
    package static let linkBytesPerSecond = "link_bytes_per_second"
    package static let counter = "counter"
    package static let localSeq = "local_seq"
    package static let clockWall = "hlc_wall"
    package static let clockLogical = "hlc_logical"
    package static let pullSince = "pull_since"
    package static let upstreamDeliveredThrough = "upstream_delivered_through"
    package static let lastPushAt = "last_push_at"
    package static let lastPullAt = "last_pull_at"
    package static let lastSyncAt = "last_sync_at"
    package static let lastSyncAttemptAt = "last_sync_attempt_at"
    package static let lastSyncError = "last_sync_error"
    /// The replica id of the hub last synced with: a new one means it was restored.
    package static let upstreamReplica = "upstream_replica"
    package static let restoredFrom = "restored_from"
    /// Every id this replica had before restores, comma-separated, oldest first: its own
    /// history, the only source of "former ids" a hub lets in (never an id's shape).
    package static let formerReplicas = "former_replicas"
    /// The version of `CaseIndex` the index columns were filled with.
    package static let caseIndexVersion = "case_index_version"
    /// The office's time zone (`OfficeTimeZone.id`); absent means the default.
    package static let timeZone = "time_zone"
    package static func caseSequence(year: Int) -> String { "case_sequence_\(year)" }
    /// Changed by every write or merged record, so written once per transaction, at its
    /// end (read back through the transaction's cache; no SQL reads these directly).
    package static let writtenAtCommit: Set<String> = [counter, localSeq, clockWall, clockLogical]
}
