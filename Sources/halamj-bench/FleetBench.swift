import Foundation
import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel

/// 5. fleet: 330 soum nodes (one SQLite file each, 100 cases each, opened through
/// CaseBook) sync concurrently with one hub in a child process (see `ChildHub`), at
/// most `concurrency` nodes at a time, each one request at a time. After the first
/// round the district approves one case of every tenth office; rounds go on until
/// one moves nothing. Reported: time to quiescence against a serial estimate (one
/// node's first round alone, times the fleet), p50/p99 round time, and the hub
/// process's peak memory (VmHWM).
enum FleetBench {
    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let nodeCount = quick ? 100 : 330
        let casesPerNode = quick ? 20 : 100
        let concurrency = 24
        let dir = try folder.folder("fleet")
        defer { folder.remove("fleet") }
        let hubPath = dir + "/hub.db"
        let offices = (0...nodeCount).map { "soum-\(6000 + $0)" }  // the last one syncs alone first

        progress("fleet: hub with \(offices.count) offices")
        let tokens: [String] = try {
            let store = try Hub.create(path: hubPath, id: CaseFactory.hub)
            let registry = OfficeRegistry(store: store)
            return try offices.map { try registry.add($0, now: Clock.nowMillis()) }
        }()

        progress("fleet: \(offices.count) nodes with \(casesPerNode) cases each (CaseBook.open)")
        let placeholder = URL(string: "http://127.0.0.1:9")!
        let nodes = try makeNodes(dir: dir, offices: offices, tokens: tokens, hub: placeholder, cases: casesPerNode)

        let child = try ChildHub(database: hubPath)
        defer { child.stop() }
        let startMiB = child.residentMiB ?? 0
        var clients: [SyncClient] = []
        for (node, token) in zip(nodes, tokens) {
            try node.setUpstream(Upstream(url: child.url, token: token))
            clients.append(try BenchNode.client(node))
        }

        progress("fleet: one node alone")
        let solo = clients.removeLast()
        let soloSeconds = try await seconds { _ = try await solo.syncRound() }

        progress("fleet: \(nodeCount) nodes, \(concurrency) at a time")
        var roundSeconds: [Double] = []
        var firstRoundTimes: [Double] = []
        var allRoundTimes: [Double] = []
        var totalSeconds = 0.0
        var rounds = 0
        var quiescent = false
        let hubStore = try Hub.open(path: hubPath)
        while rounds < 10 && !quiescent {
            rounds += 1
            var outcomes: [(Double, SyncReport)] = []
            let wall = try await seconds { outcomes = try await syncAll(clients, concurrency: concurrency) }
            roundSeconds.append(wall)
            totalSeconds += wall
            if rounds == 1 { firstRoundTimes = outcomes.map(\.0) }
            allRoundTimes += outcomes.map(\.0)
            quiescent = outcomes.allSatisfy { $0.1.pushedRecords == 0 && $0.1.pulledRecords == 0 }
            progress("fleet: round \(rounds) took \(Format.number(wall)) s, pushed \(outcomes.reduce(0) { $0 + $1.1.pushedRecords }), pulled \(outcomes.reduce(0) { $0 + $1.1.pulledRecords })")
            if rounds == 1 {
                // The district decides: one case of every tenth office approved at the hub.
                let book = CaseBook(store: hubStore)
                for index in stride(from: 0, to: nodeCount, by: 10) {
                    // An allowance: a care case would need the district's papers and its category.
                    let cases = try CaseBook(store: nodes[index]).list()
                    let number = (cases.first { !CaseTransitions.isCare(Service(rawValue: $0.service ?? "") ?? .careElderly) } ?? cases[0]).number
                    _ = try book.decide(number, approve: true, decree: "А/\(offices[index].suffix(4))",
                                        date: CivilDate(iso: "2026-06-01")!, amount: 50_000, reason: nil)
                }
            }
        }
        let peak = child.peakMiB ?? .nan

        // Convergence: every node shows exactly the hub's copy of its office's cases.
        var diverged = 0
        for (node, office) in zip(nodes.dropLast(), offices.dropLast()) {
            let here = try CaseBook(store: node).list().map { [$0.number: $0.values] }
            let there = try CaseBook(store: hubStore).list(office: office).map { [$0.number: $0.values] }
            let pending = try node.status().pendingCount
            if here != there || pending != 0 { diverged += 1 }
        }
        let atHub = try hubStore.read { try $0.database.scalarInt("SELECT count(*) FROM records") ?? 0 }
        guard quiescent, diverged == 0, atHub == Int64(offices.count * casesPerNode) else {
            throw BenchError("fleet: quiescent \(quiescent), \(diverged) nodes diverged, hub holds \(atHub)")
        }

        let serial = soloSeconds * Double(nodeCount)
        return BenchResult(
            name: "fleet", value: totalSeconds, unit: "s to quiescence", baseline: serial,
            baselineUnit: "s serial estimate", ratio: totalSeconds / serial,
            goal: "hub memory < 300 MB", goalMet: peak < 300,
            details: [
                "nodes": Double(nodeCount), "casesPerNode": Double(casesPerNode), "concurrency": Double(concurrency),
                "rounds": Double(rounds), "firstRoundSeconds": roundSeconds[0],
                "roundP50Ms": percentile(firstRoundTimes, 0.5) * 1000, "roundP99Ms": percentile(firstRoundTimes, 0.99) * 1000,
                "allRoundsP50Ms": percentile(allRoundTimes, 0.5) * 1000, "allRoundsP99Ms": percentile(allRoundTimes, 0.99) * 1000,
                "soloRoundMs": soloSeconds * 1000, "hubPeakMiB": peak, "hubStartMiB": startMiB,
            ],
            notes: "[\(nodeCount) nodes × \(casesPerNode) cases, \(concurrency) at a time, \(rounds) rounds, all converged; first-round p50 \(Format.number(percentile(firstRoundTimes, 0.5) * 1000)) ms p99 \(Format.number(percentile(firstRoundTimes, 0.99) * 1000)) ms; hub process peak \(Format.number(peak)) MiB (child process VmHWM)]")
    }

    /// Every node's sync round, at most `concurrency` at once; (seconds, report) by node.
    static func syncAll(_ clients: [SyncClient], concurrency: Int) async throws -> [(Double, SyncReport)] {
        try await withThrowingTaskGroup(of: (Int, Double, SyncReport).self) { group in
            var results = [(Double, SyncReport)](repeating: (0, SyncReport()), count: clients.count)
            var next = 0
            func start() {
                let index = next
                let client = clients[index]
                next += 1
                group.addTask {
                    var report = SyncReport()
                    let time = try await seconds { report = try await client.syncRound() }
                    return (index, time, report)
                }
            }
            while next < min(concurrency, clients.count) { start() }
            while let (index, time, report) = try await group.next() {
                results[index] = (time, report)
                if next < clients.count { start() }
            }
            return results
        }
    }

    /// The nodes, made on every core: each case opened by CaseBook as a social worker would.
    static func makeNodes(dir: String, offices: [String], tokens: [String], hub: URL, cases: Int) throws -> [ReplicaStore] {
        let made = Made(count: offices.count)
        DispatchQueue.concurrentPerform(iterations: offices.count) { index in
            do {
                let store = try BenchNode.create(path: dir + "/\(offices[index]).db", office: offices[index], hub: hub, token: tokens[index])
                let book = CaseBook(store: store)
                let opened = Clock.nowMillis() - 86_400_000
                for n in 0..<cases {
                    var fields = Dictionary(uniqueKeysWithValues: CaseFactory.fields(index * 1_000 + n))
                    let service = Service(rawValue: fields.removeValue(forKey: "service")!)!
                    let rd = try RegisterNumber.parse(fields.removeValue(forKey: "rd")!)
                    let name = fields.removeValue(forKey: "name")!
                    _ = try book.open(service: service, registerNumber: rd, name: name, fields: fields, now: opened + Int64(n))
                }
                made.set(index, .success(store))
            } catch {
                made.set(index, .failure(error))
            }
        }
        return try made.all()
    }

    final class Made: @unchecked Sendable {
        private var results: [Result<ReplicaStore, any Error>?]
        private let lock = NSLock()
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: Result<ReplicaStore, any Error>) { lock.withLock { results[index] = result } }
        func all() throws -> [ReplicaStore] { try results.map { try $0!.get() } }
    }
}
