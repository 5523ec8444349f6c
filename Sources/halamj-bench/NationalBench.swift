import Foundation
import CaseBooks
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel

/// 10. the whole country (issue 19): a national hub with 30 district hubs of 11 offices each
/// (330 offices) holding 1,000,000 cases (quick: 200,000), every district's offices reported
/// and its token given. Timed, each as the hub does it (in process, no socket), median of several:
/// - a district's day pushed: 3,000 of one district's cases, each with a new write of its
///   soum, pushed with the district's token in batches of 500 through the national hub's
///   router (acceptance rule, merge, index, feed), against the raw upsert of the same 3,000
///   rows into a store holding them (`Seed.rawUpsertSeconds`);
/// - the national reads: double applications across districts, the month's report by
///   district, office and service (every case read, a page at a time), the dashboard with
///   every district and the offices below it, against the status scenario's baseline (every
///   row's office read once, counted per office);
/// - memory: the bench process's peak resident set (the hub's work runs in it), goal < 1 GB.
enum NationalBench {
    static let districts = 30
    static let officesPerDistrict = 11
    static let dayChanges = 3_000
    static let national = ReplicaID("hub-mn")!

    static func district(_ d: Int) -> String { String(format: "hub-%02d", d + 1) }
    static func office(_ d: Int, _ o: Int) -> String { String(format: "soum-%02d%02d", d + 1, o + 1) }

    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let cases = quick ? 200_000 : 1_000_000
        let rounds = quick ? 3 : 5
        let dir = try folder.folder("national")
        defer { folder.remove("national") }
        let (tokens, adminToken, indexing) = try filledNationalHub(dir + "/national.db", cases: cases)
        let hub = try Hub.open(path: dir + "/national.db")
        let router = HubRouter(sync: SyncRoutes(store: hub, compression: false), admin: AdminRoutes(store: hub))

        // A district's day: 3,000 of hub-01's cases, a new write of each one's soum per round.
        progress("national: filled, indexed in \(Format.number(indexing)) s (peak so far \(Format.number(Machine.memoryMiB("VmHWM") ?? .nan)) MiB); \(rounds) days of \(dayChanges) changes pushed by \(district(0))")
        let offices = (0..<officesPerDistrict).map { office(0, $0) }
        let keys = try hub.read { tx in
            try tx.database.query(
                "SELECT id FROM records WHERE office IN (\(offices.map { _ in "?" }.joined(separator: ","))) ORDER BY id LIMIT ?",
                offices.map { .text($0) } + [.integer(Int64(dayChanges))]) { RecordKey(collection: CaseFields.collection, id: $0.text(0)) }
        }
        guard keys.count == dayChanges else { throw BenchError("national: \(keys.count) cases of \(district(0)), not \(dayChanges)") }
        var pushTimes: [Double] = []
        var pushBytes = 0
        for round in 0..<rounds {
            let changed = try day(keys, hub: hub, round: round)
            if round == 0 { pushBytes = changed.reduce(0) { $0 + $1.body.count } }
            pushTimes.append(try seconds {
                for batch in stride(from: 0, to: changed.count, by: SyncProtocol.defaultBatchSize) {
                    let rows = changed[batch..<min(changed.count, batch + SyncProtocol.defaultBatchSize)]
                    let json = PushRequest.json(replica: ReplicaID(district(0))!, deliveredThrough: 0, latestCounter: 0,
                                                pendingCount: 0, oldestPendingSeconds: nil, recordBodies: rows.map(\.body))
                    var headers = HTTPHeaders()
                    headers.append(name: "Authorization", value: "Bearer \(tokens[0])")
                    headers.append(name: "Content-Type", value: "application/json")
                    let request = HTTPRequest(method: "POST", target: SyncProtocol.pushPath, path: SyncProtocol.pushPath, headers: headers, body: json)
                    let response = try router.handle(request)
                    guard response.status == 200, let answer = try? SyncJSON.pushResponse(Data(response.body)),
                          answer.results.allSatisfy({ $0.outcome == .merged }) else {
                        throw BenchError("national: a district's push answered \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
                    }
                }
            })
        }
        // The baseline: the same rows upserted raw into a store holding them.
        var baseline = Baseline()
        let changed = try day(keys, hub: hub, round: rounds)
        let held = try hub.read { tx in try keys.map { try tx.load($0)! } }
        for run in 0..<Baseline.runs {
            let copy = try ReplicaStore.create(path: dir + "/baseline-\(run).db", replica: national, role: .hub, office: nil)
            try Seed.fill(copy, count: held.count) { SeedRow(held[$0].record, localSeq: Int64($0 + 1)) }
            try baseline.measure { try Seed.rawUpsertSeconds(copy, rows: changed) }
        }
        let push = median(pushTimes)

        // The national reads.
        func timed<T>(_ body: () throws -> T) throws -> (seconds: Double, value: T) {
            var times: [Double] = []
            var value: T?
            for _ in 0..<rounds { times.append(try seconds { value = try body() }) }
            return (median(times), value!)
        }
        progress("national: double applications, the month's report by district, the dashboard, \(rounds) times each (peak so far \(Format.number(Machine.memoryMiB("VmHWM") ?? .nan)) MiB)")
        let book = CaseBook(store: hub)
        let duplicates = try timed { try book.duplicateApplications() }
        let labels = try OfficeDirectory.read(hub).districtOf.compactMapValues { $0 }
        let month = DistrictReport.month(of: CivilDate(iso: "2026-03-15")!)
        let report = try timed { try book.districtReport(from: month.from, to: month.to, today: month.to, districtOf: labels) }
        var headers = HTTPHeaders()
        headers.append(name: "Authorization", value: "Bearer \(adminToken)")
        let dashboardRequest = HTTPRequest(method: "GET", target: "/", path: "/", headers: headers)
        let dashboard = try timed { () -> Int in
            let response = try router.handle(dashboardRequest)
            guard response.status == 200 else { throw BenchError("national: the dashboard answered \(response.status)") }
            return response.body.count
        }
        var baseTimes: [Double] = []
        for _ in 0..<rounds {
            baseTimes.append(try seconds {
                _ = try hub.read { try $0.database.query("SELECT office, count(*) FROM records GROUP BY office") { $0.int(1) } }
            })
        }
        let readBaseline = median(baseTimes)
        let peak = Machine.memoryMiB("VmHWM") ?? .nan
        let dbMiB = Double((try? FileManager.default.attributesOfItem(atPath: dir + "/national.db")[.size] as? Int) ?? 0) / 1_048_576
        let flagged = duplicates.value.reduce(0) { $0 + $1.cases.count }
        return BenchResult(
            name: "national", value: push * 1000, unit: "ms (a district's day of \(dayChanges) changes pushed to the national hub)",
            baseline: baseline.seconds * 1000, baselineUnit: "ms (raw upsert of the same rows)",
            ratio: push / baseline.seconds, goal: "hub memory < 1 GiB", goalMet: peak < 1024,
            details: [
                "cases": Double(cases), "districts": Double(districts), "offices": Double(districts * officesPerDistrict),
                "pushMs": push * 1000, "pushBodyBytes": Double(pushBytes), "rawUpsertMs": baseline.seconds * 1000,
                "duplicatesMs": duplicates.seconds * 1000, "duplicateGroups": Double(duplicates.value.count), "casesFlaggable": Double(flagged),
                "reportMs": report.seconds * 1000, "reportRows": Double(report.value.rows.count),
                "dashboardMs": dashboard.seconds * 1000, "dashboardBytes": Double(dashboard.value),
                "readBaselineMs": readBaseline * 1000, "peakMiB": peak, "databaseMiB": dbMiB, "indexingSeconds": indexing,
            ].merging(baseline.details) { a, _ in a },
            notes: "[\(cases) cases, \(districts) districts × \(officesPerDistrict) offices, \(Format.number(dbMiB)) MiB file: push \(Format.number(push * 1000)) ms (\(Format.number(Double(dayChanges) / push)) records/s, raw upsert \(Format.number(baseline.seconds * 1000)) ms); duplicates \(Format.number(duplicates.seconds * 1000)) ms (\(duplicates.value.count) groups), report by district \(Format.number(report.seconds * 1000)) ms (\(report.value.rows.count) rows), dashboard \(Format.number(dashboard.seconds * 1000)) ms (\(Format.number(Double(dashboard.value))) B); reads' baseline \(Format.number(readBaseline * 1000)) ms (ratios \(Format.ratio(duplicates.seconds / readBaseline)), \(Format.ratio(report.seconds / readBaseline)), \(Format.ratio(dashboard.seconds / readBaseline))); peak \(Format.number(peak)) MiB; median of \(rounds)]")
    }

    /// One day's changes to `keys`: each held case with a new write of its soum (the case's
    /// office), as the district would push it. `round` keeps every day's writes new.
    static func day(_ keys: [RecordKey], hub: ReplicaStore, round: Int) throws -> [SeedRow] {
        try hub.read { tx in
            try keys.enumerated().map { index, key in
                var record = try tx.load(key)!.record
                let soum = ReplicaID(record.office)!
                let wall = CaseFactory.baseWall + 400 * 86_400_000 + Int64(round) * 86_400_000 + Int64(index)
                record.write(["phone": String(99_000_000 + index), "checked_on": "2026-03-\(10 + round % 15)"],
                             dot: Dot(replica: soum, counter: record.vector[soum] + 1), hlc: HLCTimestamp(wallMillis: wall, logical: 0, replica: soum))
                return SeedRow(record, localSeq: Int64(index + 1))
            }
        }
    }

    /// The national hub in `path`: 30 districts, each with its token and 11 offices reported,
    /// `cases` cases spread over the 330 offices, the case index as the hub keeps it; the
    /// districts' tokens, an administrator's, and the seconds the index took.
    static func filledNationalHub(_ path: String, cases: Int) throws -> (tokens: [String], adminToken: String, indexing: Double) {
        let store = try Hub.create(path: path, id: national)
        let registry = DistrictRegistry(store: store)
        var tokens: [String] = []
        for d in 0..<districts {
            tokens.append(try registry.add(district(d), name: "Аймаг \(d + 1)", now: CaseFactory.baseWall))
            let report = "{\"offices\":[" + (0..<officesPerDistrict).map { "{\"office\":\"\(office(d, $0))\",\"state\":\"healthy\"}" }.joined(separator: ",") + "]}"
            let answer = try DistrictOffices.take(Array(report.utf8), from: district(d), store: store, now: CaseFactory.baseWall)
            guard answer.refused.isEmpty else { throw BenchError("national: offices refused: \(answer.refused)") }
        }
        let adminToken = try AdminRegistry(store: store).add("bench", by: "bench", now: CaseFactory.baseWall)
        let offices = (0..<districts).flatMap { d in (0..<officesPerDistrict).map { office(d, $0) } }
        progress("national: filling a national hub with \(cases) cases of \(offices.count) offices in \(districts) districts")
        // Every case its own applicant, but one in 1,000 the applicant of the case next door in
        // the next district (the same office's place there): a double application across districts.
        try Seed.fill(store, count: cases, meta: ["local_seq": String(cases)]) { index in
            let office = offices[index % offices.count]
            let number = index / offices.count
            let person = index % 1_000 == 0 && index + officesPerDistrict < cases ? index + officesPerDistrict : index
            let record = CaseFactory.record(office: office, index: number, writer: ReplicaID(office)!,
                                            counter: UInt64(number + 1), person: person)
            return SeedRow(record, localSeq: Int64(index + 1))
        }
        try store.transaction { tx in try tx.database.execute("DELETE FROM meta WHERE key = ?", [.text(MetaKey.caseIndexVersion)]) }
        let indexing = try seconds { _ = try Hub.open(path: path) }
        return (tokens, adminToken, indexing)
    }
}
