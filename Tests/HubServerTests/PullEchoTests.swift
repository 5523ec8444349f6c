import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import SyncModel
import HalamjHTTP

/// A pull does not send back what the pulling replica itself just pushed, unless the
/// hub changed it since (issue 14: on a slow link that echo was half the bytes of
/// every new case).
@Suite struct PullEchoTests: OneOfficeHubTesting {
    let hub: OneOfficeHub

    init() throws { hub = try OneOfficeHub() }

    func pull(_ query: String) throws -> PullResponse {
        try JSONDecoder().decode(PullResponse.self, from: Data(try router.handle(request("GET", "/v1/sync/pull?\(query)", token: token)).body))
    }

    @Test func whatTheReplicaPushed_IsNotSentBack_ButTheHubsChangesAre() throws {
        let cases = (1...3).map { record("4305-2026-00000\($0)", office: "soum-4305", counter: UInt64($0)) }
        _ = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody(cases, latest: 3)))
        let own = try pull("since=0&replica=soum-4305")
        #expect(own.records.isEmpty, "the office holds them already")
        #expect(own.next >= 3 && !own.more, "and its position moves past them")
        // A node of an earlier release (no replica named), and another incarnation of the
        // office (a restored node), get everything.
        #expect(try pull("since=0").records.count == 3)
        #expect(try pull("since=0&replica=soum-4305_rk1").records.count == 3)
        // Another office's name is not the caller's: ignored.
        #expect(try pull("since=0&replica=soum-4306").records.count == 3)
        // The district edits one: that one goes back.
        _ = try store.transaction { try $0.write(RecordKey(collection: "cases", id: "4305-2026-000002"), office: "soum-4305", changes: ["notes": "шалгасан"], now: 5) }
        let after = try pull("since=\(own.next)&replica=soum-4305")
        #expect(after.records.map(\.id) == ["4305-2026-000002"])
        #expect(after.records.first?.value("notes") == "шалгасан")
    }

    @Test func aCopyTheHubMergedWithItsOwn_IsSentBack() throws {
        _ = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody([record("4305-2026-000001", office: "soum-4305")], latest: 1)))
        _ = try store.transaction { try $0.write(RecordKey(collection: "cases", id: "4305-2026-000001"), office: "soum-4305", changes: ["notes": "x"], now: 5) }
        // The office edits without having seen the hub's note: the merge holds both writes.
        var concurrent = record("4305-2026-000001", office: "soum-4305")
        concurrent.write(["phone": "99"], dot: Dot(replica: ReplicaID("soum-4305")!, counter: 2),
                         hlc: HLCTimestamp(wallMillis: 2_000, logical: 0, replica: ReplicaID("soum-4305")!))
        _ = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody([concurrent], latest: 2)))
        let pulled = try pull("since=0&replica=soum-4305")
        #expect(pulled.records.map(\.id) == ["4305-2026-000001"])
        #expect(pulled.records.first?.value("notes") == "x" && pulled.records.first?.value("phone") == "99")
    }

    @Test func ownEchoes_DoNotCountAgainstTheLimit_SoAFreshPushCostsOnePull() throws {
        let cases = (1...30).map { record(String(format: "4305-2026-%06d", $0), office: "soum-4305", counter: UInt64($0)) }
        _ = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody(cases, latest: 30)))
        _ = try store.transaction { try $0.write(RecordKey(collection: "cases", id: "4305-2026-000025"), office: "soum-4305", changes: ["notes": "шалгасан"], now: 5) }
        // 29 echoes and one change of the hub's: one page of 5 brings the change and ends.
        let page = try pull("since=0&limit=5&replica=soum-4305")
        #expect(page.records.map(\.id) == ["4305-2026-000025"])
        #expect(!page.more, "nothing else is left for this office")
        // Without the replica named every row counts, as before.
        let plain = try pull("since=0&limit=5")
        #expect(plain.records.count == 5 && plain.more)
        // Echoes are read at most 20 to a record a page may carry: a page of 1 over 30 echoes stops at 20 rows.
        _ = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody(
            (31...60).map { record(String(format: "4305-2026-%06d", $0), office: "soum-4305", counter: UInt64($0)) }, latest: 60)))
        let bounded = try pull("since=\(page.next)&limit=1&replica=soum-4305")
        #expect(bounded.records.isEmpty && bounded.more, "20 echoes read, more follow")
        let rest = try pull("since=\(bounded.next)&limit=1&replica=soum-4305")
        #expect(rest.records.isEmpty && !rest.more)
    }
}
