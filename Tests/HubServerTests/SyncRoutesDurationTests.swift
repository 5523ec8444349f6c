import Foundation
import Synchronization
import Testing
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import SyncModel

/// Sync history durations are measured, not read off the injectable wall clock.
@Suite struct SyncRoutesDurationTests: HubRouteTesting {
    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let router: HubRouter
    let token: String

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        // A wall clock an hour fast, set back two hours at each reading (NTP correcting it,
        // or a test's clock): read off it, the push would last -1 h and the pull +1 h.
        let readings = Mutex<Int64>(Clock.nowMillis() + 3_600_000)
        let jumpingBack: @Sendable () -> Int64 = {
            readings.withLock { now in
                defer { now -= 7_200_000 }
                return now
            }
        }
        router = HubRouter(sync: SyncRoutes(store: store, now: jumpingBack), admin: AdminRoutes(store: store))
        token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
    }

    @Test func pushAndPullDurations_StaySmallAndPositive_WhenTheWallClockJumpsBack() throws {
        let body = try pushBody([record("4305-2026-000001", office: "soum-4305")])
        #expect(outcome(request("POST", "/v1/sync/push", token: token, body: body)).status == 200)
        #expect(outcome(request("GET", "/v1/sync/pull?since=0", token: token)).status == 200)
        let events = try SyncHistory.events(store, office: "soum-4305")
        #expect(Set(events.map(\.kind)) == [.push, .pull])
        for event in events {
            #expect((0..<60_000).contains(event.durationMillis), "\(event.kind) took \(event.durationMillis) ms")
        }
    }
}
