import Foundation
import HalamjTestSupport
import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// The district keeps working on the attacker's office's cases too (edits, decisions),
/// so the test sees what the attack does to the district's own writes there: the
/// office may overwrite an edit it has seen, but never make a decision, a hub-only
/// state or a field of the district's vanish, nor leave the district unable to write.
struct DistrictOnTheAttackersCases {
    /// By case: the hub-authority and status values the district last wrote.
    var decided: [String: [String: String]] = [:]
    /// Case/field pairs the district wrote an ordinary field of.
    var edited: Set<[String]> = []
    var problems: [String] = []

    /// The papers the district brings with an approval of this case's service.
    static func districtPapers(_ view: CaseView) -> [String] {
        Service(rawValue: view.service ?? "").map { Checklists.documents(for: $0, stage: .district).map(\.id) } ?? []
    }

    mutating func act(_ world: World, rng: inout SplitMix64) {
        let book = CaseBook(store: world.hub)
        guard let cases = try? book.list(office: Adversary.office), !cases.isEmpty else { return }
        let view = cases[Int.random(in: 0..<cases.count, using: &rng)]
        do {
            if rng.chance(50) {
                _ = try book.set(view.number, ["notes": "district-\(Int.random(in: 0...99, using: &rng))"], now: world.now)
                edited.insert([view.number, "notes"])
            } else if view.status == "submitted" || view.status == "received" {
                let decided = try book.decide(view.number, approve: true, decree: "D/\(Int.random(in: 1...99, using: &rng))",
                                              date: CivilDate.fromMillis(world.now), amount: 50_000, reason: nil,
                                              received: Self.districtPapers(view), now: world.now)
                var values: [String: String] = [:]
                for field in FieldPolicies.caseFields.keys where decided.values[field] != nil { values[field] = decided.values[field] }
                self.decided[view.number] = values
            } else if view.status == "approved" {
                let moved = try book.move(view.number, to: "paid", now: world.now)
                decided[view.number, default: [:]][CaseFields.status] = moved.values[CaseFields.status]
            }
        } catch let error as WriteBeyondCounter {
            problems.append("the district could not write \(view.number): \(error)")
        } catch {
            // A move the workflow refuses, a case the attacker deleted: not the point here.
        }
    }

    /// What must hold at the end of an attacked run.
    func check(_ world: World) throws -> [String] {
        var problems = self.problems
        for (number, values) in decided {
            guard let record = try world.hub.read({ try $0.load(RecordKey(collection: CaseFields.collection, id: number)) })?.record else {
                problems.append("\(number), decided by the district, is gone")
                continue
            }
            for (field, value) in values where record.value(field) != value {
                problems.append("\(number): the district wrote \(field)=\(value), the hub shows \(record.value(field) ?? "nothing")")
            }
        }
        for pair in edited {
            let record = try world.hub.read { try $0.load(RecordKey(collection: CaseFields.collection, id: pair[0])) }?.record
            if record?.entries(pair[1]).isEmpty != false {
                problems.append("\(pair[0]): the district's \(pair[1]) vanished")
            }
        }
        // Every write of an office's replicas that the hub holds is within the counter the
        // hub records for that replica (what `replica-rewound` and `office reset` rely on).
        let recorded = try world.hub.read { tx in
            try tx.database.query("SELECT office, replica, latest_counter FROM office_replicas") { ($0.text(0), $0.text(1), UInt64($0.int(2))) }
        }
        var limits: [String: [ReplicaID: UInt64]] = [:]
        for (office, replica, counter) in recorded { limits[office, default: [:]][ReplicaID(replica)!] = counter }
        for office in try OfficeRegistry(store: world.hub).list() {
            for collection in OfficeRecords.collections.sorted() {
                for stored in try world.hub.read({ try $0.records(collection: collection, office: office.id) }) {
                    for (replica, counter) in stored.record.vector.counters
                    where ReplicaLineage.base(of: replica.rawValue) == office.id && counter > limits[office.id]?[replica] ?? 0 {
                        problems.append("\(collection)/\(stored.record.id) holds writes of \(replica) up to \(counter), past the \(limits[office.id]?[replica] ?? 0) the hub records")
                    }
                }
            }
        }
        return problems
    }
}
