import Foundation
import Testing
import HalamjTestSupport
import HubServer
import ReplicaStorage
import SyncModel
import HalamjHTTP

/// What `/v1/status` answers, byte for byte: monitoring scripts and `halamj-hub status
/// --json` readers depend on its keys and values.
@Suite struct StatusJSONTests: HubRouteTesting {
    static let now: Int64 = 1_800_000_000_000
    let hub: OneOfficeHub
    /// The hub's routes, their clock stopped at `now`.
    let router: HubRouter
    let adminToken: String
    var store: ReplicaStore { hub.store }

    init() throws {
        hub = try OneOfficeHub()
        router = HubRouter(sync: SyncRoutes(store: hub.store), admin: AdminRoutes(store: hub.store, now: { Self.now }))
        let registry = OfficeRegistry(store: hub.store)
        _ = try registry.add("soum-4306", now: 2)
        try registry.revoke("soum-4306", by: "ops", now: 3)
        adminToken = try AdminRegistry(store: hub.store).add("ops", by: "test", now: 1)
        // Every column the status reads, each a value of its own, as a sync would leave them.
        try store.transaction { tx in
            try tx.database.execute("""
                UPDATE offices SET last_contact_at = ?, last_push_at = ?, last_pull_at = ?,
                    delivered_through = 7, latest_counter = 9, pending_count = 2, oldest_pending_seconds = 200000,
                    software_version = '0.9.1', clock_ahead_ms = 61000, records_in = 11, records_out = 13,
                    bytes_in = 1700, bytes_out = 1900, refused_total = 3
                WHERE id = 'soum-4305'
                """, [.integer(Self.now - 90_000), .integer(Self.now - 100_000), .integer(Self.now - 95_000)])
        }
    }

    @Test func theStatusOfAnOfficeInContact_AndOfARevokedOneNeverHeardFrom_KeepTheirKeysAndValues() throws {
        let response = try router.handle(request("GET", "/v1/status", token: adminToken))
        #expect(response.status == 200)
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(body == #"""
            {"counts":{"attention":1,"healthy":0,"never":1,"silent":0},"generatedAt":1800000000000,"hub":"hub-43","offices":[\#
            {"bytesIn":0,"bytesOut":0,"deliveredThrough":0,"fileBytesWaiting":0,"filesWaiting":0,"latestCounter":0,"office":"soum-4306",\#
            "openConflicts":0,"overdue":0,\#
            "reasons":["нэг ч удаа холбогдоогүй (never synced)","токен хүчингүй (token revoked)"],"recordsIn":0,"recordsOut":0,\#
            "refusedTotal":0,"revoked":true,"state":"never","stateLabel":"Холбогдоогүй (never synced)","waitingAtHub":0},\#
            {"bytesIn":1700,"bytesOut":1900,"clockAheadMillis":61000,"deliveredThrough":7,"fileBytesWaiting":0,"filesWaiting":0,\#
            "lastContactAt":1799999910000,\#
            "lastPullAt":1799999905000,"lastPushAt":1799999900000,"latestCounter":9,"office":"soum-4305",\#
            "oldestPendingSeconds":200000,"openConflicts":0,"overdue":0,"pendingAtNode":2,\#
            "reasons":["3 татгалзсан (refused)","илгээгээгүй 55 цаг (unsent for 55 h)"],"recordsIn":11,"recordsOut":13,\#
            "refusedTotal":3,"revoked":false,"secondsSinceContact":90,"softwareVersion":"0.9.1","state":"attention",\#
            "stateLabel":"Анхаарах (needs attention)","waitingAtHub":0}],"silentAfterSeconds":172800}
            """#)
    }
}
