import Foundation
import ReplicaStorage
import HubClient
import SyncModel

/// 1. push: a node sends `count` new cases to an empty hub over loopback HTTP, in the
/// batches SyncClient sends (500). Baseline: the same rows upserted raw in one
/// transaction with a reused prepared statement.
enum PushBench {
    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let count = quick ? 10_000 : 100_000
        let office = "soum-4305"
        let dir = try folder.folder("push")
        defer { folder.remove("push") }

        let hub = try InProcessHub(path: dir + "/hub.db")
        defer { hub.stop() }
        let node = try BenchNode.create(path: dir + "/node.db", office: office, hub: hub.url, token: try hub.addOffice(office))
        let writer = ReplicaID(office)!
        let opened = Clock.nowMillis() - 3_600_000
        progress("push: writing \(count) cases at the node")
        var rows: [SeedRow] = []
        rows.reserveCapacity(count)
        for index in 0..<count {
            let record = CaseFactory.record(office: office, index: index, writer: writer, counter: UInt64(index + 1))
            rows.append(SeedRow(record, localSeq: Int64(index + 1), dirty: true, pendingSince: UInt64(index + 1), pendingAt: opened))
        }
        try Seed.fill(node, count: count, meta: ["counter": String(count), "local_seq": String(count)]) { rows[$0] }
        let bodyBytes = rows.reduce(0) { $0 + $1.body.count } / count

        progress("push: baseline (raw upsert of \(count) rows)")
        var baseline = Baseline()
        func measureBaseline() throws {
            let base = try ReplicaStore.create(path: dir + "/baseline\(baseline.runs.count).db", replica: ReplicaID("soum-9999")!, role: .node, office: "soum-9999")
            try baseline.measure { try Seed.rawUpsertSeconds(base, rows: rows) }
        }
        try measureBaseline()

        progress("push: syncing")
        let client = try BenchNode.client(node)
        var report = SyncReport()
        let cpuBefore = cpuSeconds()
        let pushSeconds = try await seconds { report = try await client.pushPending() }
        // Node and hub together (one process): less disturbed than wall time by other work.
        let pushCPUSeconds = cpuSeconds() - cpuBefore
        // The hub's share: its push transactions (merging, before COMMIT), from its sync history.
        let hubSeconds = try hub.store.read {
            Double(try $0.database.scalarInt("SELECT coalesce(sum(duration_ms), 0) FROM sync_events WHERE kind = 'push'") ?? 0) / 1000
        }
        guard report.pushedRecords == count else { throw BenchError("push: \(report.pushedRecords) of \(count) merged") }
        // The rest of the round: the hub sends every pushed record back (it changed there).
        var echo = SyncReport()
        let echoSeconds = try await seconds { echo = try await client.syncRound() }
        let atHub = try hub.store.read { try $0.database.scalarInt("SELECT count(*) FROM records") ?? 0 }
        guard atHub == count, try node.status().pendingCount == 0 else { throw BenchError("push: hub holds \(atHub) of \(count)") }
        progress("push: baseline again")
        while baseline.runs.count < Baseline.runs { try measureBaseline() }
        let baseSeconds = baseline.seconds
        // The hub is what stores a push: its rows enter both case indexes.
        let indexed = try ReplicaStore.create(path: dir + "/indexed.db", replica: ReplicaID("hub-9999")!, role: .hub, office: nil)
        let indexedRate = Double(count) / (try Seed.indexedUpsertSeconds(indexed, rows: rows))

        let rate = Double(count) / pushSeconds
        let baseRate = Double(count) / baseSeconds
        return BenchResult(
            name: "push", value: rate, unit: "rows/s", baseline: baseRate, baselineUnit: "rows/s",
            ratio: rate / baseRate, goal: "≥ 0.40", goalMet: rate / baseRate >= 0.4,
            details: [
                "records": Double(count), "pushSeconds": pushSeconds, "pushCPUSeconds": pushCPUSeconds, "hubTransactionSeconds": hubSeconds, "baselineSeconds": baseSeconds,
                "batches": Double(report.pushBatches), "bytesSent": Double(report.bytesSent),
                "bytesReceived": Double(report.bytesReceived), "recordBodyBytes": Double(bodyBytes),
                "echoPullSeconds": echoSeconds, "echoPulledRecords": Double(echo.pulledRecords),
            "indexedBaseline": indexedRate, "ratioToIndexedBaseline": rate / indexedRate,
            ].merging(baseline.details) { a, _ in a },
            notes: "[\(Format.grouped(Int64(count))) cases of \(bodyBytes) B in \(report.pushBatches) batches, \(Format.number(pushSeconds)) s (\(Format.number(pushCPUSeconds)) s CPU, \(Format.number(hubSeconds)) s in the hub's transactions); the round's pull then brings \(Format.grouped(Int64(echo.pulledRecords))) of them back (none: no echo) in \(Format.number(echoSeconds)) s; raw upsert with the index columns a hub fills: \(Format.number(indexedRate)) rows/s, ratio \(Format.ratio(rate / indexedRate))]")
    }
}
