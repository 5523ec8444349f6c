import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
import SyncModel
import CSQLite

@Suite struct OpeningTests {
    let dir = TemporaryDirectory()
    let soum = ReplicaID("soum-4305")!

    @Test func missingFile_SaysToRunInit() throws {
        #expect(throws: StoreOpenError.missing(path: dir.path("none.db"), hint: "run 'init' first")) {
            try ReplicaStore.open(path: dir.path("none.db"))
        }
    }

    @Test func fileThatIsNotADatabase_IsRefusedAndLeftUntouched() throws {
        let path = dir.path("notes.db")
        let text = Data(String(repeating: "these are not SQLite pages\n", count: 200).utf8)
        try text.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreOpenError.notADatabase(path: path)) { try ReplicaStore.open(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
    }

    @Test func databaseOfAnotherProgram_IsRefusedAndNotWritten() throws {
        let path = dir.path("other.db")
        do {
            let db = try Database(path: path, create: true)
            try db.execute("CREATE TABLE people (name TEXT)")
            try db.execute("INSERT INTO people VALUES ('Сараа')")
        }
        #expect(throws: StoreOpenError.foreign(path: path)) { try ReplicaStore.open(path: path) }
        #expect(throws: StoreOpenError.foreign(path: path)) {
            try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
        }
        let db = try Database(path: path, create: false)
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_master") == 1, "no Halamj table was added")
    }

    @Test func initOverAnExistingReplica_IsRefused() throws {
        let path = dir.path("node.db")
        _ = try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
        #expect(throws: StoreOpenError.alreadyExists(path: path)) {
            try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
        }
    }

    @Test func databaseFromANewerSchema_IsRefused_AndItsDataIsIntact() throws {
        let path = dir.path("node.db")
        do {
            let store = try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
            _ = try store.transaction {
                try $0.write(RecordKey(collection: "cases", id: "a"), office: "soum-4305", changes: ["name": "Бат"], now: 1)
            }
            try store.transaction { tx in
                try tx.database.execute("INSERT INTO halamj_migrations VALUES ('9999-from-the-future', 0)")
            }
        }
        #expect(throws: StoreOpenError.newerSchema(path: path, unknownMigrations: ["9999-from-the-future"])) {
            try ReplicaStore.open(path: path)
        }
        let db = try Database(path: path, create: false)
        #expect(try db.scalarInt("SELECT count(*) FROM records") == 1)
    }

    @Test func laterSchemaSteps_RunOnceOnOpen_InOrder() throws {
        let path = dir.path("hub.db")
        _ = try ReplicaStore.create(path: path, replica: ReplicaID("hub-43")!, role: .hub, office: nil)
        let extra = [
            Migration("0101-a", "CREATE TABLE a (x INTEGER);"),
            Migration("0102-b", "INSERT INTO a VALUES (1);"),
        ]
        _ = try ReplicaStore.open(path: path, extraMigrations: extra)
        _ = try ReplicaStore.open(path: path, extraMigrations: extra)
        let db = try Database(path: path, create: false)
        #expect(try db.scalarInt("SELECT count(*) FROM a") == 1, "each step ran exactly once")
    }

    @Test func nodeDatabase_OpenedAsAHub_IsRefusedBeforeAnyHubTableIsAdded() throws {
        let path = dir.path("node.db")
        _ = try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
        #expect(throws: StoreOpenError.wrongRole(path: path, role: "node")) {
            try ReplicaStore.open(path: path, expectedRole: .hub, extraMigrations: [Migration("0101-x", "CREATE TABLE x (a);")])
        }
        let db = try Database(path: path, create: false)
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'x'") == 0)
    }

    @Test func connection_UsesWALAndNormalSync() throws {
        let db = try Database(path: dir.path("p.db"), create: true)
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try db.scalarInt("PRAGMA synchronous") == 1, "NORMAL")
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try db.scalarInt("PRAGMA wal_autocheckpoint") == Int64(Database.walCheckpointPages))
        #expect(Database.walCheckpointPages == 10_000, "checkpoints every ~40 MB of WAL, not SQLite's 4 MB")
    }

    @Test func fullDisk_FailsTheWriteWithAClearError_AndKeepsWhatWasStored() throws {
        let path = dir.path("node.db")
        let store = try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
        _ = try store.transaction {
            try $0.write(RecordKey(collection: "cases", id: "kept"), office: "soum-4305", changes: ["name": "Бат"], now: 1)
        }
        let pages = try store.read { try $0.database.scalarInt("PRAGMA page_count") } ?? 0
        // A setting of the writer's connection, where the write below happens.
        try store.transaction { tx in try tx.database.execute("PRAGMA max_page_count=\(pages)") }
        let big = String(repeating: "х", count: 200_000)
        do {
            _ = try store.transaction {
                try $0.write(RecordKey(collection: "cases", id: "big"), office: "soum-4305", changes: ["notes": big], now: 2)
            }
            Issue.record("the write should not fit")
        } catch let error as DatabaseError {
            #expect(error.isDiskFull)
            #expect(error.description.contains("disk is full") && error.description.contains("intact"))
        }
        #expect(try store.read { try $0.load(RecordKey(collection: "cases", id: "kept")) }?.record.value("name") == "Бат")
        #expect(try store.read { try $0.load(RecordKey(collection: "cases", id: "big")) } == nil)
    }
}
