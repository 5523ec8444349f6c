import Foundation
import ReplicaStorage
import HubClient
import SyncModel

/// A hub holding `hubTotal` cases of ten offices (interleaved in its change feed), and
/// a node of the first office holding that office's tenth, fully in sync: clean,
/// pulled up to the hub's last change, the hub knowing every write of it.
struct InSyncPair {
    static let offices = (0..<10).map { "soum-43\(String(format: "%02d", 5 + $0))" }
    static var office: String { offices[0] }

    let hub: InProcessHub
    let node: ReplicaStore
    let officeCount: Int

    init(dir: String, hubTotal: Int, label: String) throws {
        hub = try InProcessHub(path: dir + "/hub.db")
        let token = try hub.addOffice(Self.office)
        progress("\(label): filling the hub with \(hubTotal) cases of 10 offices")
        var hubCounter: UInt64 = 0
        let writers = Self.offices.map { ReplicaID($0)! }
        func make(_ index: Int) -> Record {
            let k = index % 10
            let j = index / 10
            var hubWrite: UInt64?
            if j % 3 == 0 { hubWrite = UInt64(index / 30 * 10 + k + 1) }
            return CaseFactory.record(office: Self.offices[k], index: j, writer: writers[k], counter: UInt64(j + 1), hubCounter: hubWrite)
        }
        hubCounter = UInt64(hubTotal / 30 * 10 + 10)
        let officeCount = (hubTotal + 9) / 10
        self.officeCount = officeCount
        try Seed.fill(hub.store, count: hubTotal, meta: ["counter": String(hubCounter), "local_seq": String(hubTotal)]) {
            SeedRow(make($0), localSeq: Int64($0 + 1))
        }
        try hub.store.transaction { tx in
            try tx.database.execute(
                "UPDATE offices SET replica = ?, latest_counter = ?, delivered_through = ? WHERE id = ?",
                [.text(Self.office), .integer(Int64(officeCount)), .integer(Int64(officeCount)), .text(Self.office)])
        }
        progress("\(label): filling the node with its office's \(officeCount) cases")
        node = try BenchNode.create(path: dir + "/node.db", office: Self.office, hub: hub.url, token: token)
        try Seed.fill(node, count: officeCount, meta: [
            "counter": String(officeCount), "local_seq": String(officeCount), "pull_since": String(hubTotal),
            "upstream_replica": CaseFactory.hub.rawValue,
        ]) { j in SeedRow(make(j * 10), localSeq: Int64(j + 1)) }
    }

    /// Changes `count` of the office's first 1,000 cases at the node (the same ones for
    /// the same `round`, whatever the sizes), in one transaction.
    func changeCases(_ count: Int, round: Int) throws {
        var random = Mix(seed: UInt64(round) &* 7919)
        var picked = Set<Int>()
        while picked.count < min(count, officeCount) { picked.insert(random.below(min(1_000, officeCount))) }
        let now = Clock.nowMillis()
        try node.transaction { tx in
            for j in picked.sorted() {
                let key = RecordKey(collection: CaseFields.collection, id: CaseNumber.make(office: Self.office, year: 2026, sequence: j + 1))
                _ = try tx.write(key, office: Self.office, changes: [
                    "phone": String(99_000_000 + j * 7 + round), "notes": "Утсаа сольсон (\(round)-р удаа). Гэрийн хаяг хэвээр.",
                ], now: now)
            }
        }
    }

    func stop() { hub.stop() }
}

/// 3. O(delta): one sync of 100 changed cases when the hub holds 10,000 and when it
/// holds 1,000,000 (quick: 100,000). The ratio is the big hub's time over the small
/// one's; the bytes on the wire should be the same.
enum DeltaBench {
    struct Sample {
        var seconds: [Double] = []
        var bytes: [Double] = []
    }

    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let small = 10_000
        let large = quick ? 100_000 : 1_000_000
        let changed = 100
        let rounds = quick ? 9 : 15
        defer {
            folder.remove("o-delta-\(small)")
            folder.remove("o-delta-\(large)")
        }
        let smallPair = try InSyncPair(dir: try folder.folder("o-delta-\(small)"), hubTotal: small, label: "o-delta \(small)")
        defer { smallPair.stop() }
        let largePair = try InSyncPair(dir: try folder.folder("o-delta-\(large)"), hubTotal: large, label: "o-delta \(large)")
        defer { largePair.stop() }
        // Rounds alternate between the two, so that both see the machine in the same state.
        progress("o-delta: \(rounds) rounds of \(changed) changes at each size, alternating")
        var a = Sample(), b = Sample()
        let clients = (try BenchNode.client(smallPair.node), try BenchNode.client(largePair.node))
        for round in 0...rounds {
            try await measure(smallPair, clients.0, changed: changed, round: round, into: &a)
            try await measure(largePair, clients.1, changed: changed, round: round, into: &b)
        }
        let ratio = median(b.seconds) / median(a.seconds)
        let byteRatio = median(b.bytes) / median(a.bytes)
        return BenchResult(
            name: "o-delta", value: median(b.seconds) * 1000, unit: "ms at \(Format.grouped(Int64(large)))",
            baseline: median(a.seconds) * 1000, baselineUnit: "ms at \(Format.grouped(Int64(small)))",
            ratio: ratio, goal: "≤ 1.5 with equal bytes", goalMet: ratio <= 1.5 && abs(byteRatio - 1) < 0.02,
            details: [
                "smallHub": Double(small), "largeHub": Double(large), "changedRecords": Double(changed),
                "smallMedianMs": median(a.seconds) * 1000, "largeMedianMs": median(b.seconds) * 1000,
                "smallBytes": median(a.bytes), "largeBytes": median(b.bytes), "byteRatio": byteRatio,
                "rounds": Double(rounds),
            ],
            notes: "[\(changed) changed cases pushed (none echoed back); bytes \(Format.grouped(Int64(median(b.bytes)))) vs \(Format.grouped(Int64(median(a.bytes)))) (ratio \(Format.ratio(byteRatio))); median of \(rounds) rounds each]")
    }

    /// One round: `changed` cases changed at the node, then one sync round, timed.
    static func measure(_ pair: InSyncPair, _ client: SyncClient, changed: Int, round: Int, into sample: inout Sample) async throws {
        try pair.changeCases(changed, round: round)
        var report = SyncReport()
        let time = try await seconds { report = try await client.syncRound() }
        // The hub does not send a node's own pushed copies back (issue 14): nothing comes down.
        guard report.pushedRecords == changed, report.pulledRecords == 0 else {
            throw BenchError("o-delta: pushed \(report.pushedRecords) of \(changed), pulled \(report.pulledRecords) (expected none back)")
        }
        if round == 0 { return }  // warm-up: connection, statements, caches
        sample.seconds.append(time)
        sample.bytes.append(Double(report.bytesSent + report.bytesReceived))
    }
}
