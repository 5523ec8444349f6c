import Foundation
import Testing

/// Which seeds the property tests run.
///
/// - CI runs `defaultCount` seeds, split into batches that run in parallel.
/// - `HALAMJ_SEEDS=<n>` runs seeds `0..<n` instead (long local runs).
/// - `HALAMJ_SEED=<s>` replays seed `s` alone; every failure message prints the command.
enum SeedPlan {
    static let defaultCount: UInt64 = 1_000
    static let batchSize: UInt64 = 50

    private static let environment = ProcessInfo.processInfo.environment

    /// The one seed being replayed, if any.
    static let replayed: UInt64? = environment["HALAMJ_SEED"].flatMap { parse($0) }

    /// How many seeds a full run covers.
    static let count: UInt64 = environment["HALAMJ_SEEDS"].flatMap { parse($0) }.map { max($0, 1) } ?? defaultCount

    /// Accepts decimal or `0x` hexadecimal, with `_` separators.
    static func parse(_ text: String) -> UInt64? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if t.lowercased().hasPrefix("0x") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }

    /// The batches of seeds to run: the replayed seed alone, or `0..<count` in batches.
    static var batches: [SeedBatch] {
        if let seed = replayed { return [SeedBatch(seeds: seed..<(seed &+ 1), isReplay: true)] }
        return stride(from: UInt64(0), to: count, by: Int(batchSize)).map {
            SeedBatch(seeds: $0..<min($0 + batchSize, count), isReplay: false)
        }
    }

    /// The command that replays `seed` alone.
    static func replayCommand(seed: UInt64, filter: String) -> String {
        "HALAMJ_SEED=\(seed) swift test --filter \(filter)"
    }
}

/// A range of seeds run as one parameterised test case.
struct SeedBatch: Sendable, CustomTestStringConvertible {
    let seeds: Range<UInt64>
    /// A single seed replayed with `HALAMJ_SEED`: coverage statistics are not checked.
    let isReplay: Bool

    var testDescription: String { isReplay ? "seed \(seeds.lowerBound)" : "seeds \(seeds.lowerBound)..<\(seeds.upperBound)" }
}
