import Foundation
import HalamjTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a target found wrong with one input (a crash or hang is caught elsewhere).
struct Finding: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One fuzz target: its seeds, how it makes an input, how it checks one, and what it keeps.
protocol FuzzStrategy {
    var target: FuzzTarget { get }
    var seeds: [[UInt8]] { get }
    /// A new input, mutated from what the strategy holds.
    mutating func generate(_ rng: inout SplitMix64) -> [UInt8]
    /// Runs the input; returns a short signature of the outcome (status, error kind…).
    mutating func check(_ input: [UInt8], _ rng: inout SplitMix64) throws(Finding) -> String
    /// The last input gave an outcome not seen before: keep it to mutate further.
    mutating func keep(_ input: [UInt8])
    /// How many inputs the strategy now mutates from.
    var corpusSize: Int { get }
}

/// The loop every target shares: seeds first, then mutants; each input timed (a finding past
/// 2 s of CPU time), the process's resident memory checked every 1,000 inputs, inputs with a new
/// outcome kept (a cheap outcome-guided corpus), and the first finding reported with everything
/// needed to replay it.
enum FuzzLoop {
    /// CPU time of the running thread, not wall-clock time, is held to this: the 2-core machines
    /// are shared (other builds, the other test suites in parallel), and a busy machine must not
    /// fail an input. An input that blocks instead of computing is the watchdog's (30 s, wall clock).
    static let slowLimit: Duration = .seconds(2)

    static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// Growth of resident memory over a target's run that counts as unbounded.
    static let memoryLimit = 512 << 20

    static func run<S: FuzzStrategy>(_ strategy: inout S, settings: FuzzSettings = .current) -> FuzzStats {
        let target = strategy.target
        let count = settings.count(for: target)
        let context = CrashContext.shared
        context.begin(target: target, settings: settings)
        defer { context.end() }
        let clock = ContinuousClock()
        let started = clock.now
        let baseline = ResidentMemory.bytes()
        var stats = FuzzStats()
        var signatures: [String: Int] = [:]
        var slowestInput: [UInt8] = []
        let seeds = strategy.seeds

        for iteration in 0..<count {
            var rng = settings.generator(target, iteration: iteration)
            let input = iteration < seeds.count ? seeds[iteration] : strategy.generate(&rng)
            context.running(input, iteration: iteration)
            let before = clock.now
            let cpuBefore = threadCPUTime()
            let result: Result<String, Finding>
            do throws(Finding) {
                result = .success(try strategy.check(input, &rng))
            } catch {
                result = .failure(error)
            }
            let took = clock.now - before
            let cpu = threadCPUTime() - cpuBefore
            context.finished()
            stats.inputs += 1
            stats.slowestWall = max(stats.slowestWall, took)
            if cpu > stats.slowest {
                stats.slowest = cpu
                stats.slowestIteration = iteration
                slowestInput = input
            }
            var finding: String?
            switch result {
            case .success(let signature):
                signatures[signature, default: 0] += 1
                if signatures[signature] == 1 { strategy.keep(input) }
            case .failure(let failure):
                finding = failure.description
            }
            if finding == nil, cpu > slowLimit {
                stats.hangs += 1
                finding = "hang: the input took \(FuzzSummary.milliseconds(cpu)) of CPU time (limit 2 s; \(FuzzSummary.milliseconds(took)) wall clock)"
            }
            if finding == nil, iteration % 1_000 == 999 || iteration == count - 1 {
                let growth = ResidentMemory.bytes() - baseline
                if growth > memoryLimit {
                    finding = "memory: resident memory grew by \(growth >> 20) MiB over \(iteration + 1) inputs (limit \(memoryLimit >> 20) MiB)"
                }
            }
            if let finding {
                stats.failures += 1
                report(finding, target: target, iteration: iteration, input: input, settings: settings)
                break
            }
        }
        stats.elapsed = clock.now - started
        stats.residentGrowth = ResidentMemory.bytes() - baseline
        stats.signatures = signatures.count
        stats.corpus = strategy.corpusSize
        if ProcessInfo.processInfo.environment["HALAMJ_FUZZ_VERBOSE"] != nil {
            for (signature, times) in signatures.sorted(by: { $0.value > $1.value }) {
                print("fuzz[\(target.rawValue)] outcome \(times)x: \(signature.prefix(200))")
            }
            print("fuzz[\(target.rawValue)] slowest input (\(slowestInput.count) bytes): \"\(FuzzInput.escaped(slowestInput, limit: 600))\"")
        }
        return stats
    }

    static func report(_ finding: String, target: FuzzTarget, iteration: Int, input: [UInt8], settings: FuzzSettings) {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("halamj-fuzz-\(target.rawValue)-\(settings.seedText)-\(iteration).bin")
        let saved = (try? Data(input).write(to: file)) != nil
        let message = """
            fuzz[\(target.rawValue)]: \(finding)
            seed \(settings.seedText) (\(settings.seedSource)), iteration \(iteration)
            input (\(input.count) bytes, escaped; FuzzInput.bytes(escaped:) reads it back):
            "\(FuzzInput.escaped(input))"
            \(saved ? "saved: \(file.path)" : "")
            replay: \(settings.replayCommand(target))
            """
        print(message)
        Issue.record(Comment(rawValue: message))
    }
}
