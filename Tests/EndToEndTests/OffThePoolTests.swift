import Foundation
import Synchronization
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel

/// Issue 16, item 5: a sync waiting on the store (its lock held by a long merge, a slow
/// disk) holds no thread of Swift's cooperative pool, which has one per core. Before,
/// as many waiting syncs as cores stopped every other task of the program.
@Suite(.serialized) struct OffThePoolTests {
    let dir = TemporaryDirectory()

    @Test func syncsWaitingOnABusyStore_LeaveTheProgramsOtherTasksRunning() throws {
        let hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: hubStore).add("soum-4305", now: 1)
        let hub = try TestHub(store: hubStore)
        defer { hub.stop() }
        let node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: token)
        _ = try node.open("Бат")

        // Someone else's long write holds the node's store until told to stop.
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [store = node.store] in
            try? store.transaction { _ in
                holding.signal()
                _ = release.wait(timeout: .now() + 60)
            }
        }
        #expect(holding.wait(timeout: .now() + 10) == .success)

        // More syncs than the pool has threads, each of which must write to the store.
        let syncs = ProcessInfo.processInfo.activeProcessorCount + 2
        let finished = DispatchSemaphore(value: 0)
        let outcomes = Outcomes()
        let store = node.store
        for _ in 0..<syncs {
            Task.detached {
                let ok = (try? await TestNode(store: store).sync()) != nil
                outcomes.list.withLock { $0.append(ok) }
                finished.signal()
            }
        }
        // Give them time to reach the store (the push goes out; its acknowledgement waits).
        Thread.sleep(forTimeInterval: 1.5)
        #expect(outcomes.list.withLock { $0.isEmpty }, "the store was held: no sync could have finished")

        // Another task of the program still runs at once.
        let ran = DispatchSemaphore(value: 0)
        Task.detached { ran.signal() }
        let answered = ran.wait(timeout: .now() + 3) == .success
        release.signal()
        #expect(answered, "a task waited behind syncs blocked on the store")

        // Let go, every sync finishes, and the case is at the hub once.
        for _ in 0..<syncs { _ = finished.wait(timeout: .now() + 30) }
        #expect(outcomes.list.withLock { $0.count } == syncs)
        #expect(outcomes.list.withLock { $0.allSatisfy { $0 } })
        #expect(try node.store.status().pendingCount == 0)
        #expect(try hub.cases(office: "soum-4305").count == 1)
    }
}

/// Whether each sync succeeded, as they end.
private final class Outcomes: Sendable {
    let list = Mutex<[Bool]>([])
}
