import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel
import HalamjHTTP

@Suite struct RateLimiterTests {
    @Test func anOffice_GetsItsBurst_Then429WithRetryAfter_AndTokensComeBackWithTime() throws {
        let limiter = RateLimiter(perSecond: 2, burst: 3)
        for _ in 0..<3 { try limiter.admit("soum-4305", now: 1_000) }
        do {
            try limiter.admit("soum-4305", now: 1_000)
            Issue.record("the fourth request at once should be refused")
        } catch let error as HTTPError {
            #expect(error.status == 429)
            #expect(error.headers.contains { $0.0 == "Retry-After" && $0.1 == "1" })
        }
        try limiter.admit("soum-4306", now: 1_000)   // other offices are not affected
        try limiter.admit("soum-4305", now: 1_500)   // half a second later: one token back
        #expect(throws: HTTPError.self) { try limiter.admit("soum-4305", now: 1_500) }
    }

    @Test func aNodeSyncingFasterThanTheLimit_IsSlowedDown_AndStillSyncsEverything() async throws {
        let directory = TemporaryDirectory()
        let store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        var configuration = HubConfiguration()
        configuration.port = 0
        configuration.ratePerSecond = 1
        configuration.rateBurst = 2
        let hub = Hub(store: store, configuration: configuration)
        let port = try hub.start()
        defer { hub.stop() }
        let node = try ReplicaStore.create(path: directory.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        let book = CaseBook(store: node)
        for i in 0..<4 {
            _ = try book.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Иргэн \(i)")
        }
        var sync = SyncConfiguration()
        sync.batchSize = 1
        sync.maxAttempts = 1
        let report = try await SyncClient(
            store: node, upstream: Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: token), configuration: sync
        ).syncRound()
        #expect(report.pushedRecords == 4)
        #expect(try CaseBook(store: store).list().count == 4)
        let metrics = hub.router.admin.requests.exposition().joined(separator: "\n")
        #expect(metrics.contains("route=\"push\",status=\"429\""), "the hub did slow it down")
    }
}
