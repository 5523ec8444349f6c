import SyncModel

/// One seeded run of issue 4's property: hub-43, four soum offices (soum-4301…4304)
/// and, on even seeds, a national hub above hub-43. Offices and hubs make random
/// edits of random fields under every policy; batches of copies travel in random
/// order, some duplicated, dropped, or delivered again long after. Some office clocks
/// run a year ahead or behind. At the end, sync rounds run until nothing changes and
/// `Network.convergenceProblems()` compares every replica with the others and with
/// the ground truth.
struct OfficeSimulation {
    static let offices = ["soum-4301", "soum-4302", "soum-4303", "soum-4304"]
    static let hubName = "hub-43"
    static let nationalName = "hub-national"
    static let year: Int64 = 365 * 86_400_000
    static let casesPerOffice = 3
    static let eventsPerOffice = 3
    static let lastWriterWinsFields = ["name", "phone", "address"]
    static let flags = ["doc_passport", "doc_photo"]
    /// A few shared values, so siblings sometimes agree (no conflict to review).
    static let commonValues = ["Бат", "Сүхээ", "99112233"]

    struct Message {
        let from: Int
        let to: Int
        let copies: [Network.Copy]
    }

    /// What the run did, for the statistics that show it exercised what it claims to.
    struct Stats {
        var officeRefusals = 0, hubAuthorityRefusals = 0, hubOnlyStateRefusals = 0, eventEditRefusals = 0
        var deletions = 0, restores = 0, resolutions = 0, eventsCreated = 0
        var duplicates = 0, dropped = 0, stale = 0
        var openValueConflicts = 0, openDeletionConflicts = 0, agreeingSiblings = 0
        var rounds = 0
    }

    let seed: UInt64
    let hasNational: Bool
    var rng: SplitMix64
    var net: Network
    var inFlight: [Message] = []
    var delivered: [Message] = []
    var dropped: [Message] = []
    var casesCreated: [String: Int] = [:]
    var eventsCreated: [String: Int] = [:]
    /// Conflicts a person closed at a hub: none may be open at the end.
    var resolvedConflicts: Set<String> = []
    var problems: [String] = []
    var stats = Stats()

    init(seed: UInt64, recordHistory: Bool = false) {
        self.seed = seed
        rng = SplitMix64(seed: seed)
        hasNational = seed % 2 == 0
        // Clocks: one office a year ahead, one a year behind, one two hours behind,
        // one right; which is which depends on the seed.
        let offsets: [Int64] = [Self.year, -Self.year, -7_200_000, 0].shuffled(using: &rng)
        net = Network(
            hub: Self.hubName, offices: Self.offices, national: hasNational ? Self.nationalName : nil,
            clockOffsets: Dictionary(uniqueKeysWithValues: zip(Self.offices, offsets)))
        if recordHistory { net.history = [:] }
    }

    var hub: Int { 0 }
    var national: Int? { hasNational ? Self.offices.count + 1 : nil }

    // MARK: Writes

    /// A write at replica `r`, checked against the oracle's idea of who may write what.
    mutating func attempt(_ changes: [String: String], to key: RecordKey, office: String? = nil, at r: Int,
                          kind: Network.Write.Kind = .edit) {
        let replica = net.replicas[r]
        let exists = replica.copies[key] != nil
        let allowed = replica.isHub
            ? Oracle.hubMayWrite(collection: key.collection, recordExists: exists)
            : Oracle.officeMayWrite(collection: key.collection, changes: changes, recordExists: exists)
        let outcome = net.write(changes, to: key, office: office, at: r, kind: kind,
                                clockJitter: Int64.random(in: -3_000...500, using: &rng))
        switch (outcome, allowed) {
        case (.written, true):
            break
        case (.refused, false):
            if !replica.isHub { stats.officeRefusals += 1 }
            if Oracle.immutableCollections.contains(key.collection) {
                stats.eventEditRefusals += 1
            } else if changes.keys.contains(where: Oracle.hubAuthorityFields.contains) {
                stats.hubAuthorityRefusals += 1
            } else {
                stats.hubOnlyStateRefusals += 1
            }
        case (.written(let dot), false):
            problems.append("WriteRules let \(replica.id) write \(changes) to \(key) (\(dot)); DESIGN §4 forbids it")
        case (.refused(let refusal), true):
            problems.append("WriteRules refused \(replica.id)'s write \(changes) to \(key): \(refusal)")
        }
    }

    func caseID(_ office: String, _ n: Int) -> String {
        CaseNumber.make(office: office, year: 2026, sequence: n + 1)
    }

    /// Random changes to a case at replica `r`; offices sometimes try what only a hub may.
    mutating func caseChanges(at r: Int, copy: Record) -> [String: String] {
        let replica = net.replicas[r]
        // Hubs often record decisions (the national hub mostly), so two hubs' decisions meet.
        return Self.caseChanges(
            isHub: replica.isHub, hubAuthorityPercent: replica.id.rawValue == Self.nationalName ? 60 : 25,
            fresh: "\(replica.id)#\(replica.counter + 1)", copy: copy, rng: &rng, stats: &stats)
    }

    /// Random changes to a case by a hub or an office writing `fresh` as a new value; offices
    /// sometimes try what only a hub may. Also drives the real stores (`StoreSimulation`).
    static func caseChanges(
        isHub: Bool, hubAuthorityPercent: Int, fresh: String, copy: Record, rng: inout SplitMix64, stats: inout Stats
    ) -> [String: String] {
        var changes: [String: String] = [:]
        let hubAuthorityFirst = isHub && rng.chance(hubAuthorityPercent)
        for i in 0..<(rng.chance(70) ? 1 : Int.random(in: 2...3, using: &rng)) {
            switch i == 0 && hubAuthorityFirst ? 70 : Int.random(in: 0..<100, using: &rng) {
            case 0..<32:
                let field = rng.chance(45) ? "name" : Self.lastWriterWinsFields.randomElement(using: &rng)!
                changes[field] = rng.chance(20) ? Self.commonValues.randomElement(using: &rng)! : fresh
            case 32..<50:
                if isHub {
                    changes["status"] = Oracle.allStates.randomElement(using: &rng)!
                } else {
                    changes["status"] = rng.chance(85)
                        ? Oracle.officeStates.randomElement(using: &rng)!
                        : Oracle.hubOnlyStates.sorted().randomElement(using: &rng)!
                }
            case 50..<66:
                changes[Self.flags.randomElement(using: &rng)!] = rng.chance(55) ? "received" : "missing"
            case 66..<76 where isHub || rng.chance(40):
                if rng.chance(60) {
                    changes["decision"] = rng.chance(50) ? "approved" : "rejected"
                } else {
                    changes["approved_amount"] = ["325000", "240000", "50000"].randomElement(using: &rng)!
                }
            // One write deletes or restores, not both (the tombstone goes only through
            // `deletionChanges` and `restoreChanges`).
            case 76..<84 where changes[Record.tombstoneField] == nil:
                changes.merge(copy.deletionChanges) { $1 }
                stats.deletions += 1
            case 84..<89 where changes[Record.tombstoneField] == nil:
                changes.merge(Record.restoreChanges) { $1 }
                stats.restores += 1
            default:
                changes["name"] = fresh
            }
        }
        return changes
    }

    mutating func officeWrite(_ r: Int) {
        let office = net.replicas[r].office!
        let held = net.replicas[r].copies.keys.filter { $0.collection == CaseFields.collection }.sorted()
        let events = net.replicas[r].copies.keys.filter { $0.collection == "events" }.sorted()
        let created = casesCreated[office, default: 0]
        if held.isEmpty || (created < Self.casesPerOffice && rng.chance(8)) {
            guard created < Self.casesPerOffice else { return }
            casesCreated[office] = created + 1
            attempt(["name": "\(net.replicas[r].id)#\(net.replicas[r].counter + 1)", "status": "draft",
                     "doc_passport": "missing", "doc_photo": "missing"],
                    to: RecordKey(CaseFields.collection, caseID(office, created)), at: r)
        } else if eventsCreated[office, default: 0] < Self.eventsPerOffice, rng.chance(7) {
            createEvent(for: office, about: held.randomElement(using: &rng)!.id, at: r)
        } else if !events.isEmpty, rng.chance(4) {
            attempt(["text": "edited"], to: events.randomElement(using: &rng)!, at: r)
        } else {
            let key = held.randomElement(using: &rng)!
            attempt(caseChanges(at: r, copy: net.replicas[r].copies[key]!.record), to: key, at: r)
        }
    }

    mutating func createEvent(for office: String, about caseID: String, at r: Int) {
        let n = eventsCreated[office, default: 0]
        eventsCreated[office] = n + 1
        stats.eventsCreated += 1
        attempt(["case": caseID, "kind": net.replicas[r].isHub ? "decision" : "note",
                 "text": "\(net.replicas[r].id)#\(net.replicas[r].counter + 1)"],
                to: RecordKey("events", "\(CaseNumber.officeCode(of: office))-ev-\(n + 1)"), office: office, at: r)
    }

    mutating func hubWrite(_ r: Int) {
        let held = net.replicas[r].copies.keys.filter { $0.collection == CaseFields.collection }.sorted()
        let events = net.replicas[r].copies.keys.filter { $0.collection == "events" }.sorted()
        guard let key = held.randomElement(using: &rng) else { return }
        let office = net.replicas[r].copies[key]!.record.office
        if eventsCreated[office, default: 0] < Self.eventsPerOffice, rng.chance(5) {
            createEvent(for: office, about: key.id, at: r)
        } else if !events.isEmpty, rng.chance(4) {
            attempt(["text": "edited at the hub"], to: events.randomElement(using: &rng)!, at: r)
        } else {
            attempt(caseChanges(at: r, copy: net.replicas[r].copies[key]!.record), to: key, at: r)
        }
    }

    /// A person at hub `r` closes one open conflict: keeps a listed value or types a new
    /// one; for a deletion, keeps the deletion or restores the record.
    mutating func resolve(at r: Int) {
        let open = net.replicas[r].copies.sorted { $0.key < $1.key }.flatMap { key, copy in
            copy.record.openConflicts.map { (key, copy.record, $0) }
        }
        guard let (key, record, conflict) = open.randomElement(using: &rng) else { return }
        let changes: [String: String]
        if conflict.kind == .deletion || conflict.field == Record.tombstoneField {
            // Deletion goes through `deletionChanges` only, so the context it was made in
            // travels with it (a bare "deleted": "true" would keep a stale context).
            changes = rng.chance(50) ? record.deletionChanges : Record.restoreChanges
        } else if rng.chance(80) {
            changes = [conflict.field: conflict.values.randomElement(using: &rng)!.value]
        } else {
            changes = [conflict.field: "\(net.replicas[r].id)#\(net.replicas[r].counter + 1)"]
        }
        attempt(changes, to: key, at: r, kind: .resolution)
        stats.resolutions += 1
        resolvedConflicts.insert(conflict.id)
        if let after = net.replicas[r].copies[key]?.record, after.openConflicts.contains(where: { $0.id == conflict.id }) {
            problems.append("\(net.replicas[r].id) resolved \(conflict.id) on \(key) with \(changes) but it is still open")
        }
    }

    // MARK: Messages

    /// Copies from `r` to `t`, shuffled, in batches of 1 to 3 records.
    mutating func send(from r: Int, to t: Int) {
        var copies = net.outgoing(from: r, to: t).shuffled(using: &rng)
        while !copies.isEmpty {
            let n = min(copies.count, Int.random(in: 1...3, using: &rng))
            inFlight.append(Message(from: r, to: t, copies: Array(copies.prefix(n))))
            copies.removeFirst(n)
        }
    }

    mutating func step() {
        net.now += Int64.random(in: 0...2_000, using: &rng)
        let offices = 1...Self.offices.count
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<36:
            let roll = Int.random(in: 0..<100, using: &rng)
            if roll < 68 { officeWrite(Int.random(in: offices, using: &rng)) }
            else if roll < 86 || national == nil { hubWrite(hub) }
            else { hubWrite(national!) }
        case 36..<46:
            send(from: Int.random(in: offices, using: &rng), to: hub)
        case 46..<56:
            send(from: hub, to: Int.random(in: offices, using: &rng))
        case 56..<62 where national != nil:
            if rng.chance(50) { send(from: hub, to: national!) } else { send(from: national!, to: hub) }
        case 61..<80 where !inFlight.isEmpty:
            // Any message in flight, not the oldest: reordered. A quarter stay in
            // flight and arrive again: duplicated.
            let i = Int.random(in: 0..<inFlight.count, using: &rng)
            let duplicate = rng.chance(25)
            let message = duplicate ? inFlight[i] : inFlight.remove(at: i)
            if duplicate { stats.duplicates += 1 }
            net.receive(message.copies, at: message.to, from: message.from)
            delivered.append(message)
        case 80..<84 where !inFlight.isEmpty:
            dropped.append(inFlight.remove(at: Int.random(in: 0..<inFlight.count, using: &rng)))
            stats.dropped += 1
        case 84..<92 where !(delivered.isEmpty && dropped.isEmpty):
            // A retried batch: an old snapshot, delivered (again) long after.
            let message = (delivered + dropped).randomElement(using: &rng)!
            net.receive(message.copies, at: message.to, from: message.from)
            stats.stale += 1
        case 92..<100:
            resolve(at: national != nil && rng.chance(25) ? national! : hub)
        default:
            officeWrite(Int.random(in: offices, using: &rng))
        }
    }

    /// The rest of the messages in flight arrive or are lost, then sync rounds run until
    /// nothing changes (at most 10).
    mutating func finish() {
        for message in inFlight.shuffled(using: &rng) where rng.chance(50) {
            net.receive(message.copies, at: message.to, from: message.from)
            delivered.append(message)
        }
        inFlight = []
        guard let rounds = net.syncUntilQuiet(maxRounds: 10, using: &rng) else {
            problems.append("the network did not settle in 10 sync rounds")
            return
        }
        stats.rounds = rounds
        // Once settled, any old batch delivered again changes nothing.
        let settled = net.replicas.map { $0.copies.mapValues(\.record) }
        for message in (delivered + dropped).shuffled(using: &rng).prefix(40) {
            net.receive(message.copies, at: message.to, from: message.from)
        }
        if net.replicas.map({ $0.copies.mapValues(\.record) }) != settled {
            problems.append("an old batch delivered again changed a settled network")
        }
    }

    /// Runs `steps` random steps and the final sync.
    mutating func run(steps: Int) {
        for _ in 0..<steps { step() }
        finish()
    }

    /// Everything wrong after `run`; empty when right.
    mutating func finalProblems() -> [String] {
        var found = problems + net.convergenceProblems()
        let hubRecords = net.replicas[net.root].copies.values.map(\.record)
        for record in hubRecords {
            let conflicts = record.openConflicts
            stats.openValueConflicts += conflicts.filter { $0.kind == .values }.count
            stats.openDeletionConflicts += conflicts.filter { $0.kind == .deletion }.count
            for conflict in conflicts where resolvedConflicts.contains(conflict.id) {
                found.append("conflict \(conflict.id) on \(record.collection)/\(record.id) was resolved by a person but is open again")
            }
            stats.agreeingSiblings += record.fieldsWithSiblings.filter { Set(record.entries($0).map(\.value)).count == 1 }.count
            if let refusal = WriteRules.check(pushed: record) {
                found.append("the settled copy of \(record.collection)/\(record.id) would be refused if pushed: \(refusal)")
            }
        }
        return found
    }
}
