import Testing

/// Issue 19, item 4: the convergence property at three levels (`ThreeLevelSimulation`):
/// a national hub, two district hubs, three soums, cases moving between soums and districts
/// while the old soum still edits, under the same delivery faults.
///
///     swift test --filter ThreeLevelConvergenceTests                                  # the CI count
///     HALAMJ_THREE_LEVEL_SEEDS=3000 swift test --filter ThreeLevelConvergenceTests     # a long local run
///     HALAMJ_THREE_LEVEL_SEED=1234 swift test --filter ThreeLevelConvergenceTests      # replay one seed
@Suite("Convergence of a national hub, two districts and three soums, with transfers")
struct ThreeLevelConvergenceTests {
    static let steps = 120
    static let filter = "ThreeLevelConvergenceTests"

    /// What must have happened at least once in a batch; empty when all did.
    static func missing(_ s: ThreeLevelSimulation.Stats) -> [String] {
        var missing: [String] = []
        func need(_ ok: Bool, _ what: String) { if !ok { missing.append(what) } }
        need(s.nationalTransfers > 0, "a case moved between districts")
        need(s.districtTransfers > 0, "a case moved within a district")
        need(s.editsAtFormerOffice > 0, "an edit from an office the case had left, taken")
        need(s.movedAwayRefusals > 0, "a write to a case that moved away, refused at the old office")
        need(s.officeRefusals > 0, "an office's hub-authority write refused")
        need(s.lostRequests > 0 && s.lostAnswers > 0, "a lost request and a lost answer")
        need(s.duplicates > 0 && s.stalePushes > 0, "duplicated and stale pushes")
        return missing
    }

    @Test(arguments: SeedPlan.threeLevel.batches)
    func everyReplicaHoldingACaseEndsWithTheSameBytes_AndNoWriteIsLost(batch: SeedBatch) async throws {
        var total = ThreeLevelSimulation.Stats()
        var failures = 0
        for seed in batch.seeds {
            let sim = try ThreeLevelSimulation(seed: seed)
            try await sim.run(steps: Self.steps)
            let problems = try sim.finalProblems()
            total.nationalTransfers += sim.stats.nationalTransfers
            total.districtTransfers += sim.stats.districtTransfers
            total.editsAtFormerOffice += sim.stats.editsAtFormerOffice
            total.movedAwayRefusals += sim.stats.movedAwayRefusals
            total.officeRefusals += sim.stats.officeRefusals
            total.lostRequests += sim.stats.lostRequests
            total.lostAnswers += sim.stats.lostAnswers
            total.duplicates += sim.stats.duplicates
            total.stalePushes += sim.stats.stalePushes
            guard problems.isEmpty else {
                failures += 1
                Issue.record(Comment(rawValue: """
                    seed \(seed) (\(Self.steps) steps): \(problems.count) problems
                    \(problems.prefix(4).joined(separator: "\n"))
                    replay: \(SeedPlan.threeLevel.replayCommand(seed: seed, filter: Self.filter))
                    """))
                if failures == 3 { break }
                continue
            }
        }
        guard !batch.isReplay, batch.seeds.count == Int(SeedPlan.threeLevel.batchSize), failures == 0 else { return }
        let missing = Self.missing(total)
        #expect(missing.isEmpty, "\(batch.testDescription) never produced: \(missing.joined(separator: "; "))")
    }
}
