import CSQLite

/// One SQLite connection. Not thread-safe: it is owned by one `ReplicaStore`, which
/// serialises every use through a `Mutex`; the raw pointer never leaves this file
/// and `Statement`.
public final class Database {
    public let path: String
    private let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    /// Milliseconds a writer waits for another process's lock before failing.
    public static let busyTimeoutMillis: Int32 = 5_000

    /// WAL pages written before SQLite copies them into the database (its default is
    /// 1,000, 4 MB). A sync batch of 500 records writes about that much (rows, and index
    /// pages of which many are written again by every batch: the right edges, the
    /// scattered `application_key` and `due_day` entries), so the default checkpointed
    /// after nearly every batch, copying the same index pages again each time with two
    /// fsyncs. 10,000 (40 MB) copies each page once per ten batches: a first pull of
    /// 100,000 records took ~20% less time. The cost: a WAL file of up to ~40 MB beside
    /// a busy database, and with `synchronous=NORMAL` (fsync at checkpoints) up to that
    /// much of the latest work can be lost in a power cut; atomicity is unchanged (a
    /// batch and its checkpoint are kept or lost together).
    public static let walCheckpointPages = 10_000

    /// Opens (or, with `create`, creates, mode 0600 through `PrivateFile`) the file and
    /// sets the connection's pragmas: WAL, `synchronous=NORMAL`, foreign keys, a busy
    /// timeout. Debian's SQLite defaults to `synchronous=FULL` and `secure_delete=ON`,
    /// so we say what we mean.
    public init(path: String, create: Bool) throws {
        self.path = path
        if create { PrivateFile.createIfMissing(path) }
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0)
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw DatabaseError(code: rc, message: message, sql: nil, path: path)
        }
        handle = db
        // SQLite quietly opens a file it may not write read-only; every write would
        // then fail later, halfway through some command. Say so now.
        if sqlite3_db_readonly(db, "main") == 1 {
            sqlite3_close_v2(db)
            throw DatabaseError(code: SQLITE_READONLY, message: "read-only", sql: nil, path: path)
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Database.busyTimeoutMillis)
        do {
            let mode = try scalarText("PRAGMA journal_mode=WAL")
            if mode?.lowercased() != "wal", try scalarText("PRAGMA query_only") == "0" {
                throw DatabaseError(code: SQLITE_ERROR, message: "WAL mode not available (got \(mode ?? "nothing"))", sql: nil, path: path)
            }
            try execute("PRAGMA synchronous=NORMAL")
            try execute("PRAGMA foreign_keys=ON")
            try execute("PRAGMA secure_delete=OFF")
            try execute("PRAGMA wal_autocheckpoint=\(Database.walCheckpointPages)")
        } catch {
            statements.removeAll()
            sqlite3_close_v2(db)
            throw error
        }
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    private func error(_ code: Int32, sql: String?) -> DatabaseError {
        DatabaseError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
    }

    private func statement(_ sql: String) throws -> Statement {
        if let cached = statements[sql] { return cached }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql: sql) }
        let statement = Statement(handle: raw, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs `sql` for each row it yields and collects what `row` makes of them.
    public func query<T>(_ sql: String, _ arguments: [SQLValue] = [], row: (Row) throws -> T) throws -> [T] {
        let statement = try statement(sql)
        statement.bind(arguments)
        defer { sqlite3_reset(statement.handle) }
        var results: [T] = []
        while true {
            let rc = sqlite3_step(statement.handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error(rc, sql: sql) }
            results.append(try row(Row(handle: statement.handle)))
        }
        return results
    }

    /// Runs a statement that yields no rows we need.
    public func execute(_ sql: String, _ arguments: [SQLValue] = []) throws {
        _ = try query(sql, arguments) { _ in () }
    }

    /// Runs a script of several statements (schema steps); not cached.
    public func executeScript(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    public func scalarText(_ sql: String, _ arguments: [SQLValue] = []) throws -> String? {
        try query(sql, arguments) { $0.optionalText(0) }.first ?? nil
    }

    public func scalarInt(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int64? {
        try query(sql, arguments) { $0.optionalInt(0) }.first ?? nil
    }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in a transaction. Writes use `BEGIN IMMEDIATE`: the write lock is
    /// taken up front, so two processes never deadlock upgrading a read. Reads use a
    /// deferred transaction: one consistent snapshot. Rolled back on error.
    public func transaction<T>(writing: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(writing ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Copies the whole database into `destination` with SQLite's online backup API,
    /// which is safe while other connections write. A new file is made 0600: it holds
    /// the same secrets as this one.
    public func backup(to destination: String) throws {
        PrivateFile.createIfMissing(destination)
        var target: OpaquePointer?
        var rc = sqlite3_open_v2(destination, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        defer { sqlite3_close_v2(target) }
        guard rc == SQLITE_OK, let target else {
            throw DatabaseError(code: rc, message: "cannot create backup file", sql: nil, path: destination)
        }
        guard let backup = sqlite3_backup_init(target, "main", handle, "main") else {
            throw DatabaseError(code: sqlite3_errcode(target), message: String(cString: sqlite3_errmsg(target)), sql: nil, path: destination)
        }
        repeat {
            rc = sqlite3_backup_step(backup, 256)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite3_sleep(20) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else {
            throw DatabaseError(code: rc, message: String(cString: sqlite3_errstr(rc)), sql: nil, path: destination)
        }
    }
}
