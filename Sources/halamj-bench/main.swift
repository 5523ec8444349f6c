import Foundation
#if canImport(Glibc)
import Glibc
#endif

// halamj-bench [--quick] [--only <name>] [--json <file>] [--keep]
// Issue 8's benchmarks. Each scenario measures its own baseline in the same run and
// prints one line: `name: value unit (baseline …, ratio …; goal …) [details]`.

/// A scenario: its name and what runs it.
typealias Scenario = (name: String, run: @Sendable (WorkFolder, Bool) async throws -> BenchResult)

let scenarios: [Scenario] = [
    ("push", PushBench.run),
    ("first-pull", FirstPullBench.run),
    ("o-delta", DeltaBench.run),
    ("idle", IdleBench.run),
    ("fleet", FleetBench.run),
    ("merge", MergeBench.run),
    ("slow-link", SlowLinkBench.run),
    ("status", StatusBench.run),
    ("desk", DeskBench.run),
    ("national", NationalBench.run),
    ("scans", ScanBench.run),
]
/// Run only when named with --only.
let extras: [Scenario] = [
    ("codec", CodecBench.run),
    ("split", SplitBench.run),
]

func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: halamj-bench [--quick] [--only <push|first-pull|o-delta|idle|fleet|merge|slow-link|status|desk|national|scans|codec|split>] [--json <file>] [--keep]
          --quick   small sizes (under a minute); the default runs the full sizes
          --only    run one scenario (codec, split: profile aids, only when named)
          --json    write every result to <file>
          --keep    keep the working folder (databases) in $TMPDIR

        """.utf8))
    exit(64)
}

if CommandLine.arguments.count == 3 && CommandLine.arguments[1] == "--serve-hub" {
    HubProcess.serve(database: CommandLine.arguments[2])  // the fleet's hub process
}

var options = BenchOptions()
var words = CommandLine.arguments.dropFirst()
while let word = words.popFirst() {
    switch word {
    case "--quick": options.quick = true
    case "--keep": options.keep = true
    case "--json": options.jsonPath = words.popFirst() ?? { usage() }()
    case "--only":
        let name = words.popFirst() ?? { usage() }()
        guard (scenarios + extras).contains(where: { $0.name == name }) else { usage() }
        options.only = name
    case "--help", "-h": usage()
    default: usage()
    }
}

signal(SIGPIPE, SIG_IGN)
// Not an async main: with one, the main thread ends up as libdispatch's signal thread
// (sigsuspend), and valgrind 3.19 crashes there, so callgrind could not profile the
// benchmarks. The main thread waits instead; the scenarios run in a task.
Task.detached { [options, scenarios, extras] in
    do {
        exit(try await runScenarios(options, scenarios: scenarios, extras: extras))
    } catch {
        FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
        exit(1)
    }
}
while true { sleep(3600) }

/// Runs the chosen scenarios, prints their lines, writes the JSON; the exit status.
func runScenarios(_ options: BenchOptions, scenarios: [Scenario], extras: [Scenario]) async throws -> Int32 {
    let started = Date()
    let folder = try WorkFolder(keep: options.keep)
    say("halamj-bench \(options.quick ? "--quick" : "(full sizes)") — \(Machine.description) — \(ISO8601DateFormatter().string(from: started))")
    var results: [BenchResult] = []
    var failures = 0
    for scenario in scenarios + extras where options.only == scenario.name || (options.only == nil && scenarios.contains { $0.name == scenario.name }) {
        do {
            let result = try await scenario.run(folder, options.quick)
            results.append(result)
            say(result.line)
        } catch {
            failures += 1
            say("\(scenario.name): FAILED: \(error)")
        }
    }
    folder.removeAll()
    let elapsed = Date().timeIntervalSince(started)
    say("done in \(Format.number(elapsed)) s; bench process peak memory \(Format.number(Machine.memoryMiB("VmHWM") ?? .nan)) MiB")

    if let path = options.jsonPath {
        struct Report: Codable {
            var date: String
            var machine: String
            var quick: Bool
            var seconds: Double
            var results: [BenchResult]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let report = Report(date: ISO8601DateFormatter().string(from: started), machine: Machine.description,
                            quick: options.quick, seconds: elapsed, results: results)
        try encoder.encode(report).write(to: URL(fileURLWithPath: path))
    }
    return failures == 0 ? 0 : 1
}
