import Foundation
import Synchronization
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
import SyncModel

@Suite struct ReplicaStoreReadTests {
    let dir = TemporaryDirectory()

    func makeNode() throws -> ReplicaStore {
        try ReplicaStore.create(path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
    }

    @Test func aReadThatSetsMeta_FailsClearly_AndChangesNothing() throws {
        let store = try makeNode()
        let error = #expect(throws: WriteInReadError.self) {
            try store.read { try $0.setMeta(MetaKey.upstreamURL, "https://hub.example") }
        }
        #expect(error?.description.contains("ReplicaStore.transaction") == true)
        // A key written at commit (the counter) must not be cached and quietly dropped either.
        #expect(throws: WriteInReadError.self) { try store.read { try $0.setMeta(MetaKey.counter, "41") } }
        #expect(try store.read { try $0.meta(MetaKey.upstreamURL) } == nil)
        #expect(try store.read { try $0.latestCounter() } == 0)
    }

    @Test func aReadThatWritesSQL_FailsClearly_AndChangesNothing() throws {
        let store = try makeNode()
        let error = #expect(throws: WriteInReadError.self) {
            try store.read { try $0.database.execute("INSERT INTO meta (key, value) VALUES ('probe', 'x')") }
        }
        #expect(error?.description.contains("INSERT INTO meta") == true)
        #expect(throws: WriteInReadError.self) {
            try store.read { try $0.database.execute("UPDATE meta SET value = '9' WHERE key = ?", [.text(MetaKey.counter)]) }
        }
        #expect(try store.read { try $0.meta("probe") } == nil)
        #expect(try store.read { try $0.latestCounter() } == 0)
        // Reads and writes still work after the refused ones.
        try store.transaction { try $0.setMeta("probe", "y") }
        #expect(try store.read { try $0.meta("probe") } == "y")
    }

    @Test func aReadDuringAnOpenWriteTransaction_DoesNotWait_AndSeesOnlyTheLastCommit() throws {
        let store = try makeNode()
        try store.transaction { try $0.setMeta("probe", "committed") }
        let writing = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let writerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? store.transaction { tx in
                try tx.setMeta("probe", "uncommitted")
                try tx.database.execute("INSERT INTO meta (key, value) VALUES ('other', 'uncommitted')")
                writing.signal()
                // Bounded: a read that waits for this transaction makes the test fail, not hang.
                _ = release.wait(timeout: .now() + 10)
            }
            writerDone.signal()
        }
        #expect(writing.wait(timeout: .now() + 10) == .success)
        let seen = Mutex<(String?, String?)?>(nil)
        let readInTime = onThreads(1, within: .seconds(5)) { _ in
            let values = try? store.read { tx in (try tx.meta("probe"), try tx.meta("other")) }
            seen.withLock { $0 = values }
        }
        release.signal()
        #expect(writerDone.wait(timeout: .now() + 10) == .success)
        #expect(readInTime, "a read waited for the write transaction to end")
        let values = seen.withLock { $0 }
        #expect(values?.0 == "committed")
        #expect(values?.1 == nil)
        // Once committed, the next read sees it (read-your-writes).
        #expect(try store.read { try $0.meta("probe") } == "uncommitted")
    }
}
