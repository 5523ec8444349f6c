import SyncModel
import Testing

/// The laws DESIGN §4 relies on, on records with every policy: merge is idempotent,
/// commutative and associative on copies from random histories of `OfficeSimulation`
/// (workflow, checklist flags, hub-authority fields between two hubs, last-writer-wins
/// fields, deletions and restores, the hubs' automatic closings and people's
/// resolutions). What a replica shows (current values, open conflicts, the closings a
/// hub would write) is then the same whatever order copies arrive in.
@Suite("Merge laws with every policy and the hubs' closing writes")
struct PolicyMergeLawTests {
    static let seeds: [UInt64] = [11, 12, 13, 14, 20_260_101, 20_260_102]
    static let triplesPerSeed = 1_500

    /// Every state a copy of one record reached in one run, for the records that went
    /// through many states.
    static func pools(seed: UInt64) -> [[Record]] {
        var sim = OfficeSimulation(seed: seed, recordHistory: true)
        sim.run(steps: 480)
        return sim.net.history!.sorted { $0.key < $1.key }.map(\.value).filter { $0.count >= 6 }
    }

    /// What a replica shows for a copy, apart from the record's bytes.
    struct Shown: Equatable {
        let values: [String: String]
        let conflicts: [Conflict]
        let closings: [String: String]

        init(_ r: Record) {
            values = r.currentValues
            conflicts = r.openConflicts
            closings = r.automaticClosings
        }
    }

    private func forTriples(seed: UInt64, _ body: (Int, Record, Record, Record) -> Bool) {
        let pools = Self.pools(seed: seed)
        var rng = SplitMix64(seed: seed ^ 0x1A3)
        for k in 0..<Self.triplesPerSeed {
            let pool = pools.randomElement(using: &rng)!
            let (a, b, c) = (pool.randomElement(using: &rng)!, pool.randomElement(using: &rng)!, pool.randomElement(using: &rng)!)
            if !body(k, a, b, c) { return }
        }
    }

    @Test func theCopiesHoldSiblingsOfEveryPolicyClosingsDeletionsAndConcurrentCopies() {
        var policies: Set<Oracle.Policy> = []
        for seed in Self.seeds {
            let pools = Self.pools(seed: seed)
            let all = pools.joined()
            #expect(pools.count >= 6, "seed \(seed): only \(pools.count) records went through 6 states")
            for record in all {
                for field in record.fieldsWithSiblings { policies.insert(Oracle.policy(collection: record.collection, field: field)) }
            }
            #expect(all.contains { $0.entries(Record.tombstoneField).count > 0 }, "seed \(seed): no deletion")
            #expect(all.contains { !$0.openConflicts.isEmpty }, "seed \(seed): no open conflict")
            #expect(all.contains { !$0.automaticClosings.isEmpty }, "seed \(seed): no copy a hub would close")
            var stale = 0, concurrent = 0
            for pool in pools {
                for (i, a) in pool.enumerated() {
                    for b in pool[(i + 1)...] where a != b {
                        if a.isCovered(by: b) || b.isCovered(by: a) { stale += 1 } else { concurrent += 1 }
                    }
                }
            }
            #expect(stale > 100 && concurrent > 100, "seed \(seed): \(stale) stale pairs, \(concurrent) concurrent")
        }
        #expect(policies == [.lastWriterWins, .workflow, .flag, .hubAuthority], "siblings only of \(policies)")
    }

    @Test(arguments: seeds)
    func mergeIsIdempotent(seed: UInt64) {
        forTriples(seed: seed) { k, a, b, _ in
            let ab = a.merged(with: b)
            let ok = a.merged(with: a) == a && ab.merged(with: ab) == ab && ab.merged(with: b) == ab
            #expect(ok, "seed \(seed) triple \(k): merging a copy again changed it\n a = \(a)\n b = \(b)")
            return ok
        }
    }

    @Test(arguments: seeds)
    func mergeIsCommutative(seed: UInt64) {
        forTriples(seed: seed) { k, a, b, _ in
            let ab = a.merged(with: b), ba = b.merged(with: a)
            let ok = ab == ba && Network.bytes(ab) == Network.bytes(ba) && Shown(ab) == Shown(ba)
            #expect(ok, "seed \(seed) triple \(k): a ⊔ b != b ⊔ a\n a = \(a)\n b = \(b)\n a⊔b = \(ab)\n b⊔a = \(ba)")
            return ok
        }
    }

    @Test(arguments: seeds)
    func mergeIsAssociative(seed: UInt64) {
        forTriples(seed: seed) { k, a, b, c in
            let left = a.merged(with: b).merged(with: c)
            let right = a.merged(with: b.merged(with: c))
            let ok = left == right && Network.bytes(left) == Network.bytes(right) && Shown(left) == Shown(right)
            #expect(ok, "seed \(seed) triple \(k): (a ⊔ b) ⊔ c != a ⊔ (b ⊔ c)\n a = \(a)\n b = \(b)\n c = \(c)\n left = \(left)\n right = \(right)")
            return ok
        }
    }

    @Test(arguments: seeds)
    func theMergeHasSeenBothCopiesAndInventsNoEntry(seed: UInt64) {
        forTriples(seed: seed) { k, a, b, _ in
            let ab = a.merged(with: b)
            let seenBoth = ab.vector == a.vector.merged(with: b.vector)
            let fromInputs = ab.fields.allSatisfy { field, entries in
                entries.allSatisfy { a.entries(field).contains($0) || b.entries(field).contains($0) }
            }
            // An entry is dropped only if the other copy has seen it and no longer holds it.
            let dropsOnlySeen = [(a, b), (b, a)].allSatisfy { x, y in
                x.fields.allSatisfy { field, entries in
                    entries.allSatisfy { ab.entries(field).contains($0) || (y.vector.covers($0.dot) && !y.entries(field).contains($0)) }
                }
            }
            #expect(seenBoth && fromInputs && dropsOnlySeen, "seed \(seed) triple \(k):\n a = \(a)\n b = \(b)\n a⊔b = \(ab)")
            return seenBoth && fromInputs && dropsOnlySeen
        }
    }

    @Test(arguments: seeds)
    func fiveCopiesMergedInEveryOrderGiveTheSameRecordValuesAndConflicts(seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0x5)
        let pools = Self.pools(seed: seed)
        for _ in 0..<3 {
            let pool = pools.randomElement(using: &rng)!
            let copies = (0..<5).map { _ in pool.randomElement(using: &rng)! }
            let first = copies.dropFirst().reduce(copies[0]) { $0.merged(with: $1) }
            for order in permutations(Array(0..<5)) {
                let p = order.map { copies[$0] }
                let folded = p.dropFirst().reduce(p[0]) { $0.merged(with: $1) }
                let tree = p[0].merged(with: p[1]).merged(with: p[2].merged(with: p[3].merged(with: p[4])))
                let ok = folded == first && tree == first && Shown(folded) == Shown(first)
                #expect(ok, "seed \(seed) order \(order)")
                if !ok { return }
            }
        }
    }

    @Test(arguments: seeds)
    func everyPolicyChoosesTheSameValueWhateverOrderTheSiblingsComeIn(seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0x0D)
        var checked = 0
        for record in Self.pools(seed: seed).joined() {
            for field in record.fieldsWithSiblings {
                let entries = record.entries(field)
                let policy = FieldPolicies.policy(collection: record.collection, field: field)
                let chosen = policy.current(among: entries)
                for _ in 0..<3 {
                    #expect(policy.current(among: entries.shuffled(using: &rng)) == chosen, "seed \(seed): \(field) \(entries)")
                }
                #expect(chosen?.value == Oracle.winner(entries, policy: Oracle.policy(collection: record.collection, field: field))?.value,
                        "seed \(seed): \(policy) chose \(chosen.map(\.value) ?? "nil") among \(entries)")
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}
