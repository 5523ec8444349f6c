import ReplicaStorage

/// The hub's own tables, after the replica schema every replica has.
public enum HubSchema {
    public static let migrations: [Migration] = [
        // Before issue 16 every hub also ran the node's web-user and access-log steps;
        // hubs made since do not (NodeSchema), and those that did keep the empty tables.
        .retired("0005-local-access"),
        .retired("0006-password-set-at"),
        Migration("0101-hub-offices", """
            -- One row per soum or khoroo office this hub serves. Only a SHA-256 hash
            -- of each office's token is kept. The rest is what the hub last heard.
            CREATE TABLE offices (
                id TEXT PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                token_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER,
                last_contact_at INTEGER,
                last_push_at INTEGER,
                last_pull_at INTEGER,
                delivered_through INTEGER NOT NULL DEFAULT 0,
                latest_counter INTEGER NOT NULL DEFAULT 0,
                pending_count INTEGER,
                oldest_pending_seconds INTEGER,
                software_version TEXT,
                clock_ahead_ms INTEGER,
                records_in INTEGER NOT NULL DEFAULT 0,
                records_out INTEGER NOT NULL DEFAULT 0,
                bytes_in INTEGER NOT NULL DEFAULT 0,
                bytes_out INTEGER NOT NULL DEFAULT 0
            );
            """),
        Migration("0102-resolutions", """
            -- Every conflict a person closed at this hub: what was kept, when, by whom.
            -- A conflict id found here is never resolved twice.
            CREATE TABLE resolutions (
                conflict_id TEXT PRIMARY KEY,
                collection TEXT NOT NULL,
                record_id TEXT NOT NULL,
                office TEXT NOT NULL,
                field TEXT NOT NULL,
                value TEXT NOT NULL,
                resolved_at INTEGER NOT NULL,
                resolved_by TEXT NOT NULL
            );
            """),
        Migration("0103-health-admins-audit", """
            -- The hub sequence of the last pull answered to each office, and refusals.
            ALTER TABLE offices ADD COLUMN pulled_through INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE offices ADD COLUMN refused_total INTEGER NOT NULL DEFAULT 0;
            -- Recent sync requests per office, for the office's dashboard page.
            CREATE TABLE sync_events (
                id INTEGER PRIMARY KEY,
                office TEXT NOT NULL,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                records INTEGER NOT NULL,
                refused INTEGER NOT NULL DEFAULT 0,
                bytes_in INTEGER NOT NULL DEFAULT 0,
                bytes_out INTEGER NOT NULL DEFAULT 0,
                duration_ms INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX sync_events_office ON sync_events (office, id);
            -- Administrators: only a SHA-256 of each token is kept.
            CREATE TABLE admins (
                name TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            -- Every administrative action. Append-only: the triggers refuse any change.
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            );
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
            """),
        Migration("0104-office-incarnation", """
            -- The replica id the office's node last pushed as: the office id, or
            -- '<office>_r<time>' after its node was restored from a backup.
            ALTER TABLE offices ADD COLUMN replica TEXT;
            """),
        Migration("0105-admin-last-used", """
            -- When each administrator's token was last used (to the minute), for 'admin list'.
            ALTER TABLE admins ADD COLUMN last_used_at INTEGER;
            """),
        Migration("0106-office-replicas", """
            -- What the hub knows of each replica an office has pushed as (its node, a
            -- restored incarnation, or anyone else with its token): the latest counter it
            -- reported and what it delivered. Kept per replica, so that pushing under
            -- another incarnation's name never makes the hub forget a counter.
            CREATE TABLE office_replicas (
                office TEXT NOT NULL,
                replica TEXT NOT NULL,
                latest_counter INTEGER NOT NULL,
                delivered_through INTEGER NOT NULL,
                PRIMARY KEY (office, replica)
            ) WITHOUT ROWID;
            INSERT INTO office_replicas (office, replica, latest_counter, delivered_through)
                SELECT id, coalesce(replica, id), latest_counter, delivered_through FROM offices
                WHERE replica IS NOT NULL OR latest_counter > 0;
            """),
        Migration("0107-client-address", """
            -- The address each office's requests last came from, and each sync request's: the
            -- TCP peer, or the client a trusted proxy (nginx) named in X-Forwarded-For.
            ALTER TABLE offices ADD COLUMN last_address TEXT;
            ALTER TABLE sync_events ADD COLUMN client TEXT;
            """),
        Migration("0108-desk-users", """
            -- The district's desk (issue 18): the people who log in at the hub, each with a
            -- role (WebAccounts, DeskRole), and the log of who opened which confidential care
            -- file there, as at a node. Hubs made before issue 16 have an empty access_log of
            -- the same shape from the node's retired step 0005: it is kept.
            CREATE TABLE desk_users (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL CHECK (role IN ('reviewer', 'officer', 'admin')),
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0,
                password_set_at INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS access_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                user TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT
            );
            CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log cannot be changed'); END;
            CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log cannot be changed'); END;
            """),
        Migration("0109-desk-comments", """
            -- The district's own notes on a case (a reviewer's remark for the officer who
            -- decides): kept at the hub, never synced to the soum, never changed.
            CREATE TABLE desk_comments (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                case_number TEXT NOT NULL,
                at INTEGER NOT NULL,
                user TEXT NOT NULL,
                text TEXT NOT NULL
            );
            CREATE INDEX desk_comments_case ON desk_comments (case_number, seq);
            CREATE TRIGGER desk_comments_no_update BEFORE UPDATE ON desk_comments
                BEGIN SELECT RAISE(ABORT, 'a comment cannot be changed'); END;
            CREATE TRIGGER desk_comments_no_delete BEFORE DELETE ON desk_comments
                BEGIN SELECT RAISE(ABORT, 'a comment cannot be changed'); END;
            """),
        Migration("0110-districts", """
            -- Issue 19, at a national hub: the district hubs that sync to it, each with its
            -- token (a SHA-256 of it) and what the national hub last heard from it, in the
            -- same columns as an office's (SyncRoutes writes either).
            CREATE TABLE districts (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL DEFAULT '',
                token_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER,
                replica TEXT,
                last_contact_at INTEGER,
                last_push_at INTEGER,
                last_pull_at INTEGER,
                last_address TEXT,
                reported_at INTEGER,
                delivered_through INTEGER NOT NULL DEFAULT 0,
                latest_counter INTEGER NOT NULL DEFAULT 0,
                pulled_through INTEGER NOT NULL DEFAULT 0,
                pending_count INTEGER,
                oldest_pending_seconds INTEGER,
                software_version TEXT,
                clock_ahead_ms INTEGER,
                refused_total INTEGER NOT NULL DEFAULT 0,
                records_in INTEGER NOT NULL DEFAULT 0,
                records_out INTEGER NOT NULL DEFAULT 0,
                bytes_in INTEGER NOT NULL DEFAULT 0,
                bytes_out INTEGER NOT NULL DEFAULT 0
            );
            -- The offices each district reported holding, with their sync health as that
            -- district last saw it. An office (and its case-number code) belongs to one
            -- district: a district's token reaches the cases of its offices only.
            CREATE TABLE district_offices (
                office TEXT PRIMARY KEY,
                district TEXT NOT NULL,
                code TEXT NOT NULL UNIQUE,
                reported_at INTEGER NOT NULL,
                state TEXT NOT NULL,
                reasons TEXT NOT NULL DEFAULT '',
                revoked INTEGER NOT NULL DEFAULT 0,
                last_contact_at INTEGER,
                pending_count INTEGER,
                waiting_at_hub INTEGER NOT NULL DEFAULT 0,
                open_conflicts INTEGER NOT NULL DEFAULT 0,
                overdue INTEGER NOT NULL DEFAULT 0,
                software_version TEXT
            );
            CREATE INDEX district_offices_district ON district_offices (district, office);
            """),
        Migration("0111-file-refs", """
            -- Issue 20: the scans that cases pushed by an office name, one row per file and
            -- case, and whether this hub holds the file whole. A row is wanted from when an
            -- office's push named it (a district hub wants every scan of its soums) or a
            -- person asked for it (a national hub fetches on demand); the pull answer asks
            -- the office for wanted files not held, and the dashboard counts them per office.
            CREATE TABLE file_refs (
                sha256 TEXT NOT NULL,
                id TEXT NOT NULL,
                office TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                held INTEGER NOT NULL DEFAULT 0,
                wanted_at INTEGER,
                PRIMARY KEY (sha256, id)
            ) WITHOUT ROWID;
            CREATE INDEX file_refs_waiting ON file_refs (office, wanted_at) WHERE held = 0 AND wanted_at IS NOT NULL;
            """),
    ]
}
