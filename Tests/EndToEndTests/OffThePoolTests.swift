import Foundation
import Synchronization
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel

/// Issue 16, item 5: a sync waiting on the store (its lock held by a long merge, a slow
/// disk) holds no thread of the executor it runs on, Swift's cooperative pool in the
/// programs, which has one thread per core. Before, as many waiting syncs as cores
/// stopped every other task of the program.
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

        // The syncs run on an executor of one thread (as Swift's pool is of one thread per
        // core; its own, so other tests in this process cannot take it), and all of them
        // must write to the store.
        let executor = OneThreadExecutor()
        defer { executor.stop() }
        let syncs = 3
        let finished = DispatchSemaphore(value: 0)
        let outcomes = Outcomes()
        let store = node.store
        for _ in 0..<syncs {
            Task(executorPreference: executor) {
                let ok = (try? await TestNode(store: store).sync()) != nil
                outcomes.list.withLock { $0.append(ok) }
                finished.signal()
            }
        }
        // Give them time to reach the store (the push goes out; its acknowledgement waits).
        Thread.sleep(forTimeInterval: 1.5)
        #expect(outcomes.list.withLock { $0.isEmpty }, "the store was held: no sync could have finished")

        // Another task on that executor still runs at once: no sync holds its thread.
        let ran = DispatchSemaphore(value: 0)
        Task(executorPreference: executor) { ran.signal() }
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

/// A task executor of one thread of its own, stopped by the test.
private final class OneThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    init() {
        Thread.detachNewThread { [self] in run() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty { condition.unlock(); return }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
