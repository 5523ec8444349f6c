import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel
import HalamjTestSupport

/// The fault-injection tests run one at a time: each starts servers and processes and
/// relies on short timeouts, so they should not compete with each other.
@Suite(.serialized) struct Faults {}

/// Settings read from the environment, so that a failing run can be replayed and a
/// long soak run from the script.
enum FaultSettings {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `HALAMJ_FAULT_ROUNDS`, default 30 (CI); `scripts/fault-soak.sh` runs 300.
    static var rounds: Int { environment["HALAMJ_FAULT_ROUNDS"].flatMap(Int.init).map { max(1, $0) } ?? 30 }

    /// `HALAMJ_FAULT_SEED`, else a fresh one (printed).
    static var seed: UInt64 {
        environment["HALAMJ_FAULT_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(Int64.max))
    }
}

extension Faults {
    /// Three soum nodes and the hub edit cases while every exchange between them goes
    /// through a proxy that drops, delays, cuts, resets and stalls connections by a
    /// seeded schedule. Rounds fail; nothing may be lost or duplicated. After the
    /// link heals and everything syncs until quiet, every copy is checked against the
    /// log of every write.
    @Suite struct FaultSoakTests {
        static let offices = ["soum-4305", "soum-4306", "soum-4307"]
        static let nodeFields = ["phone", "address", "note", "name"]
        static let hubFields = ["phone", "note", "reviewer"]
        static let service = Service.childCareAllowance

        @Test func syncRoundsThroughAFaultyLink_LoseNothing_AndDuplicateNothing() async throws {
            let seed = FaultSettings.seed
            let rounds = FaultSettings.rounds
            let replay = "replay: HALAMJ_FAULT_SEED=\(seed) HALAMJ_FAULT_ROUNDS=\(rounds) swift test --filter FaultSoakTests"
            print("fault soak: seed \(seed), \(rounds) rounds (\(replay))")
            do {
                try await soak(seed: seed, rounds: rounds, replay: replay)
            } catch {
                Issue.record("the soak stopped: \(error). \(replay)")
            }
        }

        func soak(seed: UInt64, rounds: Int, replay: String) async throws {
            let started = ContinuousClock.now
            var random = SplitMix64(seed: seed)

            let dir = TemporaryDirectory()
            let hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
            let registry = OfficeRegistry(store: hubStore)
            var configuration = HubConfiguration()
            configuration.port = 0
            let hub = Hub(store: hubStore, configuration: configuration)
            let hubPort = try hub.start()
            defer { hub.stop() }
            let proxy = try FaultProxy(upstreamPort: hubPort, schedule: FaultSchedule(seed: seed))
            defer { proxy.stop() }

            // Short timeouts and few tries, so that faults end rounds quickly.
            var faulty = SyncConfiguration()
            faulty.batchSize = 3
            faulty.maxAttempts = 2
            faulty.baseDelay = 0.01
            faulty.maxDelay = 0.05
            faulty.requestTimeout = 1
            var nodes: [ReplicaStore] = []
            var clients: [SyncClient] = []
            for office in Self.offices {
                let token = try registry.add(office, now: Clock.nowMillis())
                let store = try ReplicaStore.create(
                    path: dir.path("\(office).db"), replica: ReplicaID(office)!, role: .node, office: office)
                let upstream = Upstream(url: proxy.url, token: token)
                try store.setUpstream(upstream)
                nodes.append(store)
                clients.append(SyncClient(store: store, upstream: upstream, configuration: faulty))
            }

            var log = WriteLog()
            var opened: [String: Set<String>] = [:]
            let person = try RegisterNumber.parse("УБ99031212")
            func open(_ index: Int) throws {
                let store = nodes[index]
                let view = try CaseBook(store: store).open(
                    service: Self.service, registerNumber: person, name: log.uniqueValue(store.replica))
                let stored = try #require(try store.read { try $0.load(RecordKey(collection: CaseFields.collection, id: view.number)) })
                log.addOpened(stored.record)
                let fresh = opened[store.office!, default: []].insert(view.number).inserted
                #expect(fresh, "case number \(view.number) given twice")
            }
            for index in nodes.indices {
                for _ in 0..<2 { try open(index) }
            }

            var failedSyncs = 0
            var editedDuringSync = 0
            var failures: [String: Int] = [:]
            var rejections: [String] = []
            func note(_ error: any Error) {
                let kind: String
                switch error {
                case SyncError.unreachable(let why):
                    kind = "unreachable (" + why.replacing(/[0-9]+/, with: "N") + ")"
                case SyncError.badAnswer: kind = "bad answer"
                case SyncError.rejected(let status, let code, let message):
                    kind = "rejected \(status)"
                    rejections.append("\(status) \(code): \(message)")
                default: kind = "\(type(of: error))"
                }
                failures[kind, default: 0] += 1
                failedSyncs += 1
            }

            for _ in 0..<rounds {
                // The offices work.
                for index in nodes.indices {
                    if random.chance(40) { try open(index) }
                    let store = nodes[index]
                    let numbers = try CaseBook(store: store).list().map(\.number)
                    for _ in 0..<Int.random(in: 1...4, using: &random) {
                        guard let number = numbers.randomElement(using: &random) else { break }
                        try nodeEdit(store, number, &log, &random)
                    }
                }
                // The district works too, on cases of every office.
                let atHub = try CaseBook(store: hubStore).list().map(\.number)
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    guard let number = atHub.randomElement(using: &random) else { break }
                    try hubEdit(hubStore, number, &log, &random)
                }
                // Every office syncs through the bad link: one after another, or at
                // times all at once; and in some rounds people keep working meanwhile.
                let order = nodes.indices.shuffled(using: &random)
                let together = random.chance(25)
                let inOrder = order.map { clients[$0] }
                let syncing = Task { await Self.sync(inOrder, together: together) }
                if random.chance(30) {
                    for _ in 0..<4 {
                        try await Task.sleep(for: .milliseconds(Int.random(in: 2...30, using: &random)))
                        let store = nodes.randomElement(using: &random)!
                        if let number = try CaseBook(store: store).list().map(\.number).randomElement(using: &random) {
                            try nodeEdit(store, number, &log, &random)
                        }
                        if random.chance(30), let number = atHub.randomElement(using: &random) {
                            try hubEdit(hubStore, number, &log, &random)
                        }
                    }
                    editedDuringSync += 1
                }
                (await syncing.value).forEach(note)
            }

            // Heal the link and sync until a whole pass moves nothing (bounded).
            proxy.heal()
            var healthy = SyncConfiguration()
            healthy.batchSize = 50
            healthy.maxAttempts = 4
            healthy.baseDelay = 0.05
            healthy.requestTimeout = 20
            let healed = try nodes.map { SyncClient(store: $0, upstream: try $0.upstream()!, configuration: healthy) }
            var quiet = false
            for _ in 0..<8 where !quiet {
                quiet = true
                for (index, client) in healed.enumerated() {
                    do {
                        let report = try await client.syncRound()
                        if report.pushedRecords > 0 || report.pulledRecords > 0 { quiet = false }
                    } catch {
                        Issue.record("office \(Self.offices[index]) cannot sync over the healed link: \(error). \(replay)")
                        quiet = false
                    }
                }
            }
            #expect(quiet, "the offices and the hub did not settle within 8 passes over the healed link. \(replay)")

            // Check every copy.
            var lost = 0, duplicated = 0, unexpected = 0, diverged = 0
            var problems: [String] = []
            func problem(_ text: String) { if problems.count < 30 { problems.append(text) } }
            let hubRecords = Dictionary(
                try hubStore.read { try $0.records(collection: CaseFields.collection) }.map { ($0.record.id, $0.record) },
                uniquingKeysWith: { a, _ in a })
            for (index, store) in nodes.enumerated() {
                let office = Self.offices[index]
                let expectedNumbers = opened[office] ?? []
                let local = try store.read { try $0.records(collection: CaseFields.collection) }
                let atHub = hubRecords.values.filter { $0.office == office }
                let localNumbers = local.map(\.record.id)
                // Duplicates: a number twice, or more cases than were opened, anywhere.
                duplicated += localNumbers.count - Set(localNumbers).count
                duplicated += Set(localNumbers).subtracting(expectedNumbers).count
                duplicated += Set(atHub.map(\.id)).subtracting(expectedNumbers).count
                for number in expectedNumbers.subtracting(localNumbers) { lost += 1; problem("\(number) missing at \(office)") }
                for number in expectedNumbers.subtracting(atHub.map(\.id)) { lost += 1; problem("\(number) missing at the hub") }
                for stored in local {
                    if stored.record != hubRecords[stored.record.id] {
                        diverged += 1
                        problem("\(stored.record.id): the copy at \(office) differs from the hub's")
                    }
                }
                let status = try store.status()
                #expect(status.pendingCount == 0, "\(office) still has \(status.pendingCount) records to send. \(replay)")
                #expect(status.refused.isEmpty, "\(office): refused \(status.refused). \(replay)")
                let newest = atHub.isEmpty ? 0 : try hubStore.read { tx in
                    try atHub.compactMap { try tx.load(RecordKey($0))?.localSeq }.max() ?? 0
                }
                #expect(status.pulledThrough >= UInt64(newest), "\(office) pulled through \(status.pulledThrough), the hub's newest is \(newest). \(replay)")
            }
            // Every copy, the hub's and each office's, against the log of writes.
            var conflicts = 0
            func compare(_ record: Record, at place: String) {
                let number = record.id
                for dot in log.dots(of: number) where !record.vector.covers(dot) {
                    lost += 1
                    problem("\(number): write \(dot) never reached \(place)")
                }
                for field in log.fields(of: number).union(record.fields.keys) where !WriteLog.unloggedFields.contains(field) {
                    let expected = log.expectedEntries(number, field)
                    let actual = Set(record.entries(field).map(EntryName.init))
                    for missing in expected.subtracting(actual) {
                        lost += 1
                        problem("\(number).\(field) at \(place): \(missing) lost (holds \(actual.sorted { $0.dot < $1.dot }))")
                    }
                    for extra in actual.subtracting(expected) {
                        unexpected += 1
                        problem("\(number).\(field) at \(place): \(extra) should have been replaced (expected \(expected.sorted { $0.dot < $1.dot }))")
                    }
                }
            }
            for record in hubRecords.values {
                conflicts += record.fieldsWithSiblings.count
                compare(record, at: "the hub")
            }
            for store in nodes {
                for stored in try store.read({ try $0.records(collection: CaseFields.collection) }) {
                    compare(stored.record, at: store.replica.rawValue)
                }
            }

            let seconds = Double((ContinuousClock.now - started).components.seconds)
            let statistics = proxy.statistics
            let faults = statistics.counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
            print("fault soak: seed \(seed): \(statistics.exchanges) exchanges (\(faults)); \(editedDuringSync) rounds edited while syncing; \(failedSyncs) of \(rounds * nodes.count) syncs failed (\(failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))); \(hubRecords.count) cases, \(log.count) field writes, \(conflicts) open conflicts; \(Int(seconds)) s")
            print("fault soak: \(rounds) rounds, \(lost) lost, \(duplicated) duplicated")
            #expect(statistics.unframed == 0, "the proxy met requests it could not frame")
            #expect(rejections.isEmpty, "the hub refused syncs that only met a bad link: \(rejections.prefix(5)). \(replay)")
            #expect(lost == 0, "\(lost) writes lost: \(problems). \(replay)")
            #expect(duplicated == 0, "\(duplicated) cases duplicated: \(problems). \(replay)")
            #expect(unexpected == 0, "\(unexpected) replaced values came back: \(problems). \(replay)")
            #expect(diverged == 0, "\(diverged) cases differ between an office and the hub: \(problems). \(replay)")
            #expect(hubRecords.count == opened.values.map(\.count).reduce(0, +))
        }

        /// One sync round of each client, one after another or all at once; the errors.
        static func sync(_ clients: [SyncClient], together: Bool) async -> [any Error] {
            if !together {
                var errors: [any Error] = []
                for client in clients {
                    do { _ = try await client.syncRound() } catch { errors.append(error) }
                }
                return errors
            }
            return await withTaskGroup(of: (any Error)?.self) { group in
                for client in clients {
                    group.addTask {
                        do { _ = try await client.syncRound(); return nil } catch { return error }
                    }
                }
                var errors: [any Error] = []
                for await outcome in group { if let outcome { errors.append(outcome) } }
                return errors
            }
        }

        /// One edit at an office: fields, a document, or the submission.
        func nodeEdit(_ store: ReplicaStore, _ number: String, _ log: inout WriteLog, _ random: inout SplitMix64) throws {
            let roll = Int.random(in: 0..<100, using: &random)
            let documents = Checklists.documents(for: Self.service).map(\.field)
            if roll < 50 {
                var changes: [String: String] = [:]
                for _ in 0..<Int.random(in: 1...2, using: &random) {
                    changes[Self.nodeFields.randomElement(using: &random)!] = log.uniqueValue(store.replica)
                }
                try log.write(store, number) { _ in changes }
            } else if roll < 85 {
                let document = documents.randomElement(using: &random)!
                let value = random.chance(80) ? "received" : "missing"
                try log.write(store, number) { _ in [document: value] }
            } else {
                try log.write(store, number) { record in
                    guard record.value(CaseFields.status) == "draft",
                          Checklists.missing(for: Self.service, in: record.currentValues).isEmpty else { return nil }
                    return [CaseFields.status: "submitted", WorkflowFields.submittedOn: "2026-05-01"]
                }
            }
        }

        /// One edit at the hub: the next workflow step when there is one, else fields.
        func hubEdit(_ store: ReplicaStore, _ number: String, _ log: inout WriteLog, _ random: inout SplitMix64) throws {
            let decree = "А/\(log.uniqueValue(store.replica))"
            let approve = random.chance(70)
            let step = random.chance(60)
            let back = random.chance(25)
            var changes: [String: String] = [:]
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                changes[Self.hubFields.randomElement(using: &random)!] = log.uniqueValue(store.replica)
            }
            try log.write(store, number) { record in
                guard step else { return changes }
                switch record.value(CaseFields.status) {
                case "submitted":
                    // Received, or returned to the office for documents.
                    return [CaseFields.status: back ? "draft" : "received"]
                case "received":
                    let state = approve ? "approved" : "rejected"
                    return [
                        CaseFields.status: state, WorkflowFields.decision: state,
                        WorkflowFields.decreeNumber: decree, WorkflowFields.decreeDate: "2026-05-02",
                    ]
                default:
                    return changes
                }
            }
        }
    }
}
