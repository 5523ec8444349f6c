import Foundation
import ReplicaStorage
import SyncModel

/// 6. merge: `changes` copies from the hub, each carrying a write to `phone` made
/// concurrently with the node's own unsent write of it, merged into a node holding
/// `total` cases, in pull batches of 500 (`ReplicaStore.applyPull`: clock, merge,
/// checkpoint per batch). Each leaves the field with two siblings: a conflict.
/// Baseline: the merged rows upserted raw into a copy of the same table.
enum MergeBench {
    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let total = quick ? 10_000 : 100_000
        let changes = total / 10
        let office = "soum-4305"
        let writer = ReplicaID(office)!
        let dir = try folder.folder("merge")
        defer { folder.remove("merge") }
        let baseHubWrites = UInt64((total + 2) / 3)
        let opened = Clock.nowMillis() - 3_600_000

        /// Case j as both sides had it before the concurrent writes.
        func common(_ j: Int) -> Record {
            CaseFactory.record(office: office, index: j, writer: writer, counter: UInt64(j + 1),
                               hubCounter: j % 3 == 0 ? UInt64(j / 3 + 1) : nil)
        }
        /// Case j at the node: every tenth has an unsent phone write of its own.
        func local(_ j: Int) -> SeedRow {
            var record = common(j)
            guard j % 10 == 0 else { return SeedRow(record, localSeq: Int64(j + 1)) }
            let counter = UInt64(total + j / 10 + 1)
            record.write(["phone": String(99_100_000 + j)], dot: Dot(replica: writer, counter: counter),
                         hlc: HLCTimestamp(wallMillis: opened + Int64(j), logical: 0, replica: writer))
            return SeedRow(record, localSeq: Int64(j + 1), dirty: true, pendingSince: counter, pendingAt: opened)
        }
        /// The hub's copy of case j (j a multiple of ten): its own phone write, unaware of the node's.
        func incoming(_ j: Int) -> Record {
            var record = common(j)
            let hub = CaseFactory.hub
            record.write(["phone": String(88_100_000 + j)], dot: Dot(replica: hub, counter: baseHubWrites + UInt64(j / 10 + 1)),
                         hlc: HLCTimestamp(wallMillis: opened + Int64(j) + 500, logical: 0, replica: hub))
            return record
        }

        progress("merge: a node with \(total) cases, \(changes) with an unsent write")
        let node = try ReplicaStore.create(path: dir + "/node.db", replica: writer, role: .node, office: office)
        try node.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:9")!, token: "unused"))
        let meta = ["counter": String(total + changes), "local_seq": String(total), "pull_since": "0",
                    "upstream_replica": CaseFactory.hub.rawValue]
        try Seed.fill(node, count: total, meta: meta, make: local)
        // A copy for each baseline run: a second upsert of the same rows into one copy
        // would change no indexed column and cost far less than the first.
        let bases = try (0..<Baseline.runs).map { index in
            let base = try ReplicaStore.create(path: dir + "/baseline\(index).db", replica: writer, role: .node, office: office)
            try Seed.fill(base, count: total, meta: meta, make: local)
            return base
        }

        let copies = stride(from: 0, to: total, by: 10).map(incoming)
        let merged = stride(from: 0, to: total, by: 10).enumerated().map { m, j in
            SeedRow(local(j).record.merged(with: copies[m]), localSeq: Int64(total + m + 1), dirty: true,
                    pendingSince: UInt64(total + j / 10 + 1), pendingAt: opened)
        }

        progress("merge: baseline (raw upsert of \(changes) rows into \(total))")
        var baseline = Baseline()
        try baseline.measure { try Seed.rawUpsertSeconds(bases[0], rows: merged) }

        progress("merge: merging \(changes) copies")
        let batch = 500
        let mergeSeconds = try seconds {
            var start = 0
            while start < copies.count {
                let end = min(copies.count, start + batch)
                let response = PullResponse(hub: CaseFactory.hub, records: Array(copies[start..<end]),
                                            next: UInt64(end), more: end < copies.count)
                let changed = try node.applyPull(response, now: Clock.nowMillis())
                guard changed.count == end - start else { throw BenchError("merge: \(changed.count) of \(end - start) changed") }
                start = end
            }
        }
        let conflicted = try node.read { try $0.database.scalarInt("SELECT count(*) FROM records WHERE conflicts > 0") ?? 0 }
        guard conflicted == Int64(changes) else { throw BenchError("merge: \(conflicted) of \(changes) in conflict") }
        let sample = try node.read { try $0.load(RecordKey(copies[0])) }
        guard sample?.record == merged[0].record else { throw BenchError("merge: the merged copy differs from the expected one") }
        progress("merge: baseline again")
        for base in bases.dropFirst() { try baseline.measure { try Seed.rawUpsertSeconds(base, rows: merged) } }
        let baseSeconds = baseline.seconds

        let rate = Double(changes) / mergeSeconds
        let baseRate = Double(changes) / baseSeconds
        return BenchResult(
            name: "merge", value: rate, unit: "rows/s", baseline: baseRate, baselineUnit: "rows/s",
            ratio: rate / baseRate, goal: "≥ 0.40", goalMet: rate / baseRate >= 0.4,
            details: ["storeRecords": Double(total), "changes": Double(changes), "mergeSeconds": mergeSeconds,
                      "baselineSeconds": baseSeconds].merging(baseline.details) { a, _ in a },
            notes: "[\(Format.grouped(Int64(changes))) concurrent phone writes into \(Format.grouped(Int64(total))) cases, every one now a conflict, \(Format.number(mergeSeconds)) s]")
    }
}
