import SyncModel
@_exported import HalamjTestSupport


/// A blank copy of the one case record most tests use.
func blankCase(id: String = "case-1", office: String = "soum-4305") -> Record {
    Record(collection: "cases", id: id, office: office)
}

/// A writer in a test scenario: one replica with its own counter and clock, so that
/// scenarios read as "the soum writes the name" instead of spelling out dots.
struct Writer {
    let replica: ReplicaID
    private(set) var counter: UInt64 = 0
    private(set) var clock: HybridClock

    init(_ name: String, wallMillis: Int64 = 1_000) {
        replica = rid(name)
        clock = HybridClock(replica: replica, wallMillis: wallMillis)
    }

    /// Writes `changes` into `record` as this replica, at wall time `now`; returns the dot used.
    @discardableResult
    mutating func write(_ changes: [String: String], to record: inout Record, now: Int64 = 1_000) -> Dot {
        counter += 1
        let dot = Dot(replica: replica, counter: counter)
        record.write(changes, dot: dot, hlc: clock.tick(now: now))
        return dot
    }
}

extension Record {
    /// The values of `field`'s entries, sorted, whatever their order in the record.
    func values(_ field: String) -> [String] { entries(field).map(\.value).sorted() }
    /// The dots of `field`'s entries, as a set.
    func dots(_ field: String) -> Set<Dot> { Set(entries(field).map(\.dot)) }
}

/// Copies of one record in states a real system can reach: `replicas` replicas make
/// random local writes to random fields (several fields per write sometimes, the
/// tombstone among them) and random pairwise merges. Every intermediate copy is
/// collected, so the pool holds stale copies, siblings and resolved siblings.
func reachableCopies(seed: UInt64, replicas count: Int = 4, steps: Int = 80) -> [Record] {
    var rng = SplitMix64(seed: seed)
    let fields = ["name", "phone", "address", "notes", Record.tombstoneField]
    let names = ["hub-43", "soum-4305", "soum-4306", "soum-4307", "soum-4308"].prefix(count)
    // One replica's wall clock runs a year ahead: the laws must not depend on clocks.
    let offsets: [Int64] = names.map { $0 == "soum-4306" ? 365 * 86_400_000 : 0 }
    var replicas = names.map { name -> (clock: HybridClock, counter: UInt64, copy: Record) in
        (HybridClock(replica: rid(name)), 0, blankCase())
    }
    var now: Int64 = 1_000
    var pool: [Record] = []
    for _ in 0..<steps {
        now += Int64.random(in: -5...20, using: &rng)  // the wall clock may step back
        let i = Int.random(in: 0..<replicas.count, using: &rng)
        if rng.chance(55) {
            var changes: [String: String] = [:]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let field = fields.randomElement(using: &rng)!
                changes[field] = field == Record.tombstoneField
                    ? (rng.chance(70) ? "true" : "false")
                    : "\(names[names.startIndex + i])#\(replicas[i].counter + 1)"
            }
            replicas[i].counter += 1
            let stamp = replicas[i].clock.tick(now: now + offsets[i])
            replicas[i].copy.write(
                changes, dot: Dot(replica: replicas[i].clock.replica, counter: replicas[i].counter), hlc: stamp)
        } else {
            var j = Int.random(in: 0..<replicas.count - 1, using: &rng)
            if j >= i { j += 1 }
            let merged = replicas[i].copy.merged(with: replicas[j].copy)
            for entry in merged.fields.values.joined() {
                replicas[i].clock.observe(entry.hlc, now: now + offsets[i])
            }
            replicas[i].copy = merged
            if rng.chance(40) { replicas[j].copy = merged }
        }
        pool.append(replicas[i].copy)
    }
    return pool
}
