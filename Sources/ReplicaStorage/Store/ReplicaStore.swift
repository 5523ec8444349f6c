import Foundation
import Synchronization
import SyncModel

/// What a replica is to its peers.
public enum ReplicaRole: String, Sendable {
    /// A soum or khoroo office: writes its own office's records, syncs with a hub.
    case node
    /// A district hub: holds every office's records, serves nodes.
    case hub
}

/// The SQLite store of one replica: its records, counter, clock, change feed and
/// checkpoints. Two connections, each owned here and used under its own `Mutex`: the
/// writer, where every change happens in a `BEGIN IMMEDIATE` transaction, so other
/// processes on the same file (a `case new` while `sync --watch` runs) are serialised
/// by SQLite's lock; and the reader, which cannot write (`query_only`) and in WAL mode
/// sees the last commit without waiting for a write in progress, so the dashboard,
/// sign-ins and pulls go on while a push merges.
public final class ReplicaStore: Sendable {
    public let path: String
    public let replica: ReplicaID
    public let role: ReplicaRole
    /// The office of a node; nil for a hub.
    public let office: String?
    private let connection: Mutex<Connection>
    /// For `read` only; its own meta cache, never the writer's.
    private let reader: Mutex<Connection>
    /// Where async code's calls run (`offPool`): a serial queue of this store's own, whose
    /// thread libdispatch keeps and reuses (an overcommitting queue: a call blocked on the
    /// store's lock or the disk never holds a thread other work waits for).
    let offPoolQueue: DispatchQueue

    /// Unchecked: only ever touched inside `connection.withLock`.
    final class Connection: @unchecked Sendable {
        let db: Database
        /// For what `RecordJSON` does not read itself (bodies are written by `RecordJSON`,
        /// the same bytes as JSONEncoder with sorted keys and unescaped slashes).
        let decoder = JSONDecoder()
        /// `meta` values read or written in the open transaction (a nil value: no row).
        /// Every meta write goes through `StoreTransaction.setMeta`, and the cache is
        /// emptied when a transaction begins and ends, so it never outlives the
        /// transaction's snapshot: another process's write is seen at the next one.
        var meta: [String: String?] = [:]
        /// Keys of `meta` whose new value is written when the transaction commits, not at
        /// each change (`MetaKey.writtenAtCommit`: the counter, the change feed, the clock).
        var unwritten: Set<String> = []
        /// The reader's connection: `setMeta` refuses, and SQLite refuses any other write.
        let readOnly: Bool

        /// Starts a transaction's view of `meta` afresh.
        func forgetMeta() {
            meta.removeAll(keepingCapacity: true)
            unwritten.removeAll(keepingCapacity: true)
        }

        init(db: Database, readOnly: Bool = false) {
            self.db = db
            self.readOnly = readOnly
        }
    }

    /// Creates a new replica file at `path`; fails if one is already there.
    public static func create(
        path: String, replica: ReplicaID, role: ReplicaRole, office: String?,
        extraMigrations: [Migration] = []
    ) throws -> ReplicaStore {
        let db = try openDatabase(path: path, create: true)
        let hasTables = try db.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0
        if hasTables > 0 {
            let ours = try db.scalarInt("PRAGMA application_id") == Migrations.applicationID
            throw ours ? StoreOpenError.alreadyExists(path: path) : StoreOpenError.foreign(path: path)
        }
        try db.execute("PRAGMA application_id=\(Migrations.applicationID)")
        try Migrations.apply(ReplicaSchema.migrations + extraMigrations, to: db)
        try db.transaction {
            var values: [(String, String)] = [
                (MetaKey.replica, replica.rawValue), (MetaKey.role, role.rawValue),
                (MetaKey.counter, "0"), (MetaKey.localSeq, "0"), (MetaKey.caseIndexVersion, "1"),
            ]
            if let office { values.append((MetaKey.office, office)) }
            for (key, value) in values {
                try db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [.text(key), .text(value)])
            }
        }
        return try ReplicaStore(path: path, db: db, replica: replica, role: role, office: office)
    }

    /// Opens an existing replica file, bringing its schema up to date.
    public static func open(
        path: String, expectedRole: ReplicaRole? = nil, extraMigrations: [Migration] = [],
        missingHint: String = "run 'init' first"
    ) throws -> ReplicaStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreOpenError.missing(path: path, hint: missingHint)
        }
        let db = try openDatabase(path: path, create: false)
        guard try db.scalarInt("PRAGMA application_id") == Migrations.applicationID else {
            throw StoreOpenError.foreign(path: path)
        }
        guard try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'meta'") == 1 else {
            throw StoreOpenError.foreign(path: path)
        }
        let meta = Dictionary(
            try db.query("SELECT key, value FROM meta") { ($0.text(0), $0.text(1)) },
            uniquingKeysWith: { a, _ in a })
        guard let replica = meta[MetaKey.replica].flatMap(ReplicaID.init),
              let role = meta[MetaKey.role].flatMap(ReplicaRole.init(rawValue:))
        else { throw StoreOpenError.foreign(path: path) }
        // Checked before any schema step runs, so a node's file never gets hub tables.
        if let expectedRole, role != expectedRole { throw StoreOpenError.wrongRole(path: path, role: role.rawValue) }
        try Migrations.apply(ReplicaSchema.migrations + extraMigrations, to: db)
        let store = try ReplicaStore(path: path, db: db, replica: replica, role: role, office: meta[MetaKey.office])
        try store.fillCaseIndex()
        return store
    }

    private static func openDatabase(path: String, create: Bool) throws -> Database {
        do {
            return try Database(path: path, create: create)
        } catch let error as DatabaseError where error.code & 0xFF == 26 /* SQLITE_NOTADB */ {
            throw StoreOpenError.notADatabase(path: path)
        } catch let error as DatabaseError where error.code & 0xFF == 8 /* SQLITE_READONLY */ {
            throw StoreOpenError.readOnly(path: path)
        }
    }

    private init(path: String, db: Database, replica: ReplicaID, role: ReplicaRole, office: String?) throws {
        self.path = path
        self.replica = replica
        self.role = role
        self.office = office
        offPoolQueue = DispatchQueue(label: "halamj.store.\(replica.rawValue)")
        connection = Mutex(Connection(db: db))
        let readerDB = try Self.openDatabase(path: path, create: false)
        try readerDB.execute("PRAGMA query_only=1")
        reader = Mutex(Connection(db: readerDB, readOnly: true))
    }

    /// The index columns of records saved before `CaseIndex` existed (or changed)
    /// are filled once, when the file is opened.
    func fillCaseIndex() throws {
        // 2: nodes no longer fill application_key (only a hub looks for double applications).
        // 3: the decision clock runs from the application date, and for complete drafts;
        //    complaints in two levels, the hub's answer counting only for the filing it names.
        // 4: due_day also holds the day a benefit ends (the "to close" queue).
        // 5: overdue_day, the decision's or a complaint's due day alone (the hub's status
        //    counts overdue cases off the index).
        // 6: decision_day and complaint_day, the district desk's queues.
        // 7: delivery_day, the desk's decisions not yet at their soum, and service (hub only).
        let version = "7"
        guard try read({ try $0.meta(MetaKey.caseIndexVersion) }) != version else { return }
        // A page of rowids a transaction, so that a hub of a million cases is neither held
        // in memory at once nor written as one transaction (a WAL as large as the file).
        // The version is set last: stopped half way, the next open starts again. Each page is
        // a rowid range (`+collection` keeps SQLite off the (collection, id) index, by which
        // every page scanned and sorted every case before it: quadratic in the cases).
        var after: Int64 = 0
        while true {
            let last: Int64? = try transaction { tx in
                let db = tx.database
                let rows = try db.query(
                    "SELECT rowid, body FROM records WHERE rowid > ? AND +collection = ? ORDER BY rowid LIMIT ?",
                    [.integer(after), .text(CaseFields.collection), .integer(Int64(Self.caseIndexPage))]
                ) { ($0.int(0), try tx.connection.decoder.decode(Record.self, from: Data($0.blob(1)))) }
                for (rowid, record) in rows {
                    try db.execute(RecordUpsert.indexUpdateSQL,
                                   RecordUpsert.indexArguments(try tx.caseIndex(record)) + [.integer(rowid)])
                }
                return rows.last?.0
            }
            guard let last else { break }
            after = last
        }
        try transaction { tx in try tx.setMeta(MetaKey.caseIndexVersion, version) }
    }

    /// Calls `body` with every record of `collection`, read `pageSize` at a time (each page
    /// a read of its own): what reads every case (the district report) holds one page in
    /// memory, not a million records.
    public func forEachRecord(of collection: String, pageSize: Int = 5_000, _ body: (StoredRecord) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let page = try read { try $0.page(of: collection, after: after, limit: pageSize) }
            for record in page.records { try body(record) }
            guard let last = page.last, page.records.count == pageSize else { return }
            after = last
        }
    }

    /// Cases read at once while the case index is filled again.
    static let caseIndexPage = 10_000

    /// Runs `body` in one write transaction: everything it changes commits together
    /// or not at all, so a checkpoint is never ahead of the data it describes.
    public func transaction<T: Sendable>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try connection.withLock { connection in
            let tx = StoreTransaction(connection: connection, replica: replica)
            connection.forgetMeta()
            defer { connection.forgetMeta() }
            return try connection.db.transaction {
                let result = try body(tx)
                try tx.writeMeta()
                return result
            }
        }
    }

    /// Runs `body` on one snapshot of the last commit, on the reader connection: it
    /// neither waits for a write transaction in progress nor sees what it has not yet
    /// committed. Any attempt to write in `body` fails with `WriteInReadError` and
    /// changes nothing.
    public func read<T: Sendable>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try reader.withLock { connection in
            let tx = StoreTransaction(connection: connection, replica: replica)
            connection.forgetMeta()
            defer { connection.forgetMeta() }
            do {
                return try connection.db.transaction(writing: false) { try body(tx) }
            } catch let error as DatabaseError where error.code == 8 /* SQLITE_READONLY, as query_only answers */ {
                throw WriteInReadError(attempted: error.sql ?? error.message)
            }
        }
    }

    /// A consistent copy of the whole database, through SQLite's online backup API.
    public func backup(to destination: String) throws {
        try connection.withLock { try $0.db.backup(to: destination) }
    }
}
