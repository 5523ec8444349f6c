import Foundation
import Testing

/// Which seeds a property test runs.
///
/// - CI runs `defaultCount` seeds, split into batches that run in parallel.
/// - `<countVariable>=<n>` runs seeds `0..<n` instead (long local runs).
/// - `<replayVariable>=<s>` replays seed `s` alone; every failure message prints the command.
struct SeedPlan: Sendable {
    let countVariable: String
    let replayVariable: String
    let defaultCount: UInt64
    let batchSize: UInt64

    /// The model (`ConvergenceTests`): `HALAMJ_SEEDS`, `HALAMJ_SEED`.
    static let model = SeedPlan(countVariable: "HALAMJ_SEEDS", replayVariable: "HALAMJ_SEED", defaultCount: 1_000, batchSize: 50)
    /// The real stores and routes (`StoreConvergenceTests`): `HALAMJ_CONVERGENCE_SEEDS`, `HALAMJ_CONVERGENCE_SEED`.
    /// 1,000 seeds, as the model: some 90 s in CI (500 took 46 s there).
    static let store = SeedPlan(
        countVariable: "HALAMJ_CONVERGENCE_SEEDS", replayVariable: "HALAMJ_CONVERGENCE_SEED", defaultCount: 1_000, batchSize: 50)

    /// Three levels, real stores and routes, transfers (`ThreeLevelConvergenceTests`):
    /// `HALAMJ_THREE_LEVEL_SEEDS`, `HALAMJ_THREE_LEVEL_SEED`.
    static let threeLevel = SeedPlan(
        countVariable: "HALAMJ_THREE_LEVEL_SEEDS", replayVariable: "HALAMJ_THREE_LEVEL_SEED", defaultCount: 300, batchSize: 30)

    private static let environment = ProcessInfo.processInfo.environment

    /// The one seed being replayed, if any.
    var replayed: UInt64? { Self.environment[replayVariable].flatMap { Self.parse($0) } }

    /// How many seeds a full run covers.
    var count: UInt64 { Self.environment[countVariable].flatMap { Self.parse($0) }.map { max($0, 1) } ?? defaultCount }

    /// Accepts decimal or `0x` hexadecimal, with `_` separators.
    static func parse(_ text: String) -> UInt64? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if t.lowercased().hasPrefix("0x") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }

    /// The batches of seeds to run: the replayed seed alone, or `0..<count` in batches.
    var batches: [SeedBatch] {
        if let seed = replayed { return [SeedBatch(seeds: seed..<(seed &+ 1), isReplay: true)] }
        return stride(from: UInt64(0), to: count, by: Int(batchSize)).map {
            SeedBatch(seeds: $0..<min($0 + batchSize, count), isReplay: false)
        }
    }

    /// The command that replays `seed` alone.
    func replayCommand(seed: UInt64, filter: String) -> String {
        "\(replayVariable)=\(seed) swift test --filter \(filter)"
    }
}

/// A range of seeds run as one parameterised test case.
struct SeedBatch: Sendable, CustomTestStringConvertible {
    let seeds: Range<UInt64>
    /// A single seed replayed with `HALAMJ_SEED`: coverage statistics are not checked.
    let isReplay: Bool

    var testDescription: String { isReplay ? "seed \(seeds.lowerBound)" : "seeds \(seeds.lowerBound)..<\(seeds.upperBound)" }
}
