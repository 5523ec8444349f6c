import Foundation
import SyncModel

/// The key of a record within a replica.
struct RecordKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    let collection: String
    let id: String

    init(_ collection: String, _ id: String) {
        self.collection = collection
        self.id = id
    }

    init(_ record: Record) { self.init(record.collection, record.id) }

    static func < (a: RecordKey, b: RecordKey) -> Bool { (a.collection, a.id) < (b.collection, b.id) }

    var description: String { "\(collection)/\(id)" }
}

/// A hub, its soum offices and optionally a hub above it (national), each holding its
/// own copies of records, synced the way DESIGN §4/§6 says:
///
/// - an office pushes the copies of its own office to its hub and pulls them back;
///   a hub pushes everything to the hub above it and pulls everything back;
/// - a hub refuses a pushed copy that `WriteRules.check(pushed:)` refuses, merges every
///   other one, and then writes `record.automaticClosings` as its own write (a new hub
///   dot whose context is the hub's merged copy), as the real hub does;
/// - every local write goes through `WriteRules.check(collection:changes:writer:existing:)`
///   first and is not made when refused.
///
/// Beside the records it keeps a ground truth that does not use the model's vectors or
/// merge: for every copy, the set of writes (dots) it has taken in; for every write, its
/// changes, its clock reading and what its writer had seen before making it.
struct Network {
    /// One replica's copy of one record, with the ground truth of what it has seen.
    struct Copy: Sendable, Equatable {
        var record: Record
        var seen: Set<Dot>
    }

    struct Replica: Sendable {
        let id: ReplicaID
        /// The office an office replica serves; nil for a hub, which holds every office.
        let office: String?
        /// The index of the hub this replica pushes to and pulls from.
        let upstream: Int?
        var clock: HybridClock
        /// How far this replica's wall clock is off the true time (a year, for some).
        var clockOffset: Int64
        var counter: UInt64 = 0
        var copies: [RecordKey: Copy] = [:]

        var isHub: Bool { office == nil }

        /// Whether a record belongs in this replica (a node holds only its office's).
        func holds(_ record: Record) -> Bool { office == nil || record.office == office }
    }

    /// One write, as the ground truth knows it.
    struct Write: Sendable {
        enum Kind: String, Sendable {
            /// A person's edit at an office or a hub.
            case edit
            /// A hub's automatic closing (`record.automaticClosings`).
            case automaticClosing
            /// A person at a hub closing a listed conflict.
            case resolution
        }

        let key: RecordKey
        let dot: Dot
        let hlc: HLCTimestamp
        let changes: [String: String]
        /// The writes the writer's copy had taken in before this one.
        let seenBefore: Set<Dot>
        let kind: Kind
    }

    enum Outcome: Equatable {
        case written(Dot)
        case refused(WriteRules.Refusal)

        var dot: Dot? { if case .written(let dot) = self { dot } else { nil } }
        var refusal: WriteRules.Refusal? { if case .refused(let refusal) = self { refusal } else { nil } }
    }

    struct Stats: Sendable {
        var writes = 0
        var deliveries = 0
        var tooFarAhead = 0
        var refusedPushes = 0
        /// Fields closed by a hub's automatic write, by policy.
        var closings: [Oracle.Policy: Int] = [:]
        /// Merges after which a field held siblings it did not hold before, by policy.
        var siblingsMerged: [Oracle.Policy: Int] = [:]
    }

    var replicas: [Replica]
    /// The true time (ms); each replica reads it through its own clock offset.
    var now: Int64 = 1_767_225_600_000  // 2026-01-01
    /// Ground truth: every write made, by dot.
    var writes: [Dot: Write] = [:]
    /// Ground truth: for each record and field, the writes that set it.
    var dotsByField: [RecordKey: [String: Set<Dot>]] = [:]
    /// What went wrong while running (a refused push, a wrong closing, a scope breach).
    var problems: [String] = []
    var stats = Stats()
    /// When not nil, every state a copy reaches is appended here (for the merge laws).
    var history: [RecordKey: [Record]]?

    /// Replica 0 is the hub; offices follow in order; the national hub, if any, is last.
    init(hub: String = "hub-43", offices: [String], national: String? = nil, clockOffsets: [String: Int64] = [:]) {
        var replicas: [Replica] = []
        func add(_ name: String, office: String?, upstream: Int?) {
            replicas.append(Replica(
                id: rid(name), office: office, upstream: upstream,
                clock: HybridClock(replica: rid(name)), clockOffset: clockOffsets[name] ?? 0))
        }
        add(hub, office: nil, upstream: national == nil ? nil : offices.count + 1)
        for office in offices { add(office, office: office, upstream: 0) }
        if let national { add(national, office: nil, upstream: nil) }
        self.replicas = replicas
    }

    func index(_ name: String) -> Int {
        guard let i = replicas.firstIndex(where: { $0.id.rawValue == name }) else {
            fatalError("no replica \(name) in this network")
        }
        return i
    }

    /// The replica every other one syncs up to: it holds every record.
    var root: Int { replicas.firstIndex { $0.upstream == nil }! }

    /// Office replicas.
    var offices: [Int] { replicas.indices.filter { !replicas[$0].isHub } }

    /// Hub replicas.
    var hubs: [Int] { replicas.indices.filter { replicas[$0].isHub } }

    func copy(_ id: String, _ collection: String = CaseFields.collection, at name: String) -> Record? {
        replicas[index(name)].copies[RecordKey(collection, id)]?.record
    }

    // MARK: Writes

    /// A local write at replica `r`, made only if `WriteRules` allow it. `office` names
    /// the owning office of a record the writer does not hold yet (a hub creating one).
    @discardableResult
    mutating func write(
        _ changes: [String: String], to key: RecordKey, office: String? = nil, at r: Int,
        kind: Write.Kind = .edit, clockJitter: Int64 = 0
    ) -> Outcome {
        let existing = replicas[r].copies[key]
        if let refusal = WriteRules.check(
            collection: key.collection, changes: changes, writer: replicas[r].id, existing: existing?.record) {
            return .refused(refusal)
        }
        guard let office = existing?.record.office ?? office ?? replicas[r].office else {
            fatalError("a hub creating \(key) must name its office")
        }
        replicas[r].counter += 1
        let dot = Dot(replica: replicas[r].id, counter: replicas[r].counter)
        let stamp = replicas[r].clock.tick(now: now + replicas[r].clockOffset + clockJitter)
        var copy = existing ?? Copy(record: Record(collection: key.collection, id: key.id, office: office), seen: [])
        writes[dot] = Write(key: key, dot: dot, hlc: stamp, changes: changes, seenBefore: copy.seen, kind: kind)
        for field in changes.keys { dotsByField[key, default: [:]][field, default: []].insert(dot) }
        copy.record.write(changes, dot: dot, hlc: stamp)
        copy.seen.insert(dot)
        replicas[r].copies[key] = copy
        history?[key, default: []].append(copy.record)
        stats.writes += 1
        return .written(dot)
    }

    /// A write to a case, by replica name.
    @discardableResult
    mutating func write(
        _ changes: [String: String], case id: String, at name: String, office: String? = nil,
        kind: Write.Kind = .edit
    ) -> Outcome {
        write(changes, to: RecordKey(CaseFields.collection, id), office: office, at: index(name), kind: kind)
    }

    /// Lets true time pass (ms), so that the next write reads a later clock.
    mutating func later(_ millis: Int64 = 1_000) { now += millis }

    // MARK: Sync

    /// The copies `r` sends to `t`: every copy `r` holds that belongs in `t`.
    func outgoing(from r: Int, to t: Int) -> [Copy] {
        replicas[r].copies.sorted { $0.key < $1.key }.map(\.value).filter { replicas[t].holds($0.record) }
    }

    /// Replica `r` takes in copies sent by `s`. A hub receiving a push from below checks,
    /// merges, then closes automatically.
    mutating func receive(_ copies: [Copy], at r: Int, from s: Int) {
        let pushed = replicas[s].upstream == r
        for incoming in copies {
            let key = RecordKey(incoming.record)
            guard replicas[s].holds(incoming.record) else {
                problems.append("\(replicas[s].id) sent \(key) of office \(incoming.record.office), outside its scope")
                continue
            }
            guard replicas[r].holds(incoming.record) else {
                problems.append("\(replicas[r].id) was sent \(key) of office \(incoming.record.office)")
                continue
            }
            if pushed, let refusal = WriteRules.check(pushed: incoming.record) {
                problems.append("\(replicas[r].id) refused \(key) pushed by \(replicas[s].id): \(refusal)\n  \(incoming.record)")
                stats.refusedPushes += 1
                continue
            }
            let before = replicas[r].copies[key]
            let merged = before.map {
                Copy(record: $0.record.merged(with: incoming.record), seen: $0.seen.union(incoming.seen))
            } ?? incoming
            replicas[r].copies[key] = merged
            if merged.record != before?.record {
                history?[key, default: []].append(merged.record)
                let had = Set(before?.record.fieldsWithSiblings ?? [])
                for field in merged.record.fieldsWithSiblings where !had.contains(field) {
                    stats.siblingsMerged[Oracle.policy(collection: key.collection, field: field), default: 0] += 1
                }
            }
            let localNow = now + replicas[r].clockOffset
            for entry in incoming.record.fields.values.joined() {
                if case .tooFarAhead = replicas[r].clock.observe(entry.hlc, now: localNow) { stats.tooFarAhead += 1 }
            }
            if pushed { closeAutomatically(key, at: r) }
        }
        stats.deliveries += 1
    }

    /// What a hub does after merging a pushed copy: it writes the policies' winners over
    /// siblings that need no person. The closings must be what the policies say.
    mutating func closeAutomatically(_ key: RecordKey, at r: Int) {
        guard let copy = replicas[r].copies[key] else { return }
        let closings = copy.record.automaticClosings
        let expected = Oracle.expectedClosings(copy.record)
        if closings != expected {
            problems.append("\(replicas[r].id) on \(key): automaticClosings \(closings.sorted { $0.key < $1.key }), the policies say \(expected.sorted { $0.key < $1.key })\n  \(copy.record)")
        }
        guard !closings.isEmpty else { return }
        if case .refused(let refusal) = write(closings, to: key, at: r, kind: .automaticClosing) {
            problems.append("\(replicas[r].id) may not write its own closing on \(key): \(refusal)")
            return
        }
        for field in closings.keys {
            stats.closings[Oracle.policy(collection: key.collection, field: field), default: 0] += 1
        }
    }

    /// `r` pushes everything it holds to its hub, delivered at once.
    mutating func push(_ r: Int) {
        guard let up = replicas[r].upstream else { return }
        receive(outgoing(from: r, to: up), at: up, from: r)
    }

    /// `r` pulls from its hub everything that belongs in it, delivered at once.
    mutating func pull(_ r: Int) {
        guard let up = replicas[r].upstream else { return }
        receive(outgoing(from: up, to: r), at: r, from: up)
    }

    mutating func push(_ name: String) { push(index(name)) }
    mutating func pull(_ name: String) { pull(index(name)) }

    func depth(_ r: Int) -> Int {
        var d = 0, i = r
        while let up = replicas[i].upstream { d += 1; i = up }
        return d
    }

    /// One sync round: every replica pushes, deepest first, then every replica pulls,
    /// nearest the root first; within a level in the order `rng` shuffles them.
    mutating func syncRound(using rng: inout SplitMix64) {
        let below = replicas.indices.filter { replicas[$0].upstream != nil }
        let levels = Dictionary(grouping: below, by: depth).sorted { $0.key > $1.key }
        for (_, level) in levels { for r in level.shuffled(using: &rng) { push(r) } }
        for (_, level) in levels.reversed() { for r in level.shuffled(using: &rng) { pull(r) } }
    }

    /// Sync rounds until one changes nothing anywhere. Returns the rounds run, or nil
    /// when `maxRounds` were not enough (the network did not settle).
    @discardableResult
    mutating func syncUntilQuiet(maxRounds: Int = 10, using rng: inout SplitMix64) -> Int? {
        for round in 1...maxRounds {
            let before = replicas.map { $0.copies.mapValues(\.record) }
            syncRound(using: &rng)
            if replicas.map({ $0.copies.mapValues(\.record) }) == before { return round }
        }
        return nil
    }

    @discardableResult
    mutating func syncUntilQuiet(maxRounds: Int = 10) -> Int? {
        var rng = SplitMix64(seed: 0)
        return syncUntilQuiet(maxRounds: maxRounds, using: &rng)
    }

    // MARK: Checks

    /// The encoding compared between replicas: JSON with sorted keys.
    static func bytes(_ record: Record) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try! encoder.encode(record)
    }

    /// Everything wrong with a settled network; empty when it is right:
    /// 1. every replica holds, for the offices it serves, byte-identical copies of the
    ///    same records, showing the same current values and the same open conflicts;
    /// 2. against the ground truth: every field holds exactly the writes no later write
    ///    to it has seen (nothing lost, nothing resurrected), shows its policy's winner,
    ///    lists every differing value of a last-writer-wins field in one open conflict,
    ///    holds no differing siblings of a policy the hub closes, and a deleted record
    ///    lists every edit its deletion had not seen.
    func convergenceProblems() -> [String] {
        var found = problems
        let reference = replicas[root].copies
        let referenceName = replicas[root].id
        for replica in replicas {
            let expectedKeys = Set(reference.filter { replica.holds($0.value.record) }.keys)
            if Set(replica.copies.keys) != expectedKeys {
                found.append("\(replica.id) holds \(replica.copies.keys.sorted()), \(referenceName) holds \(expectedKeys.sorted()) for it")
            }
            for (key, copy) in replica.copies.sorted(by: { $0.key < $1.key }) {
                guard let ref = reference[key]?.record else { continue }
                if Self.bytes(copy.record) != Self.bytes(ref) {
                    found.append("\(replica.id) and \(referenceName) hold different bytes for \(key):\n  \(replica.id): \(String(decoding: Self.bytes(copy.record), as: UTF8.self))\n  \(referenceName): \(String(decoding: Self.bytes(ref), as: UTF8.self))")
                    continue
                }
                if copy.record.currentValues != ref.currentValues {
                    found.append("\(replica.id) and \(referenceName) show different values for equal copies of \(key)")
                }
                let (mine, theirs) = (copy.record.openConflicts, ref.openConflicts)
                if mine.map(\.id) != theirs.map(\.id) {
                    found.append("\(replica.id) lists conflicts \(mine.map(\.id)) on \(key), \(referenceName) lists \(theirs.map(\.id))")
                } else if mine != theirs {
                    found.append("\(replica.id) and \(referenceName) list the same conflict ids on \(key) with different contents:\n  \(mine)\n  \(theirs)")
                }
            }
        }
        if Set(reference.keys) != Set(dotsByField.keys) {
            found.append("\(referenceName) holds \(reference.keys.sorted()) but \(dotsByField.keys.sorted()) were written")
        }
        for (key, fields) in dotsByField.sorted(by: { $0.key < $1.key }) {
            guard let record = reference[key]?.record else { continue }
            found += groundTruthProblems(record, fields: fields)
        }
        return found
    }

    /// The entries the ground truth says `field` must hold: the writes to it that no
    /// other write to it has seen.
    func expectedEntries(_ dots: Set<Dot>, field: String) -> [FieldEntry] {
        dots.filter { d in !dots.contains { other in other != d && writes[other]!.seenBefore.contains(d) } }
            .map { FieldEntry(value: writes[$0]!.changes[field]!, dot: $0, hlc: writes[$0]!.hlc) }
            .sorted { $0.dot < $1.dot }
    }

    private static func label(_ v: ConflictValue) -> String { "\(v.replica):\(v.counter)=\(v.value)" }
    private static func label(_ e: FieldEntry, _ value: String? = nil) -> String {
        "\(e.dot.replica):\(e.dot.counter)=\(value ?? e.value)"
    }

    func groundTruthProblems(_ record: Record, fields: [String: Set<Dot>]) -> [String] {
        var found: [String] = []
        let key = RecordKey(record)
        let conflicts = record.openConflicts
        var expected: [String: [FieldEntry]] = [:]
        for (field, dots) in fields { expected[field] = expectedEntries(dots, field: field) }
        if Set(record.fields.keys) != Set(expected.keys) {
            found.append("\(key): fields \(record.fields.keys.sorted()), written \(expected.keys.sorted())")
        }
        for (field, entries) in expected.sorted(by: { $0.key < $1.key }) {
            let policy = Oracle.policy(collection: key.collection, field: field)
            if record.entries(field) != entries {
                found.append("\(key).\(field): holds \(record.entries(field)), the writes say \(entries) (a write lost or resurrected)")
                continue
            }
            let shown = record.value(field)
            let winner = Oracle.winner(entries, policy: policy)?.value
            if shown != winner {
                found.append("\(key).\(field) (\(policy)): shows \(shown ?? "nil") among \(entries), the policy says \(winner ?? "nil")")
            }
            guard field != Record.deletionContextField else { continue }
            let listed = conflicts.filter { $0.kind == .values && $0.field == field }
            let differing = Set(entries.map(\.value)).count > 1
            switch (policy, differing) {
            case (.lastWriterWins, true):
                guard listed.count == 1, let conflict = listed.first else {
                    found.append("\(key).\(field): siblings \(entries) with different values, but \(listed.count) open conflicts list them (a value may be silently lost)")
                    continue
                }
                if Set(conflict.values.map(Self.label)) != Set(entries.map { Self.label($0) }) {
                    found.append("\(key).\(field): the conflict lists \(conflict.values.map(Self.label)), the siblings are \(entries.map { Self.label($0) })")
                }
                if conflict.current != shown || conflict.values.filter(\.isCurrent).map(\.value) != [shown ?? ""] {
                    found.append("\(key).\(field): the conflict's current value \(conflict.current) is not the one shown, \(shown ?? "nil")")
                }
                if conflict.id != Conflict.makeID(collection: key.collection, record: key.id, field: field, dots: entries.map(\.dot)) {
                    found.append("\(key).\(field): conflict id \(conflict.id) is not derived from the record, field and sibling dots")
                }
            case (_, true):
                found.append("\(key).\(field) (\(policy)): siblings with different values \(entries) left open; the hub closes these")
            case (_, false):
                if !listed.isEmpty { found.append("\(key).\(field): a conflict is listed for siblings that agree: \(listed)") }
            }
        }
        for conflict in conflicts where conflict.kind == .values && expected[conflict.field] == nil {
            found.append("\(key): conflict \(conflict.id) on a field never written, \(conflict.field)")
        }
        found += deletionProblems(record, expected: expected, listed: conflicts.filter { $0.kind == .deletion })

        var lastCounter: [ReplicaID: UInt64] = [:]
        for dot in fields.values.joined() { lastCounter[dot.replica] = max(lastCounter[dot.replica] ?? 0, dot.counter) }
        if record.vector != VersionVector(lastCounter) {
            found.append("\(key): vector \(record.vector), the writes say \(VersionVector(lastCounter))")
        }
        return found
    }

    /// A record whose tombstone entries all say deleted must list, in one deletion
    /// conflict, exactly the surviving edits that its deletion had not seen. Concurrent
    /// deletions count together: an edit any of them had seen was deleted knowingly.
    func deletionProblems(_ record: Record, expected: [String: [FieldEntry]], listed: [Conflict]) -> [String] {
        let key = RecordKey(record)
        let tombstones = expected[Record.tombstoneField] ?? []
        var unseen: [String] = []
        if !tombstones.isEmpty, tombstones.allSatisfy({ $0.value == "true" }) {
            let deletions = tombstones.map { writes[$0.dot]! }
            for (field, entries) in expected where field != Record.tombstoneField && field != Record.deletionContextField {
                for entry in entries where deletions.allSatisfy({ $0.dot != entry.dot && !$0.seenBefore.contains(entry.dot) }) {
                    unseen.append(Self.label(entry, "\(field)=\(entry.value)"))
                }
            }
        }
        if unseen.isEmpty {
            return listed.isEmpty ? [] : ["\(key): a deletion conflict is listed although the deletion had seen every edit: \(listed)"]
        }
        guard listed.count == 1, let conflict = listed.first else {
            return ["\(key): deleted (\(tombstones.map { Self.label($0) })) without having seen \(unseen.sorted()), but \(listed.count) deletion conflicts list them"]
        }
        let edits = conflict.values.filter { !$0.isCurrent }.map(Self.label)
        if Set(edits) != Set(unseen) || edits.count != unseen.count {
            return ["\(key): the deletion conflict lists \(edits), the edits its deletion had not seen are \(unseen.sorted())"]
        }
        let deleted = Set(conflict.values.filter(\.isCurrent).map { "\($0.replica):\($0.counter)" })
        if deleted != Set(tombstones.map { "\($0.dot.replica):\($0.dot.counter)" }) {
            return ["\(key): the deletion conflict names the deletions \(deleted.sorted()), the tombstone holds \(tombstones)"]
        }
        return []
    }
}
