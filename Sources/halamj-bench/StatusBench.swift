import Foundation
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel

/// 8. status at scale: a hub holding 1,000,000 cases (quick: 100,000) of 330 offices, every
/// case submitted long ago (most overdue) and one in 50 with a conflict waiting: the
/// dashboard, `/v1/status` and `/metrics`, each as an administrator's request through the
/// hub's router (the hub's whole work but the socket), median of several. Baseline:
/// `SELECT office, count(*) FROM records GROUP BY office` on the same file, every row read
/// once (the naive count per office); a page whose ratio to it is under 1 reads only what
/// its indexes point at. A Prometheus scrape every 15 s costs the hub `/metrics` ÷ 15 s.
enum StatusBench {
    static let offices = 330

    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let cases = quick ? 100_000 : 1_000_000
        let rounds = quick ? 5 : 9
        let dir = try folder.folder("status")
        defer { folder.remove("status") }
        let (adminToken, indexing) = try filledHub(dir + "/hub.db", cases: cases, scenario: "status")
        let hub = try Hub.open(path: dir + "/hub.db")
        let router = HubRouter(sync: SyncRoutes(store: hub), admin: AdminRoutes(store: hub))
        var headers = HTTPHeaders()
        headers.append(name: "Authorization", value: "Bearer \(adminToken)")

        func time(_ path: String) throws -> (seconds: Double, bytes: Int) {
            let request = HTTPRequest(method: "GET", target: path, path: path, headers: headers)
            var bytes = 0
            _ = try router.handle(request)  // warm: statements, page cache
            var times: [Double] = []
            for _ in 0..<rounds {
                times.append(try seconds {
                    let response = try router.handle(request)
                    guard response.status == 200 else { throw BenchError("status: \(path) answered \(response.status)") }
                    bytes = response.body.count
                })
            }
            return (median(times), bytes)
        }
        progress("status: the dashboard, /v1/status and /metrics, \(rounds) times each")
        let dashboard = try time("/")
        let status = try time("/v1/status")
        let metrics = try time("/metrics")
        let report = try StatusReport(store: hub).build(now: CaseFactory.baseWall + 400 * 86_400_000)
        let conflicts = report.offices.reduce(0) { $0 + $1.openConflicts }
        let overdue = report.offices.reduce(0) { $0 + $1.overdue }

        var baseTimes: [Double] = []
        for _ in 0..<rounds {
            baseTimes.append(try seconds {
                _ = try hub.read { try $0.database.query("SELECT office, count(*) FROM records GROUP BY office") { $0.int(1) } }
            })
        }
        let baseline = median(baseTimes)
        let slowest = max(dashboard.seconds, status.seconds, metrics.seconds)
        let scrapeShare = metrics.seconds / 15
        return BenchResult(
            name: "status", value: slowest * 1000, unit: "ms (slowest of dashboard, /v1/status, /metrics)",
            baseline: baseline * 1000, baselineUnit: "ms (every row's office read once, counted per office)",
            ratio: slowest / baseline, goal: "< 1 s each", goalMet: slowest < 1,
            details: [
                "dashboardMs": dashboard.seconds * 1000, "statusMs": status.seconds * 1000, "metricsMs": metrics.seconds * 1000,
                "dashboardBytes": Double(dashboard.bytes), "statusBytes": Double(status.bytes), "metricsBytes": Double(metrics.bytes),
                "scrapeEvery15sCPUShare": scrapeShare, "cases": Double(cases), "offices": Double(offices),
                "openConflicts": Double(conflicts), "overdue": Double(overdue), "indexingSeconds": indexing,
            ],
            notes: "[\(cases) cases, \(offices) offices, \(conflicts) conflicts waiting, \(overdue) overdue: dashboard \(Format.number(dashboard.seconds * 1000)) ms (\(Format.number(Double(dashboard.bytes))) B), /v1/status \(Format.number(status.seconds * 1000)) ms, /metrics \(Format.number(metrics.seconds * 1000)) ms (a scrape every 15 s: \(String(format: "%.2f", scrapeShare * 100)) % of a core); median of \(rounds)]")
    }

    /// A hub in `path` holding `cases` cases of 330 offices, every one submitted long ago
    /// (most overdue) and one in 50 with a conflict waiting, its case index built as a hub
    /// keeps it; an administrator's token, and the seconds the index took. Shared by the
    /// status and desk scenarios.
    static func filledHub(_ path: String, cases: Int, scenario: String) throws -> (adminToken: String, indexing: Double) {
        let store = try Hub.create(path: path, id: CaseFactory.hub)
        let ids = (0..<offices).map { String(format: "soum-%04d", 4000 + $0) }
        let registry = OfficeRegistry(store: store)
        for id in ids { _ = try registry.add(id, now: CaseFactory.baseWall) }
        let adminToken = try AdminRegistry(store: store).add("bench", by: "bench", now: CaseFactory.baseWall)
        progress("\(scenario): filling a hub with \(cases) cases of \(offices) offices")
        try Seed.fill(store, count: cases, meta: ["local_seq": String(cases)]) { index in
            let office = ids[index % offices]
            let writer = ReplicaID(office)!
            var record = CaseFactory.record(office: office, index: index / offices, writer: writer, counter: UInt64(index / offices + 1))
            if index % 50 == 0 {
                // The hub wrote the phone while the office did: a conflict waiting for a person.
                var hubs = Record(collection: record.collection, id: record.id, office: office)
                hubs.write(["phone": "99000000"], dot: Dot(replica: CaseFactory.hub, counter: UInt64(index + 1)),
                           hlc: HLCTimestamp(wallMillis: CaseFactory.baseWall, logical: 0, replica: CaseFactory.hub))
                record = record.merged(with: hubs)
            }
            return SeedRow(record, localSeq: Int64(index + 1))
        }
        // The case index as the hub keeps it (due days, application keys), as every save fills it.
        try store.transaction { tx in try tx.database.execute("DELETE FROM meta WHERE key = ?", [.text(MetaKey.caseIndexVersion)]) }
        let indexing = try seconds { _ = try Hub.open(path: path) }
        return (adminToken, indexing)
    }
}
