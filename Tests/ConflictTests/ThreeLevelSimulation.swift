import Foundation
import Synchronization
import HalamjHTTP
import HubServer
import HubUpstream
@testable import ReplicaStorage
@testable import HubClient
import SyncModel

/// One seeded run of issue 19's property through the real code, at three levels: a
/// national hub, two district hubs (hub-41 with soum-4101 and soum-4102, hub-42 with
/// soum-4201), three soum nodes, all `ReplicaStore`s on SQLite files. Each hub answers
/// through its own `HubRouter` in process; each node syncs with its district through its
/// `SyncClient`, each district with the national hub through its `DistrictSync` (its
/// offices' report, then the round), over a transport that loses requests and answers,
/// delivers a push twice or an old push first. Soums open and edit cases; districts and
/// the national hub edit them too (hub-authority fields, hub-only states); the national
/// hub moves cases between districts and each district between its own soums, while the
/// old soum may still be editing. At the end everything syncs without faults until
/// nothing changes, and:
/// - every replica holding a case now has it byte-identical to the national hub's copy;
///   an office or district it moved away from keeps a copy that knows it moved, covered by
///   the national one, and no replica ever holds a case none of its offices held;
/// - no write is lost: each is in the national copy, or a later write of the same field
///   had seen it (the writer's copy held it when it wrote);
/// - no honest push or pull was refused.
final class ThreeLevelSimulation: RequestCarrier, @unchecked Sendable {
    /// 0 the national hub, 1 and 2 the district hubs, 3 to 5 the soum nodes.
    static let names = ["hub-mn", "hub-41", "hub-42", "soum-4101", "soum-4102", "soum-4201"]
    static let parent = [-1, 0, 0, 1, 1, 2]
    static let districtOffices: [Int: Set<String>] = [1: ["soum-4101", "soum-4102"], 2: ["soum-4201"]]
    static let offices = ["soum-4101", "soum-4102", "soum-4201"]
    static let casesPerOffice = 3
    static let hubs = 0...2
    static let nodes = 3...5

    /// One write as it was made: its record, fields, dot, and what the writer's copy held.
    struct Write {
        let key: ReplicaStorage.RecordKey
        var fields: Set<String>
        let dot: Dot
        let context: VersionVector
    }

    struct Stats {
        var writes = 0, officeRefusals = 0, movedAwayRefusals = 0
        var nationalTransfers = 0, districtTransfers = 0, editsAtFormerOffice = 0
        var lostRequests = 0, lostAnswers = 0, duplicates = 0, stalePushes = 0, failedRounds = 0, rounds = 0
    }

    let seed: UInt64
    var rng: SplitMix64
    var faultRng: SplitMix64
    let directory = TemporaryDirectory(
        in: FileManager.default.isWritableFile(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : nil)
    let time = TrueTime()
    let stores: [ReplicaStore]
    var routers: [Int: HubRouter] = [:]
    var clients: [Int: SyncClient] = [:]
    var districts: [Int: DistrictSync] = [:]
    var writes: [Dot: Write] = [:]
    var casesCreated: [String: Int] = [:]
    var faults = true
    var pushLog: [(r: Int, request: HTTPRequest)] = []
    var problems: [String] = []
    var stats = Stats()
    private let lock = NSLock()

    init(seed: UInt64) throws {
        self.seed = seed
        rng = SplitMix64(seed: seed)
        faultRng = SplitMix64(seed: seed ^ 0x3_1E7E1)
        var stores: [ReplicaStore] = []
        for (r, name) in Self.names.enumerated() {
            let path = directory.path("\(name).db")
            stores.append(r < 3
                ? try Hub.create(path: path, id: rid(name))
                : try ReplicaStore.create(path: path, replica: rid(name), role: .node, office: name))
        }
        self.stores = stores
        let time = self.time
        for r in Self.hubs {
            routers[r] = HubRouter(sync: SyncRoutes(store: stores[r], now: { time.now }, compression: false), admin: AdminRoutes(store: stores[r]))
        }
        var configuration = SyncConfiguration()
        configuration.batchSize = Int.random(in: 1...4, using: &rng)
        configuration.maxAttempts = 3
        configuration.baseDelay = 0
        configuration.maxDelay = 0
        for r in 1...5 {
            let name = Self.names[r], above = stores[Self.parent[r]]
            let token = r < 3
                ? try DistrictRegistry(store: above).add(name, now: 1)
                : try OfficeRegistry(store: above).add(name, now: 1)
            let upstream = Upstream(url: URL(string: "http://127.0.0.1:9")!, token: token)
            try stores[r].setUpstream(upstream)
            let offset = Int64.random(in: -7_200_000...7_200_000, using: &rng)
            let client = SyncClient(store: stores[r], upstream: upstream, configuration: configuration,
                                    transport: InProcessTransport(simulation: self, r: r), now: { time.now + offset })
            clients[r] = client
            if r < 3 { districts[r] = DistrictSync(store: stores[r], client: client) }
        }
    }

    func records(_ r: Int) throws -> [Record] {
        try stores[r].read { try $0.records(collection: CaseFields.collection) }.map(\.record)
    }

    /// The offices replica `r` speaks for.
    static func scope(_ r: Int) -> Set<String> {
        r == 0 ? Set(offices) : r < 3 ? districtOffices[r]! : [names[r]]
    }

    // MARK: Writes

    /// A write at `r` through its store, entered in the ground truth with what the copy held.
    func write(_ changes: [String: String], to key: ReplicaStorage.RecordKey, office: String, at r: Int) {
        let store = stores[r]
        let now = time.now + Int64.random(in: -3_000...500, using: &rng)
        do {
            let (before, stored) = try store.transaction { tx in
                let before = try tx.load(key)?.record.vector ?? VersionVector()
                return (before, try tx.write(key, office: office, changes: changes, now: now))
            }
            let dot = Dot(replica: store.replica, counter: stored.record.vector[store.replica])
            writes[dot] = Write(key: key, fields: Set(changes.keys), dot: dot, context: before)
            stats.writes += 1
        } catch is WriteRules.Refusal where r >= 3 {
            stats.officeRefusals += 1
        } catch is MovedAway {
            stats.movedAwayRefusals += 1
        } catch {
            problems.append("\(store.replica)'s write \(changes) to \(key) failed: \(error)")
        }
    }

    func officeWrite(_ r: Int) throws {
        let office = Self.names[r]
        let copies = try records(r)
        let held = copies.filter { $0.currentOffice == office }
        if held.isEmpty || (casesCreated[office, default: 0] < Self.casesPerOffice && rng.chance(10)) {
            guard casesCreated[office, default: 0] < Self.casesPerOffice else { return }
            casesCreated[office, default: 0] += 1
            let id = CaseNumber.make(office: office, year: 2026, sequence: casesCreated[office]!)
            write(["name": "\(office)#new\(casesCreated[office]!)", "status": "draft", "doc_passport": "missing"],
                  to: ReplicaStorage.RecordKey(collection: CaseFields.collection, id: id), office: office, at: r)
            return
        }
        // Now and then a worker tries a case that has moved away: refused, read-only here.
        let moved = copies.filter { $0.currentOffice != office }
        let copy = !moved.isEmpty && rng.chance(10) ? moved.randomElement(using: &rng)! : held.randomElement(using: &rng)!
        var model = OfficeSimulation.Stats()
        var changes = OfficeSimulation.caseChanges(
            isHub: false, hubAuthorityPercent: 0, fresh: "\(office)#\(try stores[r].read { try $0.latestCounter() } + 1)",
            copy: copy, rng: &rng, stats: &model)
        // The case book never moves a case back from a state a hub set.
        if copy.entries("status").contains(where: { Oracle.hubOnlyStates.contains($0.value) }),
           let status = changes["status"], !Oracle.hubOnlyStates.contains(status) {
            changes["status"] = nil
        }
        guard !changes.isEmpty else { return }
        write(changes, to: ReplicaStorage.RecordKey(copy), office: copy.office, at: r)
    }

    /// A hub's edit of a case it serves.
    func hubWrite(_ r: Int) throws {
        let scope = Self.scope(r)
        guard let copy = try records(r).filter({ scope.contains($0.currentOffice) }).randomElement(using: &rng) else { return }
        var model = OfficeSimulation.Stats()
        let changes = OfficeSimulation.caseChanges(
            isHub: true, hubAuthorityPercent: 25, fresh: "\(Self.names[r])#\(try stores[r].read { try $0.latestCounter() } + 1)",
            copy: copy, rng: &rng, stats: &model)
        write(changes, to: ReplicaStorage.RecordKey(copy), office: copy.office, at: r)
    }

    /// The national hub moves a case to any other office; a district between its own.
    func transfer(_ r: Int) throws {
        let scope = Self.scope(r)
        guard let copy = try records(r).filter({ scope.contains($0.currentOffice) }).randomElement(using: &rng),
              let to = scope.subtracting([copy.currentOffice]).sorted().randomElement(using: &rng),
              let changes = Holding.transfer(copy, to: to) else { return }
        write(changes, to: ReplicaStorage.RecordKey(copy), office: copy.office, at: r)
        if r == 0 { stats.nationalTransfers += 1 } else { stats.districtTransfers += 1 }
    }

    /// Writes a replica made on its own (a hub's automatic closings, a node's acknowledgement
    /// of a decision), found after each step: what the copy held is its vector before them.
    func registerUnseenWrites() throws {
        for (r, store) in stores.enumerated() {
            for record in try records(r) {
                for entry in record.fields.values.joined() where entry.dot.replica == store.replica {
                    if var known = writes[entry.dot] {
                        known.fields.formUnion(record.fields.filter { $0.value.contains { $0.dot == entry.dot } }.keys)
                        writes[entry.dot] = known
                        continue
                    }
                    var counters = record.vector.counters
                    counters[store.replica] = entry.dot.counter - 1
                    let context = VersionVector(counters)
                    let fields = Set(record.fields.filter { $0.value.contains { $0.dot == entry.dot } }.keys)
                    writes[entry.dot] = Write(key: ReplicaStorage.RecordKey(record), fields: fields, dot: entry.dot, context: context)
                }
            }
        }
    }

    // MARK: The wire

    /// One request of replica `r` to the hub above it, perhaps with a fault.
    func carry(_ request: CurlClient.Request, from r: Int) throws -> CurlClient.Response {
        lock.lock()
        defer { lock.unlock() }
        let http = InProcessTransport.httpRequest(request)
        let router = routers[Self.parent[r]]!
        let roll = faults ? Int.random(in: 0..<100, using: &faultRng) : 100
        if roll < 6 {
            stats.lostRequests += 1
            throw TransportFailure(.cut, "the request was lost on the way (test fault)")
        }
        if http.path == SyncProtocol.pushPath, roll < 12, let old = pushLog.filter({ $0.r == r }).randomElement(using: &faultRng) {
            stats.stalePushes += 1
            _ = deliver(old.request, to: router, from: r, stale: true)
        }
        if http.path == SyncProtocol.pushPath { pushLog.append((r, http)) }
        let response = deliver(http, to: router, from: r, stale: false)
        if http.path == SyncProtocol.pushPath, (12..<20).contains(roll) {
            stats.duplicates += 1
            _ = deliver(http, to: router, from: r, stale: false)
        }
        if (20..<30).contains(roll) {
            stats.lostAnswers += 1
            throw TransportFailure(.cut, "the answer was lost on the way (test fault)")
        }
        return InProcessTransport.curlResponse(response, sent: http.body.count)
    }

    /// A request handed to a hub's router; a refused push or pull of an honest replica is a problem.
    func deliver(_ request: HTTPRequest, to router: HubRouter, from r: Int, stale: Bool) -> HTTPResponse {
        let (response, serverError) = HTTPResponse.answering(request, with: router.handle)
        if let serverError { problems.append("\(Self.names[Self.parent[r]]) answered \(Self.names[r]) with \(serverError)") }
        guard response.status == 200 else {
            if !(stale && response.status == 409) {
                problems.append("\(Self.names[Self.parent[r]]) answered \(Self.names[r])'s \(request.path) \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            }
            return response
        }
        if request.path == SyncProtocol.pushPath, let answer = try? SyncJSON.pushResponse(Data(response.body)) {
            for result in answer.results where result.outcome != .merged {
                problems.append("\(Self.names[Self.parent[r]]) refused \(result.collection)/\(result.id) of \(Self.names[r]): \(result.reason ?? "")")
            }
        }
        return response
    }

    // MARK: Running

    func sync(_ r: Int, pushOnly: Bool = false) async {
        do {
            if let district = districts[r] {
                _ = try await district.round()
            } else if pushOnly {
                _ = try await clients[r]!.pushPending()
            } else {
                _ = try await clients[r]!.syncRound()
            }
        } catch {
            stats.failedRounds += 1
            if !faults { problems.append("\(Self.names[r])'s sync failed without a fault: \(error)") }
        }
    }

    func step() async throws {
        time.millis.withLock { $0 += Int64.random(in: 0...2_000, using: &rng) }
        let node = Int.random(in: Self.nodes, using: &rng)
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<22: try officeWrite(node)
        case 22..<32: try hubWrite(Int.random(in: 1...2, using: &rng))
        case 32..<38: try hubWrite(0)
        case 38..<41: try transfer(0)
        case 41..<44: try transfer(Int.random(in: 1...2, using: &rng))
        case 44..<54: await sync(node, pushOnly: true)
        case 54..<76: await sync(node)
        case 76..<90: await sync(Int.random(in: 1...2, using: &rng))
        default: try officeWrite(node)
        }
        try registerUnseenWrites()
    }

    func snapshot() throws -> [[Record]] {
        try stores.indices.map { try records($0) }
    }

    /// `steps` random steps, then rounds without faults (soums, districts, soums) until
    /// nothing changes, at most 12.
    func run(steps: Int) async throws {
        for _ in 0..<steps { try await step() }
        faults = false
        for round in 1...12 {
            let before = try snapshot()
            for r in Array(Self.nodes).shuffled(using: &rng) { await sync(r) }
            for r in [1, 2].shuffled(using: &rng) { await sync(r) }
            for r in Array(Self.nodes).shuffled(using: &rng) { await sync(r) }
            try registerUnseenWrites()
            if try snapshot() == before {
                stats.rounds = round
                return
            }
        }
        problems.append("the network did not settle in 12 rounds")
    }

    /// Everything wrong after `run`; empty when right.
    func finalProblems() throws -> [String] {
        var found = problems
        for r in Self.hubs {
            stats.editsAtFormerOffice += try AuditLog(store: stores[r]).entries(limit: 10_000).filter { $0.action == "moved case edited" }.count
        }
        let national = Dictionary(uniqueKeysWithValues: try records(0).map { (ReplicaStorage.RecordKey($0), $0) })
        for r in 1...5 {
            let scope = Self.scope(r)
            let copies = Dictionary(uniqueKeysWithValues: try records(r).map { (ReplicaStorage.RecordKey($0), $0) })
            for (key, top) in national where scope.contains(top.currentOffice) {
                guard let copy = copies[key] else {
                    found.append("\(Self.names[r]) holds no copy of \(key), held by \(top.currentOffice)")
                    continue
                }
                if RecordJSON.encode(copy) != RecordJSON.encode(top) {
                    found.append("\(Self.names[r])'s copy of \(key) differs from the national hub's:\n  \(copy)\n  \(top)")
                }
            }
            for (key, copy) in copies {
                guard let top = national[key] else {
                    found.append("\(Self.names[r]) holds \(key), which the national hub does not")
                    continue
                }
                guard !scope.contains(top.currentOffice) else { continue }
                if top.holders.allSatisfy({ !scope.contains($0) }) {
                    found.append("\(Self.names[r]) holds \(key), which none of its offices ever held (held by \(top.holders))")
                }
                if scope.contains(copy.currentOffice) {
                    found.append("\(Self.names[r])'s copy of \(key) does not know it moved to \(top.currentOffice)")
                }
                if !copy.isCovered(by: top) {
                    found.append("\(Self.names[r])'s old copy of \(key) holds writes the national hub does not")
                }
            }
            let refused = try stores[r].read { try $0.database.scalarInt("SELECT count(*) FROM pull_refusals") } ?? 0
            if refused > 0 { found.append("\(Self.names[r]) refused \(refused) pulled records of an honest hub") }
        }
        for write in writes.values {
            guard let top = national[write.key] else {
                found.append("write \(write.dot) to \(write.key) never reached the national hub")
                continue
            }
            guard top.vector.covers(write.dot) else {
                found.append("write \(write.dot) to \(write.key) (\(write.fields.sorted())) never reached the national hub")
                continue
            }
            for field in write.fields where !top.entries(field).contains(where: { $0.dot == write.dot }) {
                let overwritten = writes.values.contains {
                    $0.key == write.key && $0.fields.contains(field) && $0.dot != write.dot && $0.context.covers(write.dot)
                }
                if !overwritten {
                    found.append("write \(write.dot) of \(write.key).\(field) is gone, and no write of \(field) had seen it")
                }
            }
        }
        return found
    }
}
