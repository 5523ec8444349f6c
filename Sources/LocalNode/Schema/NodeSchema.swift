import ReplicaStorage

/// The node's own tables, after the replica schema every replica has: the office's web
/// users and the log of who opened which confidential case file. Never synced, and not
/// in a hub's file (a hub has its own steps, `HubSchema`). The names are those these
/// steps had when they were part of the replica schema, so no node file runs them twice.
public enum NodeSchema {
    public static let migrations: [Migration] = [
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
    ]
}
