import Foundation
import HubClient
import HubServer
import ReplicaStorage
import SyncModel

/// A district hub syncing with the national hub above it (issue 19): the district is a
/// replica of the national hub as a soum is of the district. Each round first reports the
/// offices the district holds, with their sync health (its status, `POST /v1/sync/offices`):
/// the national hub takes them into the district's scope and shows them below the district.
/// Then the same round a node makes (`SyncClient`): push what changed here (the soums'
/// writes and the district's own), pull what the national hub has for these offices
/// (its decisions, transfers, double-application flags, other districts' cases moved here).
public struct DistrictSync: Sendable {
    public let store: ReplicaStore
    public let client: SyncClient
    /// What the report calls silent (`StatusReport`).
    public let silentAfterSeconds: Int

    public init(store: ReplicaStore, client: SyncClient, silentAfterSeconds: Int = StatusReport.defaultSilentAfterSeconds) {
        self.store = store
        self.client = client
        self.silentAfterSeconds = silentAfterSeconds
    }

    public init(store: ReplicaStore, upstream: Upstream, configuration: SyncConfiguration = SyncConfiguration()) {
        self.init(store: store, client: SyncClient(store: store, upstream: upstream, configuration: configuration))
    }

    /// What one round did.
    public struct Report: Sendable, Encodable {
        /// The national hub's answer to the offices' report.
        public var offices: DistrictOffices.Answer
        public var sync: SyncReport
    }

    /// One round: the offices' report, then push and pull.
    public func round(now: Int64 = Clock.nowMillis()) async throws -> Report {
        let status = try StatusReport(store: store, silentAfterSeconds: silentAfterSeconds).build(now: now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let answerBody = try await client.post(SyncProtocol.officesPath, body: try encoder.encode(status))
        let answer: DistrictOffices.Answer
        do {
            answer = try JSONDecoder().decode(DistrictOffices.Answer.self, from: answerBody)
        } catch {
            throw SyncError.unreadable("offices answer", answerBody, error)
        }
        return Report(offices: answer, sync: try await client.syncRound())
    }

    /// Makes `store` (a hub) a replica of the hub at `upstream`. The first time, every
    /// record it holds is queued to go up: the national hub has none of them yet.
    public static func connect(_ store: ReplicaStore, to upstream: Upstream, now: Int64 = Clock.nowMillis()) throws {
        let first = try store.upstream() == nil
        try store.setUpstream(upstream)
        if first { try store.queueEverything(now: now) }
    }
}
