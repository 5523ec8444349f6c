import Testing

/// Issue 16, item 3: issue 4's property through the real code (`StoreSimulation`): real
/// `ReplicaStore`s, the hub's router, each node's `SyncClient`, faults on the wire.
///
///     swift test --filter StoreConvergenceTests                               # the CI count
///     HALAMJ_CONVERGENCE_SEEDS=5000 swift test --filter StoreConvergenceTests  # a long local run
///     HALAMJ_CONVERGENCE_SEED=1234 swift test --filter StoreConvergenceTests   # replay one seed
@Suite("Convergence of the real hub and four real offices under every merge policy")
struct StoreConvergenceTests {
    static let steps = 90
    static let filter = "StoreConvergenceTests"

    /// What must have happened at least once in a batch; empty when all did.
    static func missing(_ s: StoreSimulation.Stats) -> [String] {
        var missing: [String] = []
        func need(_ ok: Bool, _ what: String) { if !ok { missing.append(what) } }
        // Hub-authority siblings arise only between hubs, and there is one hub here.
        for policy in [Oracle.Policy.lastWriterWins, .workflow, .flag] {
            need(s.siblingsAtHub[policy, default: 0] > 0, "siblings of a \(policy) field at the hub")
        }
        for policy in [Oracle.Policy.workflow, .flag] {
            need(s.closings[policy, default: 0] > 0, "an automatic closing of a \(policy) field")
        }
        need(s.hubAuthorityRefusals > 0, "an office's hub-authority write refused")
        need(s.hubOnlyStateRefusals > 0, "an office's hub-only state refused")
        need(s.model.deletions > 0 && s.model.restores > 0, "a deletion and a restore")
        need(s.resolutions > 0, "a conflict resolved by a person")
        need(s.openValueConflicts > 0, "a value conflict open at the end")
        need(s.openDeletionConflicts > 0, "a deletion conflict open at the end")
        need(s.lostRequests > 0 && s.lostAnswers > 0, "a lost request and a lost answer")
        need(s.duplicates > 0 && s.stalePushes > 0 && s.stalePulls > 0, "duplicated and stale pushes, stale pulls")
        need(s.rewound > 0, "a stale push refused whole as older than what the hub holds")
        return missing
    }

    static func add(_ a: StoreSimulation.Stats, to total: inout StoreSimulation.Stats) {
        total.hubAuthorityRefusals += a.hubAuthorityRefusals
        total.hubOnlyStateRefusals += a.hubOnlyStateRefusals
        total.model.deletions += a.model.deletions
        total.model.restores += a.model.restores
        total.resolutions += a.resolutions
        total.openValueConflicts += a.openValueConflicts
        total.openDeletionConflicts += a.openDeletionConflicts
        total.lostRequests += a.lostRequests
        total.lostAnswers += a.lostAnswers
        total.duplicates += a.duplicates
        total.stalePushes += a.stalePushes
        total.stalePulls += a.stalePulls
        total.rewound += a.rewound
        total.closings.merge(a.closings, uniquingKeysWith: +)
        total.siblingsAtHub.merge(a.siblingsAtHub, uniquingKeysWith: +)
    }

    @Test(arguments: SeedPlan.store.batches)
    func everyRealReplicaEndsTheSameAndNoEditIsEverLost(batch: SeedBatch) async throws {
        var total = StoreSimulation.Stats()
        var failures = 0
        for seed in batch.seeds {
            let sim = try StoreSimulation(seed: seed)
            try await sim.run(steps: Self.steps)
            let problems = try sim.finalProblems()
            Self.add(sim.stats, to: &total)
            guard problems.isEmpty else {
                failures += 1
                Issue.record(Comment(rawValue: """
                    seed \(seed) (\(Self.steps) steps): \(problems.count) problems
                    \(problems.prefix(4).joined(separator: "\n"))
                    replay: \(SeedPlan.store.replayCommand(seed: seed, filter: Self.filter))
                    """))
                if failures == 3 { break }  // a few counterexamples, not hundreds
                continue
            }
        }
        guard !batch.isReplay, batch.seeds.count == Int(SeedPlan.store.batchSize), failures == 0 else { return }
        let missing = Self.missing(total)
        #expect(missing.isEmpty, "\(batch.testDescription) never produced: \(missing.joined(separator: "; "))")
    }

    @Test func theSeedsCanBeChosenFromTheEnvironment() {
        #expect(SeedPlan.store.replayCommand(seed: 7, filter: Self.filter)
                == "HALAMJ_CONVERGENCE_SEED=7 swift test --filter StoreConvergenceTests")
        if SeedPlan.store.replayed == nil {
            #expect(SeedPlan.store.batches.map(\.seeds.count).reduce(0, +) == Int(SeedPlan.store.count))
        }
    }
}
