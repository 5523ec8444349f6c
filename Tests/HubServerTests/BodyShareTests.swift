import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel

/// A stolen office token cannot take the hub's whole body budget: bodies are held whole
/// before they arrive, and may honestly take half an hour on a slow link, so one office
/// holds at most its share however many requests it keeps open.
@Suite(.serialized) struct BodyShareTests {
    @Test func oneOfficeTricklingLargeBodies_LeavesTheOthersRoomToSync() async throws {
        let directory = TemporaryDirectory()
        let store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        let registry = OfficeRegistry(store: store)
        let attacker = try registry.add("soum-4305", now: 1)
        let honest = try registry.add("soum-4306", now: 1)
        var configuration = HubConfiguration()
        configuration.port = 0
        configuration.maxBodyBytes = 1 << 20
        configuration.bodyBudgetBytes = 2 << 20
        #expect(configuration.bodyShareBytes == 1 << 20)
        let hub = Hub(store: store, configuration: configuration)
        let port = try hub.start()
        defer { hub.stop() }

        // A push announcing the largest body, trickled: it holds the office's share.
        let head = "POST /v1/sync/push HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer \(attacker)\r\nContent-Type: application/json\r\nContent-Length: \(1 << 20)\r\n\r\n{"
        let trickling = try TestHTTPClient(port: port)
        try trickling.send(head)
        #expect(eventually { hub.heldBodyBytes == 1 << 20 })
        // A second one of the same office is answered at once, its body unread.
        let second = try TestHTTPClient(port: port)
        try second.send(head)
        let refused = try #require(try second.readResponse(timeout: .seconds(20)))
        #expect(refused.status == 503)

        // Another office syncs a case as usual.
        let node = try ReplicaStore.create(path: directory.path("node.db"), replica: ReplicaID("soum-4306")!, role: .node, office: "soum-4306")
        try node.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: honest))
        _ = try CaseBook(store: node).open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж")
        let report = try await SyncClient(store: node, upstream: try node.upstream()!).syncRound()
        #expect(report.pushedRecords == 1)
        #expect(try CaseBook(store: store).list(office: "soum-4306").count == 1)
        #expect(hub.heldBodyBytes == 1 << 20, "the trickling body still holds only its office's share")
        withExtendedLifetime(trickling) {}
    }
}
