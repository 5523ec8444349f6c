import Foundation
import Synchronization
import Testing
import HalamjTestSupport
@testable import HubServer
import LocalNode
import SyncModel

/// Hundreds of clients that trickle their headers must not stop an honest office
/// from syncing.
@Suite struct SlowlorisTests {
    static let slowClients = 500

    @Test func fiveHundredSlowConnections_LeaveAnHonestSyncWorking() async throws {
        let directory = TemporaryDirectory()
        let store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        var configuration = HubConfiguration()
        configuration.port = 0
        let hub = Hub(store: store, configuration: configuration)
        let port = try hub.start()
        defer { hub.stop() }

        var slow: [TestHTTPClient] = []
        for _ in 0..<Self.slowClients {
            let client = try TestHTTPClient(port: port)
            try client.send("POST /v1/sync/push HTTP/1.1\r\nHost: hub\r\n")
            slow.append(client)
        }
        // One header line per connection every 200 ms, for at most 4 s.
        let stop = Mutex(false)
        let clients = UncheckedBox(slow)
        let trickle = Thread {
            let deadline = Date().addingTimeInterval(4)
            while !stop.withLock({ $0 }) && Date() < deadline {
                for client in clients.value { try? client.send("X-Slow: 1\r\n") }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        trickle.start()
        defer { stop.withLock { $0 = true } }

        let node = try ReplicaStore.create(path: directory.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        try node.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: token))
        _ = try CaseBook(store: node).open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж")
        var sync = SyncConfiguration()
        sync.maxAttempts = 1
        sync.requestTimeout = 10
        let started = ContinuousClock.now
        let report = try await SyncClient(store: node, upstream: try node.upstream()!, configuration: sync).syncRound()
        let took = ContinuousClock.now - started
        print("slowloris: \(Self.slowClients) slow connections open, an honest sync took \(took)")
        #expect(report.pushedRecords == 1)
        #expect(try node.status().pendingCount == 0)
        #expect(took < .seconds(1), "the issue asks for an honest sync under 1 s")
        stop.withLock { $0 = true }
    }
}

/// The slow clients are used by one thread after the test hands them over.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
