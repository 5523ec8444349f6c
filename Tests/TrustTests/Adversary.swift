import Foundation
import Synchronization
import HalamjTestSupport
import ReplicaStorage
import CaseBooks
import SyncModel

/// Someone holding the token of office soum-4307 (and a copy of its node's database),
/// pushing whatever they like: forged writers, inflated counters, other offices' ids,
/// erased fields, hub fields, unknown collections, and random byte edits of real pushes.
/// Its own node keeps working beside it (it pulls what the attack left at the hub and
/// must never trap on it).
struct Adversary {
    static let office = "soum-4307"
    static let replica = ReplicaID(office)!
    static let victims = ["soum-4305", "soum-4306"]
    var rng: SplitMix64
    var incarnation = 0
    /// Records merged and refused, and whole pushes answered otherwise, over a run: the
    /// test prints it, to show the attacks reach the acceptance rule.
    static let tally = Mutex<[String: Int]>([:])

    /// One attack, then the attacker's own node syncs and works on what it holds.
    mutating func attack(_ world: World) throws {
        let node = world.nodes[Self.office]!
        if rng.chance(30) {
            let rd = try RegisterNumber.parse("ТА\(Int.random(in: 50...99, using: &rng))0101\(Int.random(in: 10...99, using: &rng))")
            let book = CaseBook(store: node)
            if rng.chance(20) {
                _ = try? PersonBook(store: node).add(rd, name: "Муу", now: world.now)
            } else if let opened = try? book.open(service: .elderlyAgeGift, registerNumber: rd, name: "Муу", now: world.now), rng.chance(60) {
                // Sometimes a whole application, so the district has something to decide.
                let documents = Set(Checklists.documents(for: .elderlyAgeGift).map(\.id))
                _ = try? book.markDocuments(opened.number, received: documents, now: world.now)
                _ = try? book.submit(opened.number, now: world.now)
            }
        }
        let copies = try candidates(world)
        var records: [Record] = []
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            guard var record = copies.randomElement(using: &rng) else { break }
            for _ in 0..<Int.random(in: 1...3, using: &rng) { record = mutate(record, world: world) }
            records.append(record)
        }
        let counter = try node.read { try $0.latestCounter() }
        let latest: UInt64 = switch Int.random(in: 0..<40, using: &rng) {
        case 0: UInt64.random(in: 0...UInt64(Int64.max), using: &rng)
        case 1..<5: counter + UInt64.random(in: 1...1_000, using: &rng)
        case 5..<8: counter / 2
        default: counter
        }
        // After a refusal as rewound, another incarnation's name starts the count afresh.
        let push = PushRequest(replica: incarnation == 0 ? Self.replica : ReplicaID("\(Self.office)_rx\(incarnation)")!,
                               deliveredThrough: latest, latestCounter: latest, pendingCount: records.count,
                               oldestPendingSeconds: 1, records: records)
        var body = Array(try JSONEncoder().encode(push))
        if rng.chance(15) { mutateBytes(&body) }
        let answer = world.send("POST", SyncProtocol.pushPath, office: Self.office, body: body)
        if answer.status == 409 { incarnation += 1 }
        if answer.status == 200, let response = try? SyncJSON.pushResponse(Data(answer.body)) {
            Self.tally.withLock { tally in
                for result in response.results { tally[result.outcome == .merged ? "merged" : "refused", default: 0] += 1 }
            }
        } else {
            Self.tally.withLock { $0["answered \(answer.status)", default: 0] += 1 }
        }
        if rng.chance(20) {
            _ = world.send("GET", "\(SyncProtocol.pullPath)?since=\(Int.random(in: 0...50, using: &rng))", office: Self.office)
        }
        try survive(world)
    }

    /// Records to start from: the attacker's own, the hub's copies of them (pulled with
    /// its token), and copies made up under the victims' ids, existing and next.
    mutating func candidates(_ world: World) throws -> [Record] {
        var copies = try world.nodes[Self.office]!.read { tx in
            try OfficeRecords.collections.sorted().flatMap { try tx.records(collection: $0) }.map(\.record)
        }
        let answer = world.send("GET", "\(SyncProtocol.pullPath)?since=0&limit=50", office: Self.office)
        if answer.status == 200, let pulled = try? SyncJSON.pullResponse(Data(answer.body)) { copies += pulled.records }
        for victim in Self.victims {
            let code = CaseNumber.officeCode(of: victim)
            let id = "\(code)-2026-\(String(format: "%06d", Int.random(in: 1...6, using: &rng)))"
            var made = Record(collection: "cases", id: id, office: rng.chance(50) ? victim : Self.office)
            made.write(["name": "squat"], dot: Dot(replica: Self.replica, counter: 1),
                       hlc: HLCTimestamp(wallMillis: world.now, logical: 0, replica: Self.replica))
            copies.append(made)
        }
        return copies
    }

    static let writers = ["hub-43", "hub-43_r1", "hub-9", "soum-4305", "soum-4306", "soum-4307", "soum-4307_rq1"].map { ReplicaID($0)! }
    static let fields = ["decision", "approved_amount", "decree_number", "payment", "status", "name", "address",
                         "doc_application", "deleted", "deleted_seen", "rd", "decision_delivered_for"]
    static let values = ["approved", "99999999", "A/999", "paid", "received", "draft", "submitted", "true", "x", "", "hub-43:999"]

    mutating func mutate(_ record: Record, world: World) -> Record {
        var fields = record.fields
        var vector = record.vector
        var collection = record.collection, id = record.id, office = record.office
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1: // a write by anyone, of anything, at any counter
            let writer = Self.writers.randomElement(using: &rng)!
            let counter: UInt64 = rng.chance(50) ? UInt64.random(in: 1...20, using: &rng) : UInt64.random(in: 1...UInt64(Int64.max), using: &rng)
            let entry = FieldEntry(value: Self.values.randomElement(using: &rng)!, dot: Dot(replica: writer, counter: counter),
                                   hlc: HLCTimestamp(wallMillis: world.now + Int64.random(in: -1_000_000...100_000_000, using: &rng), logical: 0, replica: writer))
            let field = Self.fields.randomElement(using: &rng)!
            fields[field] = rng.chance(50) ? [entry] : (fields[field] ?? []).filter { $0.dot != entry.dot } + [entry]
            vector.advance(writer, to: counter)
        case 2: // a vector claim
            vector.advance(Self.writers.randomElement(using: &rng)!, to: UInt64.random(in: 1...(rng.chance(50) ? 40 : UInt64(Int64.max)), using: &rng))
        case 3: // fields dropped, the vector kept
            for name in fields.keys.sorted() where rng.chance(50) { fields[name] = nil }
        case 4: // another office's name or ids
            office = Self.victims.randomElement(using: &rng)!
        case 5:
            id = rng.chance(50) ? "\(CaseNumber.officeCode(of: Self.victims.randomElement(using: &rng)!))-2026-000001" : id + "-x"
        case 6:
            collection = ["payments", "people", "cases", "comments", "events"].randomElement(using: &rng)!
        case 7 where rng.chance(30): // a field no Halamj writes, or a value past any form's
            let entry = FieldEntry(value: rng.chance(50) ? String(repeating: "я", count: 40_000) : "x",
                                   dot: Dot(replica: Self.replica, counter: UInt64.random(in: 1...30, using: &rng)),
                                   hlc: HLCTimestamp(wallMillis: world.now, logical: 0, replica: Self.replica))
            fields[["Bad Name", "id", "", "notes"].randomElement(using: &rng)!] = [entry]
        case 7, 8: // another value under a dot the record holds
            if let name = fields.keys.sorted().randomElement(using: &rng), let first = fields[name]?.first {
                fields[name] = [FieldEntry(value: first.value + "!", dot: first.dot, hlc: first.hlc)]
            }
        default: // a field moved under another name
            if let name = fields.keys.sorted().randomElement(using: &rng) {
                fields[Self.fields.randomElement(using: &rng)!] = fields[name]
                fields[name] = nil
            }
        }
        // Every entry covered by the vector, as any decodable copy has it.
        for entry in fields.values.flatMap({ $0 }) { vector.advance(entry.dot.replica, to: entry.dot.counter) }
        return Record(collection: collection, id: id, office: office, fields: fields, vector: vector)
    }

    mutating func mutateBytes(_ body: inout [UInt8]) {
        guard !body.isEmpty else { return }
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0..<body.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: body[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: if body[at] >= UInt8(ascii: "0") && body[at] <= UInt8(ascii: "8") { body[at] += 1 }
            default: body.insert(contentsOf: Array("9999999".utf8), at: at)
            }
        }
    }

    /// The attacker's node syncs and its worker uses every case it holds, as the
    /// command line and the web app would: nothing may trap.
    func survive(_ world: World) throws {
        try? world.sync(Self.office, tick: false)
        let book = CaseBook(store: world.nodes[Self.office]!)
        for view in try book.list() {
            _ = try? book.show(view.number)
            _ = try? book.checklist(view.number)
            _ = try? book.set(view.number, ["notes": "n"], now: world.now)
            _ = try? book.markDocuments(view.number, received: ["application"], now: world.now)
        }
        _ = try world.nodes[Self.office]!.status()
        _ = try PersonBook(store: world.nodes[Self.office]!).list()
    }
}
