import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel
import HalamjHTTP

@Suite struct SyncEndToEndTests {
    let dir = TemporaryDirectory()

    func makeHub() throws -> (ReplicaStore, OfficeRegistry) {
        let store = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        return (store, OfficeRegistry(store: store))
    }

    @Test func casesRecordedWhileTheHubIsDown_AreKept_AndArriveWithEveryFieldOnceItIsUp() async throws {
        let (hubStore, registry) = try makeHub()
        let token = try registry.add("soum-4305", now: 1)
        // The hub is "down" at its address, held so that nothing else takes the port.
        let down = try PortHold()
        let url = URL(string: down.url)!
        let node = try TestNode(directory: dir, office: "soum-4305", hub: url, token: token)
        let a = try node.open("Бат", ["phone": "99112233"])
        let b = try node.open("Дорж", ["address": "3-р баг"])

        await #expect(throws: SyncError.self) { try await node.sync() }
        #expect(try node.store.status().pendingCount == 2)
        #expect(try node.book.list().count == 2)

        down.release()
        var configuration = HubConfiguration()
        configuration.port = UInt16(down.port)
        let hub = Hub(store: hubStore, configuration: configuration)
        _ = try hub.start()
        defer { hub.stop() }
        let report = try await node.sync()
        #expect(report.pushedRecords == 2)
        #expect(try node.store.status().pendingCount == 0)
        let atHub = try CaseBook(store: hubStore).list(office: "soum-4305")
        #expect(atHub.map(\.values) == [a.values, b.values])
    }

    @Test func editsAtTheHubComeBack_AndConcurrentEditsAreKeptOnBothSides() async throws {
        let (hubStore, registry) = try makeHub()
        let hub = try TestHub(store: hubStore)
        defer { hub.stop() }
        let node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: try registry.add("soum-4305", now: 1))
        let opened = try node.open("Бат")
        _ = try await node.sync()

        // Concurrent: different fields on each side, and one field on both.
        let hubBook = CaseBook(store: hubStore)
        _ = try hubBook.set(opened.number, ["status": "submitted", "phone": "88001122"])
        _ = try node.book.set(opened.number, ["address": "Сүхбаатар сум", "phone": "99887766"])
        _ = try await node.sync()

        let atNode = try node.book.show(opened.number)
        let atHub = try hubBook.show(opened.number)
        #expect(atNode.values["status"] == "submitted", "the hub's edit reached the node")
        #expect(atHub.values["address"] == "Сүхбаатар сум", "the node's edit reached the hub")
        #expect(atNode.values == atHub.values, "both sides show the same current values")
        #expect(Set(atNode.conflicts["phone"] ?? []) == ["88001122", "99887766"], "neither phone number is lost")
        #expect(atNode.conflicts == atHub.conflicts)
    }

    @Test func aSecondOffice_NeverReceivesTheFirstOfficesCases_AndItsTokenIsRefusedForThem() async throws {
        let (hubStore, registry) = try makeHub()
        let hub = try TestHub(store: hubStore)
        defer { hub.stop() }
        let tokenA = try registry.add("soum-4305", now: 1)
        let tokenB = try registry.add("soum-4306", now: 1)
        let nodeA = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: tokenA)
        let nodeB = try TestNode(directory: dir, office: "soum-4306", hub: hub.url, token: tokenB)
        let caseA = try nodeA.open("Бат")
        _ = try nodeB.open("Дорж")
        _ = try await nodeA.sync()
        _ = try await nodeB.sync()
        #expect(try nodeB.book.list().map(\.office) == ["soum-4306"])
        #expect(try hub.cases().count == 2)

        // B's token, pushing a copy of A's case.
        let stolen = try #require(try nodeA.store.read { try $0.load(RecordKey(collection: "cases", id: caseA.number)) })
        let push = PushRequest(
            replica: ReplicaID("soum-4306")!, deliveredThrough: 0, latestCounter: 1, pendingCount: 1,
            oldestPendingSeconds: nil, records: [stolen.record])
        let answer = try await exchange(
            hub.url.appendingPathComponent("v1/sync/push"), method: "POST", token: tokenB,
            body: try JSONEncoder().encode(push))
        #expect(answer.status == 200)
        let result = try #require(try JSONDecoder().decode(PushResponse.self, from: answer.body).results.first)
        #expect(result.outcome == .refused)
        #expect(result.reason?.contains("names office soum-4305, not soum-4306") == true, "\(result.reason ?? "")")
        #expect(try hub.cases().filter { $0.office == "soum-4306" }.count == 1, "nothing of A's case became B's")

        let wrongToken = try await exchange(
            hub.url.appendingPathComponent("v1/sync/pull"), method: "GET", token: tokenB + "x")
        #expect(wrongToken.status == 401)
    }

    @Test func pushingTheSameBatchTwice_ChangesNothing() async throws {
        let (hubStore, registry) = try makeHub()
        let hub = try TestHub(store: hubStore)
        defer { hub.stop() }
        let token = try registry.add("soum-4305", now: 1)
        let node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: token)
        _ = try node.open("Бат")
        _ = try node.open("Дорж")
        let batch = try #require(try node.store.nextOutboundBatch(limit: 100, now: 1))
        let body = try JSONEncoder().encode(batch.request)
        let url = hub.url.appendingPathComponent("v1/sync/push")
        #expect(try await exchange(url, method: "POST", token: token, body: body).status == 200)
        let after1 = try hubStore.read { try $0.records(collection: "cases") }
        #expect(try await exchange(url, method: "POST", token: token, body: body).status == 200)
        let after2 = try hubStore.read { try $0.records(collection: "cases") }
        #expect(after1.count == 2)
        #expect(after1 == after2, "same records, same change-feed positions")
    }

    @Test func anInterruptedSync_ResumesFromItsCheckpoints_WithNoDuplicateAndNoLoss() async throws {
        let (hubStore, registry) = try makeHub()
        let token = try registry.add("soum-4305", now: 1)
        // The hub merges every push, but from the third on every answer is lost on the way
        // back (a 5xx from the front, retried and failing again) until the link is healed.
        let counter = RequestCounter()
        let healed = Mutex(false)
        let router = HubRouter(sync: SyncRoutes(store: hubStore), admin: AdminRoutes(store: hubStore))
        let server = HTTPServer(configuration: HTTPServerConfiguration()) { request in
            let response = try router.handle(request)
            if request.path == SyncProtocol.pushPath, counter.next() >= 3, !healed.withLock({ $0 }) {
                throw HTTPError(502, "lost", "the answer was lost")
            }
            return response
        }
        let port = try server.start()
        defer { server.stop() }
        let node = try TestNode(directory: dir, office: "soum-4305", hub: URL(string: "http://127.0.0.1:\(port)")!, token: token)
        var opened: [CaseView] = []
        for i in 0..<50 { opened.append(try node.open("Иргэн \(i)", ["i": "\(i)"])) }

        await #expect(throws: SyncError.self) { try await node.sync(batchSize: 10) }
        #expect(try node.store.status().pendingCount == 30, "two batches were acknowledged before the failure")
        healed.withLock { $0 = true }
        _ = try await node.sync(batchSize: 10)

        #expect(try node.store.status().pendingCount == 0)
        let atHub = try CaseBook(store: hubStore).list(office: "soum-4305")
        #expect(atHub.count == 50)
        #expect(Set(atHub.map(\.number)).count == 50)
        #expect(atHub.map(\.values) == opened.map(\.values))
        #expect(try node.book.list().count == 50)
    }
}

extension SyncEndToEndTests {
    /// A hub whose first office holds `count` cases written at an earlier node, and a
    /// new node of that office with nothing yet: every record is to be pulled.
    func hubWithCases(_ count: Int) async throws -> (hub: ReplicaStore, token: String) {
        let (hubStore, registry) = try makeHub()
        let token = try registry.add("soum-4305", now: 1)
        let earlier = TestNode(store: try ReplicaStore.create(
            path: dir.path("earlier.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305"))
        for i in 0..<count { _ = try earlier.open("Иргэн \(i)", ["i": "\(i)"]) }
        let server = HTTPServer(configuration: HTTPServerConfiguration()) { try HubRouter(sync: SyncRoutes(store: hubStore), admin: AdminRoutes(store: hubStore)).handle($0) }
        let port = try server.start()
        defer { server.stop() }
        try earlier.store.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: token))
        _ = try await earlier.sync()
        return (hubStore, token)
    }

    /// The node asks for the next pull batch while it merges the one it has, so the
    /// hub's work and the transfer overlap the merge: here the hub holds back its
    /// answer to the second request until the node has stored the first batch, which
    /// (were the node waiting for that answer before merging) would never happen.
    @Test func theNextPullBatchIsFetchedWhileTheCurrentOneIsMerged() async throws {
        let (hubStore, token) = try await hubWithCases(30)
        let router = HubRouter(sync: SyncRoutes(store: hubStore), admin: AdminRoutes(store: hubStore))
        let fresh = Mutex<ReplicaStore?>(nil)
        let overlapped = Mutex<Bool?>(nil)
        let server = HTTPServer(configuration: HTTPServerConfiguration()) { request in
            if request.path == SyncProtocol.pullPath, request.query["since"] != "0", overlapped.withLock({ $0 == nil }),
               let node = fresh.withLock({ $0 }) {
                // The first batch's checkpoint moves while this request waits: the merge runs meanwhile.
                let deadline = ContinuousClock.now + .seconds(5)
                var stored = false
                while !stored && ContinuousClock.now < deadline {
                    stored = try node.pullCheckpoint() > 0
                    if !stored { Thread.sleep(forTimeInterval: 0.005) }
                }
                overlapped.withLock { $0 = stored }
            }
            return try router.handle(request)
        }
        let port = try server.start()
        defer { server.stop() }
        let node = TestNode(store: try ReplicaStore.create(
            path: dir.path("fresh.db"), replica: ReplicaID("soum-4305_r2")!, role: .node, office: "soum-4305"))
        try node.store.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: token))
        fresh.withLock { $0 = node.store }
        let report = try await node.sync(batchSize: 10)
        #expect(overlapped.withLock { $0 } == true, "the second batch was asked for before the first was stored")
        #expect(report.pulledRecords == 30)
        #expect(report.pullBatches == 3)
        #expect(try node.book.list().count == 30)
    }

    /// A batch fetched ahead is not stored before the one in front of it: when an
    /// answer fails, the checkpoint stays at the last batch stored with its records,
    /// and the next round takes the rest, with nothing lost or repeated.
    @Test func aPullThatFailsMidway_KeepsTheCheckpointOfWhatWasStored_AndTheNextRoundTakesTheRest() async throws {
        let (hubStore, token) = try await hubWithCases(50)
        let router = HubRouter(sync: SyncRoutes(store: hubStore), admin: AdminRoutes(store: hubStore))
        let pulls = RequestCounter()
        let server = HTTPServer(configuration: HTTPServerConfiguration()) { request in
            if request.path == SyncProtocol.pullPath, pulls.next() == 3 {
                throw HTTPError(500, "lost", "the answer was lost")
            }
            return try router.handle(request)
        }
        let port = try server.start()
        defer { server.stop() }
        let node = TestNode(store: try ReplicaStore.create(
            path: dir.path("fresh.db"), replica: ReplicaID("soum-4305_r2")!, role: .node, office: "soum-4305"))
        try node.store.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: token))

        var configuration = SyncConfiguration()
        configuration.maxAttempts = 1
        configuration.batchSize = 10
        await #expect(throws: SyncError.self) {
            try await SyncClient(store: node.store, upstream: try node.store.upstream()!, configuration: configuration).syncRound()
        }
        #expect(try node.book.list().count == 20, "two batches were stored before the third answer failed")
        let hubSeq = try hubStore.read { tx in
            try tx.database.query("SELECT local_seq FROM records ORDER BY local_seq LIMIT 1 OFFSET 19") { $0.int(0) }.first
        }
        #expect(try node.store.pullCheckpoint() == UInt64(hubSeq ?? -1), "the checkpoint is that of the last batch stored")

        _ = try await node.sync(batchSize: 10)
        let cases = try node.book.list()
        #expect(cases.count == 50)
        #expect(Set(cases.map(\.number)).count == 50)
    }
}

/// Counts requests across the server's threads.
final class RequestCounter: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}

import Synchronization

/// Issue 14: a node sends its pushes gzip-compressed once the hub has said it takes
/// them, and remembers it; nothing echoes back.
@Suite struct CompressedSyncEndToEndTests {
    let dir = TemporaryDirectory()

    @Test func afterTheFirstBatch_PushesGoCompressed_AndTheNodeRemembersTheHubTakesGzip() async throws {
        let store = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        let hub = try TestHub(store: store)
        defer { hub.stop() }
        let node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: token)
        for index in 0..<30 { _ = try node.open("Иргэн \(index)", ["address": "Сэлэнгэ аймаг, Мандал сум, \(index)-р баг"]) }
        let plain = try #require(try node.store.nextOutboundPush(limit: 10, now: Clock.nowMillis())).json.count
        // Batches of 10 (~20 KB): too small to measure the link by, so it counts as slow.
        let report = try await node.sync(batchSize: 10)
        #expect(report.pushedRecords == 30 && report.pulledRecords == 0, "nothing echoes back")
        #expect(try node.store.upstream()?.takesGzip == true)
        let office = try #require(try OfficeRegistry(store: store).office("soum-4305"))
        // The first batch went plain (the node did not know yet), the other two compressed.
        #expect(office.bytesIn < plain + plain / 2, "\(office.bytesIn) bytes in for three batches of ~\(plain)")
        // The node counts what crossed the link: the bodies the hub took, compressed, and
        // the heads of four requests (three pushes, one pull) and their answers.
        #expect(report.bytesSent > office.bytesIn && report.bytesSent < office.bytesIn + 4 * 1024, "\(report.bytesSent) sent, \(office.bytesIn) in, \(report.bytesReceived) received, \(office.bytesOut) out")
        #expect(report.bytesReceived > office.bytesOut && report.bytesReceived < office.bytesOut + 4 * 1024, "\(report.bytesReceived) received")
        #expect(try hub.cases(office: "soum-4305").count == 30)
    }
}
