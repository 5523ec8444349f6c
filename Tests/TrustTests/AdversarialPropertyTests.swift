import Foundation
import Testing
import HalamjTestSupport
import HubServer
import ReplicaStorage
import SyncModel

/// Issue 13's property: honest offices and the district work while one office's token
/// is in hostile hands. Afterwards every honest replica holds exactly what it would hold
/// had the attacker never existed, the attacker's office holds nothing but its own
/// writes (and the hub's automatic closings), and nothing crashed or answered 5xx.
///
/// 1,000 seeds by default; `HALAMJ_TRUST_SEEDS=n` for more, `HALAMJ_TRUST_SEED=s` to
/// replay one (a failure prints it).
@Suite struct AdversarialPropertyTests {
    static let honestOffices = Adversary.victims
    static let steps = 24

    static var seeds: [UInt64] {
        let env = ProcessInfo.processInfo.environment
        if let one = env["HALAMJ_TRUST_SEED"].flatMap({ UInt64($0) }) { return [one] }
        let count = env["HALAMJ_TRUST_SEEDS"].flatMap { Int($0) } ?? 1_000
        return (0..<UInt64(count)).map { $0 &* 0x9E37_79B9 &+ 13 }
    }

    /// What a replica holds of the honest offices' records, in a form that does not
    /// depend on the hub's own counter or clock (the attacker's accepted writes may move
    /// both): each field's values with who wrote them ("hub" for the hub), its current
    /// value, and the offices' vector entries.
    static func snapshot(_ store: ReplicaStore, offices: Set<String>) throws -> [String: String] {
        var result: [String: String] = [:]
        for collection in OfficeRecords.collections.sorted() {
            for stored in try store.read({ try $0.records(collection: collection) }) where offices.contains(stored.record.office) {
                let record = stored.record
                var lines = ["office=\(record.office)"]
                for (field, entries) in record.fields.sorted(by: { $0.key < $1.key }) {
                    let values = entries.map { "\($0.value)@\($0.dot.replica.isHub ? "hub" : "\($0.dot.replica):\($0.dot.counter)")" }.sorted()
                    lines.append("\(field)=\(record.value(field) ?? "") \(values)")
                }
                lines.append("vector=" + record.vector.counters.filter { !$0.key.isHub }.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ","))
                result["\(collection)/\(record.id)"] = lines.joined(separator: "\n")
            }
        }
        return result
    }

    struct Outcome {
        var hub: [String: String]
        var nodes: [String: [String: String]]
        /// What the district's own writes on the attacker's cases suffered.
        var district: [String]
    }

    /// Runs the seed's honest work, with the attacker between steps when `attacked`.
    static func run(seed: UInt64, attacked: Bool) throws -> (Outcome, World) {
        let world = try World(offices: honestOffices + [Adversary.office])
        var honest = SplitMix64(seed: seed)
        var adversary = Adversary(rng: SplitMix64(seed: seed ^ 0xA77AC4))
        let script = HonestStep.script(seed: seed &+ 1, offices: honestOffices, length: steps)
        var district = DistrictOnTheAttackersCases()
        for step in script {
            if attacked {
                for _ in 0..<Int.random(in: 0...2, using: &adversary.rng) {
                    try adversary.attack(world)
                    district.act(world, rng: &adversary.rng)
                }
            }
            try step.run(in: world, rng: &honest)
        }
        // Quiescence: every honest office syncs until nothing moves.
        for _ in 0..<2 { for office in honestOffices { try world.sync(office) } }
        let offices = Set(honestOffices)
        var nodes: [String: [String: String]] = [:]
        for office in honestOffices { nodes[office] = try snapshot(world.nodes[office]!, offices: offices) }
        return (Outcome(hub: try snapshot(world.hub, offices: offices), nodes: nodes, district: try district.check(world)), world)
    }

    @Test func honestReplicas_AreAsIfTheAttackerNeverExisted() throws {
        var failures: [String] = []
        for seed in Self.seeds {
            let replay = "replay: HALAMJ_TRUST_SEED=\(seed) swift test --filter AdversarialPropertyTests"
            do {
                let (clean, _) = try Self.run(seed: seed, attacked: false)
                let (attacked, world) = try Self.run(seed: seed, attacked: true)
                var problems: [String] = []
                if attacked.hub != clean.hub { problems.append(Self.difference("hub", clean.hub, attacked.hub)) }
                for office in Self.honestOffices where attacked.nodes[office] != clean.nodes[office] {
                    problems.append(Self.difference(office, clean.nodes[office]!, attacked.nodes[office]!))
                }
                for office in Self.honestOffices {
                    let refused = try world.nodes[office]!.status().refusedFromHub
                    if !refused.isEmpty { problems.append("\(office) refused what the hub sent: \(refused)") }
                    if attacked.nodes[office] != attacked.hub.filter({ $0.value.hasPrefix("office=\(office)\n") }) {
                        problems.append("\(office) and the hub differ after quiescence")
                    }
                }
                problems += try Self.attackerHoldsOnlyItsOwn(world)
                problems += attacked.district
                problems += try WorkerPages.visitAll(world.nodes[Adversary.office]!, now: world.now)
                problems += world.serverErrors.withLock { $0 }
                if !problems.isEmpty { failures.append("seed \(seed): " + problems.joined(separator: "\n") + "\n" + replay) }
            } catch {
                failures.append("seed \(seed): \(error)\n\(replay)")
            }
            if failures.count >= 3 { break }
        }
        print("adversary, \(Self.seeds.count) seeds: " + Adversary.tally.withLock { $0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n\n"))")
    }

    /// The attacker's records at the hub: every write is its office's own or the
    /// district's; hub fields only by the district; ids and shapes as offices make them.
    static func attackerHoldsOnlyItsOwn(_ world: World) throws -> [String] {
        var problems: [String] = []
        let bodies = try world.hub.read { tx in
            try tx.database.query("SELECT collection, id, office, body FROM records") { ($0.text(0), $0.text(1), $0.text(2), $0.blob(3)) }
        }
        for (collection, id, office, body) in bodies {
            guard let record = try? SyncJSON.record(body) else {
                problems.append("the hub's copy of \(collection)/\(id) does not decode")
                continue
            }
            guard OfficeRecords.collections.contains(collection) else {
                problems.append("the hub holds \(collection)/\(id), a collection no office writes")
                continue
            }
            guard office == Adversary.office else { continue }
            if let reason = OfficeRecords.shapeRefusal(record) {
                problems.append("the hub holds \(collection)/\(id) in a shape Halamj never writes: \(reason)")
            }
            guard OfficeRecords.creationRefusal(collection: collection, id: id, office: office) == nil else {
                problems.append("the attacker holds \(collection)/\(id), not an id of its numbering")
                continue
            }
            for (field, entries) in record.fields {
                let policy = FieldPolicies.policy(collection: collection, field: field)
                for entry in entries {
                    let writer = entry.dot.replica
                    let own = ReplicaLineage.base(of: writer.rawValue) == Adversary.office
                    let district = writer == World.hubID
                    if !own && !district { problems.append("\(collection)/\(id) holds \(field)=\(entry.value) by \(writer)") }
                    if policy == .hubAuthority && !district { problems.append("\(collection)/\(id) holds hub field \(field)=\(entry.value) by \(writer)") }
                }
            }
        }
        return problems
    }

    static func difference(_ replica: String, _ clean: [String: String], _ attacked: [String: String]) -> String {
        for key in Set(clean.keys).union(attacked.keys).sorted() where clean[key] != attacked[key] {
            return "\(replica) differs at \(key):\n  without the attacker: \(clean[key] ?? "nothing")\n  with it: \(attacked[key] ?? "nothing")"
        }
        return "\(replica) differs"
    }
}
