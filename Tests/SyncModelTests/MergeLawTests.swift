import SyncModel
import Testing

/// The laws DESIGN §4 relies on, checked on copies a real system can reach (see
/// `reachableCopies`): retried, duplicated, reordered and resumed batches are safe only
/// if merge is idempotent, commutative and associative.
@Suite("Merge laws")
struct MergeLawTests {
    static let seeds: [UInt64] = [1, 2, 3, 0xDEAD_BEEF, 20_260_101, 7_777_777]
    static let triplesPerSeed = 2_000

    /// Random triples from one seed's pool; `body` returns false at the first failure so a
    /// broken law reports one counterexample (with its seed) instead of thousands.
    private func forTriples(seed: UInt64, _ body: (Int, Record, Record, Record) -> Bool) {
        let pool = reachableCopies(seed: seed, replicas: seed % 2 == 0 ? 3 : 4)
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        for k in 0..<Self.triplesPerSeed {
            let a = pool.randomElement(using: &rng)!
            let b = pool.randomElement(using: &rng)!
            let c = pool.randomElement(using: &rng)!
            if !body(k, a, b, c) { return }
        }
    }

    @Test(arguments: seeds)
    func theGeneratedCopiesIncludeSiblingsAndStaleAndConcurrentCopies(seed: UInt64) {
        // Without these, the laws below would hold trivially.
        let pool = reachableCopies(seed: seed, replicas: seed % 2 == 0 ? 3 : 4)
        #expect(pool.contains { !$0.fieldsWithSiblings.isEmpty }, "seed \(seed): no siblings")
        #expect(pool.contains { $0.entries(Record.tombstoneField).count > 0 }, "seed \(seed): no tombstone")
        var stale = 0, concurrent = 0
        for (i, a) in pool.enumerated() {
            for b in pool[(i + 1)...] where a != b {
                if a.isCovered(by: b) || b.isCovered(by: a) { stale += 1 } else { concurrent += 1 }
            }
        }
        #expect(stale > 100 && concurrent > 100, "seed \(seed): \(stale) stale pairs, \(concurrent) concurrent")
    }

    @Test(arguments: seeds)
    func mergeIsIdempotent(seed: UInt64) {
        forTriples(seed: seed) { k, a, b, _ in
            let ab = a.merged(with: b)
            #expect(a.merged(with: a) == a, "seed \(seed) triple \(k): a ⊔ a != a for a = \(a)")
            #expect(ab.merged(with: ab) == ab, "seed \(seed) triple \(k): m ⊔ m != m for m = \(ab)")
            return a.merged(with: a) == a && ab.merged(with: ab) == ab
        }
    }

    @Test(arguments: seeds)
    func mergeIsCommutative(seed: UInt64) {
        forTriples(seed: seed) { k, a, b, _ in
            let ab = a.merged(with: b), ba = b.merged(with: a)
            #expect(ab == ba, "seed \(seed) triple \(k): a ⊔ b != b ⊔ a\n a = \(a)\n b = \(b)\n a⊔b = \(ab)\n b⊔a = \(ba)")
            return ab == ba
        }
    }

    @Test(arguments: seeds)
    func mergeIsAssociative(seed: UInt64) {
        forTriples(seed: seed) { k, a, b, c in
            let left = a.merged(with: b).merged(with: c)
            let right = a.merged(with: b.merged(with: c))
            #expect(
                left == right,
                "seed \(seed) triple \(k): (a ⊔ b) ⊔ c != a ⊔ (b ⊔ c)\n a = \(a)\n b = \(b)\n c = \(c)\n left = \(left)\n right = \(right)")
            return left == right
        }
    }

    @Test(arguments: seeds)
    func theMergeHasSeenEverythingBothCopiesHaveSeen(seed: UInt64) {
        forTriples(seed: seed) { k, a, b, _ in
            let ab = a.merged(with: b)
            let ok = ab.vector == a.vector.merged(with: b.vector) && a.isCovered(by: ab) && b.isCovered(by: ab)
            #expect(ok, "seed \(seed) triple \(k): a = \(a)\n b = \(b)\n a⊔b = \(ab)")
            // Every entry of the merge comes from one of the two copies.
            let fromInputs = ab.fields.allSatisfy { field, entries in
                entries.allSatisfy { a.entries(field).contains($0) || b.entries(field).contains($0) }
            }
            #expect(fromInputs, "seed \(seed) triple \(k): the merge invented an entry: \(ab)")
            return ok && fromInputs
        }
    }

    @Test(arguments: seeds)
    func mergingACopyThatHasSeenNothingNewChangesNothing(seed: UInt64) {
        var checked = 0
        forTriples(seed: seed) { k, a, b, _ in
            guard b.isCovered(by: a) else { return true }
            checked += 1
            #expect(a.merged(with: b) == a, "seed \(seed) triple \(k): stale b changed a\n a = \(a)\n b = \(b)")
            return a.merged(with: b) == a
        }
        #expect(checked > 100, "seed \(seed): only \(checked) stale pairs drawn")
    }
}
