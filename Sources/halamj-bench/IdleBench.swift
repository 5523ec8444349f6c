import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LinkEmulation
import ReplicaStorage
import HubClient
import SyncModel

/// 4. idle: a sync round with nothing to do (node in sync, 1,000 cases; hub 10,000),
/// timed and counted on the wire through a counting relay (`LinkProxy`, HTTP heads included).
/// Baseline: a bare URLSession GET of an unknown path (404) to the same hub.
enum IdleBench {
    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let rounds = quick ? 20 : 50
        let dir = try folder.folder("idle")
        defer { folder.remove("idle") }
        let pair = try InSyncPair(dir: dir, hubTotal: 10_000, label: "idle")
        defer { pair.stop() }
        let proxy = try LinkProxy(upstreamPort: pair.hub.port)
        defer { proxy.stop() }
        let token = try pair.node.upstream()!.token
        try pair.node.setUpstream(Upstream(url: proxy.url, token: token))
        let client = try BenchNode.client(pair.node)

        progress("idle: \(rounds) empty sync rounds")
        for _ in 0..<3 { _ = try await client.syncRound() }  // warm: connection, statements
        var times: [Double] = []
        var countedBytes = 0
        var requests = 0
        let before = proxy.traffic
        for _ in 0..<rounds {
            var report = SyncReport()
            times.append(try await seconds { report = try await client.syncRound() })
            guard report.pushedRecords == 0, report.pulledRecords == 0 else { throw BenchError("idle: the round moved records") }
            countedBytes += report.bytesSent + report.bytesReceived
            requests += report.pushBatches + report.pullBatches
        }
        let wireBytes = Double((proxy.traffic - before).total) / Double(rounds)

        progress("idle: \(rounds) bare GETs")
        let session = ephemeralSession()
        defer { session.finishTasksAndInvalidate() }
        let missing = proxy.url.appendingPathComponent("v1/no-such-path")
        for _ in 0..<3 { _ = try await bareGet(session, missing) }
        var baseTimes: [Double] = []
        let baseBefore = proxy.traffic
        for _ in 0..<rounds {
            var status = 0
            baseTimes.append(try await seconds { status = try await bareGet(session, missing) })
            guard status == 404 else { throw BenchError("idle: the bare GET got \(status)") }
        }
        let baseBytes = Double((proxy.traffic - baseBefore).total) / Double(rounds)

        let value = median(times) * 1000
        let baseline = median(baseTimes) * 1000
        let ratio = value / baseline
        return BenchResult(
            name: "idle", value: value, unit: "ms", baseline: baseline, baselineUnit: "ms (bare GET)",
            ratio: ratio, goal: "≤ 3 and < 2 KB", goalMet: ratio <= 3 && wireBytes < 2048,
            details: [
                "wireBytesPerSync": wireBytes, "nodeCountedBytesPerSync": Double(countedBytes) / Double(rounds),
                "requestsPerSync": Double(requests) / Double(rounds), "wireBytesPerBareGet": baseBytes,
                "p99Ms": percentile(times, 0.99) * 1000, "baselineP99Ms": percentile(baseTimes, 0.99) * 1000,
                "rounds": Double(rounds), "connectionsOpened": Double(proxy.connectionsAccepted),
            ],
            notes: "[\(Format.number(wireBytes)) B on the wire per sync (\(Format.number(Double(countedBytes) / Double(rounds))) B as the node counts them, \(Format.number(Double(requests) / Double(rounds))) request), bare GET \(Format.number(baseBytes)) B; median of \(rounds)]")
    }
}
