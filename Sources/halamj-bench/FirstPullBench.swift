import Foundation
import ReplicaStorage
import HubClient
import SyncModel

/// 2. first pull: a new node of an office (a second PC, or one set up again) takes
/// the office's `count` cases from the hub in one sync round. Baseline: the same rows
/// upserted raw in one transaction with a reused prepared statement.
enum FirstPullBench {
    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let count = quick ? 10_000 : 100_000
        let office = "soum-4305"
        let dir = try folder.folder("first-pull")
        defer { folder.remove("first-pull") }

        let hub = try InProcessHub(path: dir + "/hub.db")
        defer { hub.stop() }
        let token = try hub.addOffice(office)
        progress("first-pull: filling the hub with \(count) cases")
        let rows = hubRows(office: office, count: count)
        let hubWrites = rows.filter { $0.record.vector[CaseFactory.hub] > 0 }.count
        try Seed.fill(hub.store, count: count, meta: ["counter": String(hubWrites), "local_seq": String(count)]) { rows[$0] }
        let bodyBytes = rows.reduce(0) { $0 + $1.body.count } / count

        progress("first-pull: baseline (raw upsert of \(count) rows)")
        var baseline = Baseline()
        func measureBaseline() throws {
            let base = try ReplicaStore.create(path: dir + "/baseline\(baseline.runs.count).db", replica: ReplicaID("soum-9999")!, role: .node, office: "soum-9999")
            try baseline.measure { try Seed.rawUpsertSeconds(base, rows: rows) }
        }
        try measureBaseline()

        progress("first-pull: syncing")
        // A new incarnation of the office's node: nothing of its own, everything to take.
        let node = try BenchNode.create(path: dir + "/node.db", office: office, replica: "soum-4305_rnew", hub: hub.url, token: token)
        let client = try BenchNode.client(node)
        var report = SyncReport()
        let cpuBefore = cpuSeconds()
        let roundSeconds = try await seconds { report = try await client.syncRound() }
        // Node and hub together (one process): less disturbed than wall time by other work.
        let roundCPUSeconds = cpuSeconds() - cpuBefore
        let status = try node.status()
        guard report.pulledRecords == count, status.recordCount == count, status.pendingCount == 0 else {
            throw BenchError("first-pull: pulled \(report.pulledRecords), holds \(status.recordCount), pending \(status.pendingCount)")
        }
        progress("first-pull: baseline again")
        while baseline.runs.count < Baseline.runs { try measureBaseline() }
        let baseSeconds = baseline.seconds
        let indexed = try ReplicaStore.create(path: dir + "/indexed.db", replica: ReplicaID("soum-9999")!, role: .node, office: "soum-9999")
        let indexedRate = Double(count) / (try Seed.indexedUpsertSeconds(indexed, rows: rows))

        let rate = Double(count) / roundSeconds
        let baseRate = Double(count) / baseSeconds
        return BenchResult(
            name: "first-pull", value: rate, unit: "rows/s", baseline: baseRate, baselineUnit: "rows/s",
            ratio: rate / baseRate, goal: "≥ 0.40", goalMet: rate / baseRate >= 0.4,
            details: [
                "records": Double(count), "roundSeconds": roundSeconds, "roundCPUSeconds": roundCPUSeconds, "baselineSeconds": baseSeconds,
                "batches": Double(report.pullBatches), "bytesReceived": Double(report.bytesReceived),
                "bytesSent": Double(report.bytesSent), "recordBodyBytes": Double(bodyBytes),
            "indexedBaseline": indexedRate, "ratioToIndexedBaseline": rate / indexedRate,
            ].merging(baseline.details) { a, _ in a },
            notes: "[\(Format.grouped(Int64(count))) cases of \(bodyBytes) B in \(report.pullBatches) batches, \(Format.number(roundSeconds)) s (\(Format.number(roundCPUSeconds)) s CPU) for the whole round; raw upsert with the index columns a node fills: \(Format.number(indexedRate)) rows/s, ratio \(Format.ratio(rate / indexedRate))]")
    }

    /// The office's cases as the hub holds them: opened by the office's earlier node,
    /// every third one received at the hub since.
    static func hubRows(office: String, count: Int) -> [SeedRow] {
        let writer = ReplicaID(office)!
        var hubCounter: UInt64 = 0
        return (0..<count).map { index in
            var hubWrite: UInt64?
            if index % 3 == 0 {
                hubCounter += 1
                hubWrite = hubCounter
            }
            let record = CaseFactory.record(office: office, index: index, writer: writer, counter: UInt64(index + 1), hubCounter: hubWrite)
            return SeedRow(record, localSeq: Int64(index + 1))
        }
    }
}
