import Foundation
import Synchronization
import HalamjHTTP
import HubServer
@testable import ReplicaStorage
@testable import HubClient
import SyncModel

/// One seeded run of issue 4's property through the real code (issue 16): hub-43 and the
/// four soum offices are `ReplicaStore`s on SQLite files; the hub answers pushes and pulls
/// through its `HubRouter` (in process, no sockets), and every node syncs through its own
/// `SyncClient` over a transport that may lose a request or its answer, deliver a push
/// twice, deliver an old push again first, or answer a pull with an old answer. Offices
/// and the hub edit the same fields of every policy (workflow, checklist flags, hub
/// authority, last writer wins, deletions); a person at the hub closes conflicts through
/// `ConflictReview`. At the end every office syncs until nothing changes, and the model's
/// own check (`Network.convergenceProblems`) is run on what the real stores hold, against
/// a ground truth kept here without the stores' vectors or merge.
///
/// No national hub: a hub above hubs needs issue 16's `SyncScope` (today a token is one
/// office's, and a district hub's push of other offices' records is refused).
final class StoreSimulation: RequestCarrier, @unchecked Sendable {
    static let offices = OfficeSimulation.offices
    static let hubID = rid(OfficeSimulation.hubName)
    static let casesPerOffice = OfficeSimulation.casesPerOffice

    struct Stats {
        var writes = 0, officeRefusals = 0, hubAuthorityRefusals = 0, hubOnlyStateRefusals = 0
        var resolutions = 0, pushes = 0, pulls = 0, statusLeftToTheHub = 0
        var lostRequests = 0, lostAnswers = 0, duplicates = 0, stalePushes = 0, stalePulls = 0, rewound = 0
        var failedRounds = 0, rounds = 0
        var openValueConflicts = 0, openDeletionConflicts = 0
        var closings: [Oracle.Policy: Int] = [:]
        var siblingsAtHub: [Oracle.Policy: Int] = [:]
        /// Deletions and restores drawn (`OfficeSimulation.caseChanges` counts them).
        var model = OfficeSimulation.Stats()
    }

    let seed: UInt64
    var rng: SplitMix64
    /// The transport's own generator, so that faults do not shift what the offices do.
    var faultRng: SplitMix64
    let directory = TemporaryDirectory(
        in: FileManager.default.isWritableFile(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : nil)
    let time = TrueTime()
    let hub: ReplicaStore
    let router: HubRouter
    let nodes: [ReplicaStore]
    var clients: [SyncClient] = []
    /// By replica index as in `truth`: 0 the hub, 1… the offices.
    let offsets: [Int64]
    /// The ground truth (writes, and what each write had seen) and, at the end, the copies.
    var truth: Network
    /// What each replica's copy of each record has taken in, kept beside the stores.
    var seen: [[RecordKey: Set<Dot>]]
    var faults = true
    /// Pushes as they were sent, with what their copies had seen, to deliver again later.
    var pushLog: [(r: Int, request: HTTPRequest, seen: [RecordKey: Set<Dot>])] = []
    /// Pull answers as they were given, with what their copies had seen.
    var pullLog: [(r: Int, response: HTTPResponse, seen: [RecordKey: Set<Dot>])] = []
    var casesCreated: [Int]
    var resolvedConflicts: Set<String> = []
    var problems: [String] = []
    var stats = Stats()
    private let lock = NSLock()

    init(seed: UInt64) throws {
        self.seed = seed
        rng = SplitMix64(seed: seed)
        faultRng = SplitMix64(seed: seed ^ 0xFA17_FA17)
        let year = OfficeSimulation.year
        offsets = [0] + [year, -year, -7_200_000, 0].shuffled(using: &rng)
        truth = Network(hub: OfficeSimulation.hubName, offices: Self.offices)
        seen = Array(repeating: [:], count: Self.offices.count + 1)
        casesCreated = Array(repeating: 0, count: Self.offices.count + 1)
        hub = try Hub.create(path: directory.path("hub.db"), id: Self.hubID)
        let time = self.time
        // Uncompressed answers: the transport hands bodies over as they are.
        router = HubRouter(sync: SyncRoutes(store: hub, now: { time.now }, compression: false), admin: AdminRoutes(store: hub))
        var nodes: [ReplicaStore] = []
        var tokens: [String] = []
        for office in Self.offices {
            tokens.append(try OfficeRegistry(store: hub).add(office, now: 1))
            nodes.append(try ReplicaStore.create(
                path: directory.path("\(office).db"), replica: rid(office), role: .node, office: office))
        }
        self.nodes = nodes
        var configuration = SyncConfiguration()
        // Small batches, so that rounds take several pushes and pulls (and checkpoints).
        configuration.batchSize = Int.random(in: 1...4, using: &rng)
        configuration.maxAttempts = 3
        configuration.baseDelay = 0
        configuration.maxDelay = 0
        for (i, node) in nodes.enumerated() {
            let upstream = Upstream(url: URL(string: "http://127.0.0.1:9")!, token: tokens[i])
            try node.setUpstream(upstream)
            let offset = offsets[i + 1]
            clients.append(SyncClient(
                store: node, upstream: upstream, configuration: configuration,
                transport: InProcessTransport(simulation: self, r: i + 1), now: { time.now + offset }))
        }
    }

    func store(_ r: Int) -> ReplicaStore { r == 0 ? hub : nodes[r - 1] }

    func records(_ r: Int) throws -> [Record] {
        try store(r).read { try $0.records(collection: CaseFields.collection) }.map(\.record)
    }

    // MARK: Ground truth

    /// Enters write `dot`, found in `record` as `r` stored it, into the ground truth.
    @discardableResult
    func register(_ dot: Dot, at r: Int, record: Record, kind: Network.Write.Kind) -> [String: String] {
        let key = RecordKey(record)
        var changes: [String: String] = [:]
        var stamp: HLCTimestamp?
        for (field, entries) in record.fields {
            if let entry = entries.first(where: { $0.dot == dot }) {
                changes[field] = entry.value
                stamp = entry.hlc
            }
        }
        guard let stamp else {
            problems.append("\(store(r).replica) wrote \(dot) (\(kind)) but \(key) does not hold it: \(record)")
            return [:]
        }
        truth.writes[dot] = Network.Write(
            key: key, dot: dot, hlc: stamp, changes: changes, seenBefore: seen[r][key] ?? [], kind: kind)
        for field in changes.keys { truth.dotsByField[key, default: [:]][field, default: []].insert(dot) }
        seen[r][key, default: []].insert(dot)
        stats.writes += 1
        return changes
    }

    /// The closings the policies ask of the hub for `key`, from the ground truth of what the
    /// hub's copy has seen (not from the copy).
    func expectedClosings(_ key: RecordKey) -> [String: String] {
        var closings: [String: String] = [:]
        let known = seen[0][key] ?? []
        for (field, dots) in truth.dotsByField[key] ?? [:] {
            let entries = truth.expectedEntries(dots.intersection(known), field: field)
            guard entries.count > 1 else { continue }
            let policy = Oracle.policy(collection: key.collection, field: field)
            stats.siblingsAtHub[policy, default: 0] += 1
            guard policy.closedByHub, Set(entries.map(\.value)).count > 1 else { continue }
            closings[field] = Oracle.winner(entries, policy: policy)!.value
        }
        return closings
    }

    // MARK: Writes

    /// A write at replica `r` through the store, checked against the oracle's idea of who
    /// may write what.
    func attempt(_ changes: [String: String], to key: RecordKey, office: String, at r: Int) {
        let store = store(r)
        let exists = (try? store.read { try $0.load(ReplicaStorage.RecordKey(collection: key.collection, id: key.id)) }) != nil
        let allowed = r == 0
            ? Oracle.hubMayWrite(collection: key.collection, recordExists: exists)
            : Oracle.officeMayWrite(collection: key.collection, changes: changes, recordExists: exists)
        let now = time.now + offsets[r] + Int64.random(in: -3_000...500, using: &rng)
        do {
            let stored = try store.transaction { tx in
                try tx.write(ReplicaStorage.RecordKey(collection: key.collection, id: key.id), office: office, changes: changes, now: now)
            }
            let written = register(Dot(replica: store.replica, counter: stored.record.vector[store.replica]), at: r,
                                   record: stored.record, kind: .edit)
            if written != changes { problems.append("\(store.replica) was asked to write \(changes) to \(key) and wrote \(written)") }
            if !allowed { problems.append("WriteRules let \(store.replica) write \(changes) to \(key); DESIGN §4 forbids it") }
        } catch is WriteRules.Refusal where !allowed {
            if r != 0 { stats.officeRefusals += 1 }
            if changes.keys.contains(where: Oracle.hubAuthorityFields.contains) {
                stats.hubAuthorityRefusals += 1
            } else {
                stats.hubOnlyStateRefusals += 1
            }
        } catch {
            problems.append("\(store.replica)'s write \(changes) to \(key) failed: \(error)")
        }
    }

    func officeWrite(_ r: Int) throws {
        let office = Self.offices[r - 1]
        let held = try records(r)
        if held.isEmpty || (casesCreated[r] < Self.casesPerOffice && rng.chance(8)) {
            guard casesCreated[r] < Self.casesPerOffice else { return }
            casesCreated[r] += 1
            let id = CaseNumber.make(office: office, year: 2026, sequence: casesCreated[r])
            attempt(["name": "\(office)#new\(casesCreated[r])", "status": "draft", "doc_passport": "missing", "doc_photo": "missing"],
                    to: RecordKey(CaseFields.collection, id), office: office, at: r)
        } else {
            let copy = held.randomElement(using: &rng)!
            let fresh = "\(office)#\(try store(r).read { try $0.latestCounter() } + 1)"
            var changes = OfficeSimulation.caseChanges(
                isHub: false, hubAuthorityPercent: 0, fresh: fresh, copy: copy, rng: &rng, stats: &stats.model)
            // The office's case book never moves a case back from a state the hub set (the
            // hub refuses a copy that would, docs/protocol.md); the model lets it.
            if copy.entries("status").contains(where: { Oracle.hubOnlyStates.contains($0.value) }),
               let status = changes["status"], !Oracle.hubOnlyStates.contains(status) {
                changes["status"] = nil
                stats.statusLeftToTheHub += 1
                if changes.isEmpty { return }
            }
            attempt(changes, to: RecordKey(copy), office: office, at: r)
        }
    }

    func hubWrite() throws {
        guard let copy = try records(0).randomElement(using: &rng) else { return }
        let fresh = "\(Self.hubID)#\(try hub.read { try $0.latestCounter() } + 1)"
        let changes = OfficeSimulation.caseChanges(
            isHub: true, hubAuthorityPercent: 25, fresh: fresh, copy: copy, rng: &rng, stats: &stats.model)
        attempt(changes, to: RecordKey(copy), office: copy.office, at: 0)
    }

    /// A person at the hub closes one open conflict through `ConflictReview`.
    func resolve() throws {
        let review = ConflictReview(store: hub)
        guard let conflict = try review.open().randomElement(using: &rng) else { return }
        let choice: ConflictReview.Choice
        if conflict.kind == .deletion {
            choice = rng.chance(50) ? .winner : .other
        } else if conflict.field == Record.tombstoneField {
            choice = .winner
        } else if rng.chance(80) {
            choice = .writtenBy(conflict.values.randomElement(using: &rng)!.replica)
        } else {
            choice = .value("\(Self.hubID)#typed\(stats.resolutions)")
        }
        let before = try hub.read { try $0.latestCounter() }
        do {
            _ = try review.resolve(conflict.id, choice, by: "test", now: time.now)
        } catch {
            problems.append("resolving \(conflict.id) with \(choice) failed: \(error)")
            return
        }
        let key = RecordKey(conflict.collection, conflict.record)
        guard let after = try hub.read({ try $0.load(ReplicaStorage.RecordKey(collection: key.collection, id: key.id)) })?.record else { return }
        register(Dot(replica: Self.hubID, counter: before + 1), at: 0, record: after, kind: .resolution)
        stats.resolutions += 1
        resolvedConflicts.insert(conflict.id)
        if after.openConflicts.contains(where: { $0.id == conflict.id }) {
            problems.append("the hub resolved \(conflict.id) on \(key) with \(choice) but it is still open")
        }
    }

    // MARK: The wire

    /// What `r` sends for the copies in a push body: what its copies have seen.
    func seenSent(in body: [UInt8], by r: Int) -> [RecordKey: Set<Dot>] {
        guard let push = try? SyncJSON.pushRequest(body) else { return [:] }
        var result: [RecordKey: Set<Dot>] = [:]
        for record in push.records { result[RecordKey(record)] = seen[r][RecordKey(record)] ?? [] }
        return result
    }

    /// A push handed to the router; the hub's merges and closings entered in the ground truth.
    func deliverPush(_ request: HTTPRequest, seen sent: [RecordKey: Set<Dot>], stale: Bool) -> HTTPResponse {
        let before = (try? hub.read { try $0.latestCounter() }) ?? 0
        let (response, serverError) = HTTPResponse.answering(request, with: router.handle)
        if let serverError { problems.append("the hub answered a push with \(serverError)") }
        stats.pushes += 1
        guard response.status == 200 else {
            if response.status == 409 { stats.rewound += 1 }
            if !stale || response.status != 409 {
                problems.append("the hub answered a\(stale ? " stale" : "") push \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            }
            return response
        }
        guard let answer = try? SyncJSON.pushResponse(Data(response.body)),
              let after = try? hub.read({ try $0.latestCounter() }) else {
            problems.append("unreadable push answer")
            return response
        }
        var unexplained = Set((before + 1)..<(after + 1))
        for result in answer.results {
            let key = RecordKey(result.collection, result.id)
            guard result.outcome == .merged else {
                problems.append("the hub refused \(key) of an honest office: \(result.reason ?? "")")
                continue
            }
            seen[0][key, default: []].formUnion(sent[key] ?? [])
            let expected = expectedClosings(key)
            guard let record = try? hub.read({ try $0.load(ReplicaStorage.RecordKey(collection: key.collection, id: key.id)) })?.record else {
                problems.append("the hub merged \(key) but holds no copy")
                continue
            }
            let closings = Set(record.fields.values.joined().map(\.dot).filter { $0.replica == Self.hubID && unexplained.contains($0.counter) })
            var closed: [String: String] = [:]
            for dot in closings {
                unexplained.remove(dot.counter)
                closed.merge(register(dot, at: 0, record: record, kind: .automaticClosing)) { $1 }
            }
            if closed != expected {
                problems.append("the hub closed \(key) with \(closed.sorted { $0.key < $1.key }), the policies say \(expected.sorted { $0.key < $1.key })")
            }
            for field in closed.keys { stats.closings[Oracle.policy(collection: key.collection, field: field), default: 0] += 1 }
        }
        if !unexplained.isEmpty { problems.append("the hub made writes \(unexplained.sorted()) on no pushed record") }
        return response
    }

    /// A pull handed to the router, with what the copies in its answer have seen.
    func deliverPull(_ request: HTTPRequest) -> (HTTPResponse, [RecordKey: Set<Dot>]) {
        let (response, serverError) = HTTPResponse.answering(request, with: router.handle)
        if let serverError { problems.append("the hub answered a pull with \(serverError)") }
        stats.pulls += 1
        guard response.status == 200, let pull = try? SyncJSON.pullResponseKeepingBodies(Data(response.body)).0 else {
            problems.append("the hub answered a pull \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            return (response, [:])
        }
        var sent: [RecordKey: Set<Dot>] = [:]
        for record in pull.records { sent[RecordKey(record)] = seen[0][RecordKey(record)] ?? [] }
        return (response, sent)
    }

    /// One request of node `r`, carried to the hub's router and back, perhaps with a fault.
    func carry(_ request: CurlClient.Request, from r: Int) throws -> CurlClient.Response {
        lock.lock()
        defer { lock.unlock() }
        let http = InProcessTransport.httpRequest(request)
        let roll = faults ? Int.random(in: 0..<100, using: &faultRng) : 100
        if roll < 6 {
            stats.lostRequests += 1
            throw TransportFailure(.cut, "the request was lost on the way (test fault)")
        }
        let response: HTTPResponse
        if http.path == SyncProtocol.pushPath {
            let sent = seenSent(in: http.body, by: r)
            if roll < 12, let old = pushLog.filter({ $0.r == r }).randomElement(using: &faultRng) {
                // An old batch of this office arrives late, before this one.
                stats.stalePushes += 1
                _ = deliverPush(old.request, seen: old.seen, stale: true)
            }
            pushLog.append((r, http, sent))
            response = deliverPush(http, seen: sent, stale: false)
            if (12..<20).contains(roll) {
                stats.duplicates += 1
                _ = deliverPush(http, seen: sent, stale: false)
            }
        } else {
            if roll < 12, let old = pullLog.filter({ $0.r == r }).randomElement(using: &faultRng) {
                // An old answer arrives instead of this one's.
                stats.stalePulls += 1
                for (key, dots) in old.seen { seen[r][key, default: []].formUnion(dots) }
                return InProcessTransport.curlResponse(old.response, sent: http.body.count)
            }
            let (answer, sent) = deliverPull(http)
            pullLog.append((r, answer, sent))
            if (20..<30).contains(roll) {
                stats.lostAnswers += 1
                throw TransportFailure(.cut, "the answer was lost on the way (test fault)")
            }
            for (key, dots) in sent { seen[r][key, default: []].formUnion(dots) }
            return InProcessTransport.curlResponse(answer, sent: http.body.count)
        }
        if (20..<30).contains(roll) {
            stats.lostAnswers += 1
            throw TransportFailure(.cut, "the answer was lost on the way (test fault)")
        }
        return InProcessTransport.curlResponse(response, sent: http.body.count)
    }


    // MARK: Running

    func sync(_ r: Int, pushOnly: Bool = false) async {
        do {
            if pushOnly { _ = try await clients[r - 1].pushPending() } else { _ = try await clients[r - 1].syncRound() }
        } catch {
            stats.failedRounds += 1
            if !faults { problems.append("\(Self.offices[r - 1])'s sync failed without a fault: \(error)") }
        }
    }

    func step() async throws {
        time.millis.withLock { $0 += Int64.random(in: 0...2_000, using: &rng) }
        let office = Int.random(in: 1...Self.offices.count, using: &rng)
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<44: if rng.chance(72) { try officeWrite(office) } else { try hubWrite() }
        case 44..<56: await sync(office, pushOnly: true)
        case 56..<82: await sync(office)
        case 82..<90: try resolve()
        default: try officeWrite(office)
        }
    }

    /// Every record every store holds, to see when syncing changes nothing.
    func snapshot() throws -> [[Record]] {
        try (0...Self.offices.count).map { try records($0) }
    }

    /// Runs `steps` random steps, then rounds without faults until nothing changes (at most 10).
    func run(steps: Int) async throws {
        for _ in 0..<steps { try await step() }
        faults = false
        var settled = false
        for round in 1...10 {
            let before = try snapshot()
            for r in Array(1...Self.offices.count).shuffled(using: &rng) { await sync(r) }
            if try snapshot() == before {
                stats.rounds = round
                settled = true
                break
            }
        }
        guard settled else {
            problems.append("the offices did not settle in 10 sync rounds")
            return
        }
        // Once settled, old batches delivered again change nothing.
        let settledState = try snapshot()
        for old in pushLog.shuffled(using: &rng).prefix(20) { _ = deliverPush(old.request, seen: old.seen, stale: true) }
        if try snapshot() != settledState { problems.append("an old push delivered again changed a settled network") }
    }

    /// Everything wrong after `run`; empty when right.
    func finalProblems() throws -> [String] {
        for r in 0...Self.offices.count {
            let copies = try records(r).map { record in
                (RecordKey(record), Network.Copy(record: record, seen: seen[r][RecordKey(record)] ?? []))
            }
            truth.replicas[r].copies = Dictionary(uniqueKeysWithValues: copies)
        }
        var found = problems + truth.convergenceProblems()
        for (i, node) in nodes.enumerated() {
            let refused = try node.read { try $0.database.scalarInt("SELECT count(*) FROM pull_refusals") } ?? 0
            if refused > 0 { found.append("\(Self.offices[i]) refused \(refused) pulled records of an honest hub") }
        }
        for record in try records(0) {
            let conflicts = record.openConflicts
            stats.openValueConflicts += conflicts.filter { $0.kind == .values }.count
            stats.openDeletionConflicts += conflicts.filter { $0.kind == .deletion }.count
            for conflict in conflicts where resolvedConflicts.contains(conflict.id) {
                found.append("conflict \(conflict.id) on \(record.collection)/\(record.id) was resolved by a person but is open again")
            }
            if let refusal = WriteRules.check(pushed: record) {
                found.append("the settled copy of \(record.collection)/\(record.id) would be refused if pushed: \(refusal)")
            }
        }
        return found
    }
}
