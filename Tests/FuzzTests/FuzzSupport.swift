import Foundation
import HalamjTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
import HalamjHTTP
#endif

/// The fuzz targets; each has its own stream of inputs derived from the run's seed.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `HTTPRequestParser.parseHead` on whole inputs and on their prefixes, then the body framing.
    case parser
    /// `ChunkedBodyDecoder`, fed at once and in random pieces.
    case chunked
    /// `JSONDecoder` of `PushRequest` (with `Record`'s custom `Decodable`).
    case decode
    /// Whole requests through `HubRouter` with `SyncRoutes` on a real hub database.
    case handler

    /// The test that runs this target, for the replay command.
    var testName: String {
        switch self {
        case .parser: "requestParser"
        case .chunked: "chunkedDecoder"
        case .decode: "pushBodyDecoding"
        case .handler: "syncHandlers"
        }
    }

    var salt: UInt64 {
        switch self {
        case .parser: 0x7061_7273_6572
        case .chunked: 0x6368_756E_6B65
        case .decode: 0x6465_636F_6465
        case .handler: 0x6861_6E64_6C65
        }
    }
}

/// The knobs, from the environment:
/// - `HALAMJ_FUZZ_SEED` (decimal or 0x-hex) replays a run; without it CI (`CI` set) uses a fixed
///   seed, so CI is reproducible, and a developer's run draws a new one, so each run explores anew.
/// - `HALAMJ_FUZZ_ITERATIONS` is the number of inputs over all targets together (default 100,000;
///   see `count(for:)` for the shares).
struct FuzzSettings: Sendable {
    static let defaultIterations = 100_000
    static let ciSeed: UInt64 = 0x4841_4C41_4D4A_0007

    let seed: UInt64
    let seedSource: String
    let iterations: Int

    static let current = FuzzSettings(environment: ProcessInfo.processInfo.environment)

    init(environment: [String: String]) {
        if let text = environment["HALAMJ_FUZZ_SEED"], let value = Self.parseNumber(text) {
            seed = value
            seedSource = "HALAMJ_FUZZ_SEED"
        } else if let ci = environment["CI"], !ci.isEmpty, ci != "false", ci != "0" {
            seed = Self.ciSeed
            seedSource = "fixed CI seed"
        } else {
            seed = UInt64.random(in: .min ... .max)
            seedSource = "random"
        }
        iterations = environment["HALAMJ_FUZZ_ITERATIONS"].flatMap { Self.parseNumber($0) }.map { Int(clamping: max(1, $0)) }
            ?? Self.defaultIterations
    }

    static func parseNumber(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if trimmed.lowercased().hasPrefix("0x") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed)
    }

    /// The target's share of the inputs: the parser 35%, the chunked decoder 20%, the push-body
    /// decoder 30%, the handlers 15% (each handler input costs a SQLite transaction).
    func count(for target: FuzzTarget) -> Int {
        let parser = max(1, iterations * 35 / 100)
        let chunked = max(1, iterations * 20 / 100)
        let handler = max(1, iterations * 15 / 100)
        switch target {
        case .parser: return parser
        case .chunked: return chunked
        case .handler: return handler
        case .decode: return max(1, iterations - parser - chunked - handler)
        }
    }

    var seedText: String { "0x" + String(seed, radix: 16, uppercase: true) }

    func replayCommand(_ target: FuzzTarget) -> String {
        "HALAMJ_FUZZ_SEED=\(seedText) HALAMJ_FUZZ_ITERATIONS=\(iterations) swift test --skip-build --filter 'FuzzTests.\(target.testName)'"
    }

    /// The generator of one iteration: a function of the seed, the target and the iteration only.
    func generator(_ target: FuzzTarget, iteration: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ target.salt)
        let base = mixer.next()
        var generator = SplitMix64(seed: base &+ UInt64(iteration) &* 0xD1B5_4A32_D192_ED03)
        _ = generator.next()
        return generator
    }
}

/// Writes bytes readably: printable ASCII as is, `\r` `\n` `\t` `\\` `\"`, everything else `\xHH`.
/// `FuzzInput.bytes(escaped:)` reads it back, so a reported input pastes into a regression test.
enum FuzzInput {
    static func escaped(_ bytes: some Collection<UInt8>, limit: Int = 8192) -> String {
        var text = ""
        text.reserveCapacity(min(bytes.count, limit) + 16)
        for byte in bytes.prefix(limit) {
            switch byte {
            case 0x0D: text += "\\r"
            case 0x0A: text += "\\n"
            case 0x09: text += "\\t"
            case 0x5C: text += "\\\\"
            case 0x22: text += "\\\""
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        if bytes.count > limit { text += "… (\(bytes.count - limit) more bytes)" }
        return text
    }

    static func bytes(escaped text: String) -> [UInt8] {
        var result: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            let byte = source[index]
            guard byte == 0x5C, index + 1 < source.count else {
                result.append(byte)
                index += 1
                continue
            }
            switch source[index + 1] {
            case UInt8(ascii: "r"): result.append(0x0D); index += 2
            case UInt8(ascii: "n"): result.append(0x0A); index += 2
            case UInt8(ascii: "t"): result.append(0x09); index += 2
            case UInt8(ascii: "x") where index + 3 < source.count:
                result.append(UInt8(String(decoding: source[(index + 2)...(index + 3)], as: UTF8.self), radix: 16)!)
                index += 4
            default: result.append(source[index + 1]); index += 2
            }
        }
        return result
    }
}

/// The process's resident memory, from /proc/self/statm.
enum ResidentMemory {
    static func bytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

// MARK: - Crash and hang reports

/// What the process is running now, in memory a signal handler may read without allocating:
/// if a trap (SIGILL/SIGTRAP), abort or fault kills the process, the handler prints the seed,
/// target, iteration, input and replay command before the default action (or the Swift
/// backtracer) runs. A watchdog thread does the same, then aborts, for an input running too long.
final class CrashContext: @unchecked Sendable {
    static let inputCapacity = 1 << 21
    static let headerCapacity = 4096
    static let shared = CrashContext()

    let header = UnsafeMutablePointer<UInt8>.allocate(capacity: CrashContext.headerCapacity)
    var headerLength = 0
    let input = UnsafeMutablePointer<UInt8>.allocate(capacity: CrashContext.inputCapacity)
    var inputLength = 0
    var inputTotal = 0
    var iteration = 0
    var active = false
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    /// Where the report saves the whole input (NUL-terminated), and how much of it it prints.
    static let pathCapacity = 1024
    static let printedBytes = 16 * 1024
    let crashPath = UnsafeMutablePointer<CChar>.allocate(capacity: CrashContext.pathCapacity)
    var crashPathLength = 0
    /// Monotonic nanoseconds at which the current input started; 0 when idle.
    let startedAt = Atomic<UInt64>(0)
    private let installed = Mutex(false)

    private init() {}

    func begin(target: FuzzTarget, settings: FuzzSettings) {
        install()
        let text = """

        ================ fuzz: the process died on an input ================
        target: \(target.rawValue)   seed: \(settings.seedText) (\(settings.seedSource))
        replay: \(settings.replayCommand(target))

        """
        let bytes = Array(text.utf8.prefix(CrashContext.headerCapacity))
        bytes.withUnsafeBufferPointer { header.update(from: $0.baseAddress!, count: $0.count) }
        headerLength = bytes.count
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("halamj-fuzz-\(target.rawValue)-\(settings.seedText)-crash.bin").path
        let pathBytes = Array(path.utf8.prefix(CrashContext.pathCapacity - 1)).map { CChar(bitPattern: $0) } + [0]
        pathBytes.withUnsafeBufferPointer { crashPath.update(from: $0.baseAddress!, count: $0.count) }
        crashPathLength = pathBytes.count - 1
        active = true
    }

    func end() {
        active = false
        startedAt.store(0, ordering: .relaxed)
    }

    /// Records the input about to run; cheap enough to call for every input.
    func running(_ bytes: [UInt8], iteration: Int) {
        self.iteration = iteration
        inputTotal = bytes.count
        inputLength = min(bytes.count, CrashContext.inputCapacity)
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { input.update(from: base, count: inputLength) }
        }
        startedAt.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
    }

    func finished() {
        startedAt.store(0, ordering: .relaxed)
    }

    // Async-signal-safe printing: write(2) from preallocated memory only.

    func emit(_ pointer: UnsafePointer<UInt8>, _ count: Int) {
        var offset = 0
        while offset < count {
            let written = write(2, pointer + offset, count - offset)
            if written <= 0 { return }
            offset += written
        }
    }

    func emitStatic(_ text: StaticString) {
        emit(text.utf8Start, text.utf8CodeUnitCount)
    }

    func emitNumber(_ value: Int) {
        var number = max(0, value)
        var digits = 0
        // Digits fill the first 64 bytes of the scratch buffer from the end.
        var index = 63
        repeat {
            scratch[index] = UInt8(ascii: "0") + UInt8(number % 10)
            number /= 10
            index -= 1
            digits += 1
        } while number > 0 && index >= 0
        emit(UnsafePointer(scratch + index + 1), digits)
    }

    /// The report; from a signal handler or the watchdog.
    func report(reason: StaticString) {
        guard active else { return }
        emit(UnsafePointer(header), headerLength)
        emitStatic("reason: ")
        emitStatic(reason)
        emitStatic("\niteration: ")
        emitNumber(iteration)
        emitStatic("\ninput (")
        emitNumber(inputTotal)
        emitStatic(" bytes, escaped; FuzzInput.bytes(escaped:) reads it back):\n\"")
        let hex: StaticString = "0123456789ABCDEF"
        let digits = hex.utf8Start
        var fill = 64
        for index in 0..<min(inputLength, CrashContext.printedBytes) {
            if fill > 4096 - 8 {
                emit(UnsafePointer(scratch + 64), fill - 64)
                fill = 64
            }
            let byte = input[index]
            switch byte {
            case 0x0D: scratch[fill] = 0x5C; scratch[fill + 1] = UInt8(ascii: "r"); fill += 2
            case 0x0A: scratch[fill] = 0x5C; scratch[fill + 1] = UInt8(ascii: "n"); fill += 2
            case 0x09: scratch[fill] = 0x5C; scratch[fill + 1] = UInt8(ascii: "t"); fill += 2
            case 0x5C, 0x22: scratch[fill] = 0x5C; scratch[fill + 1] = byte; fill += 2
            case 0x20...0x7E: scratch[fill] = byte; fill += 1
            default:
                scratch[fill] = 0x5C
                scratch[fill + 1] = UInt8(ascii: "x")
                scratch[fill + 2] = digits[Int(byte >> 4)]
                scratch[fill + 3] = digits[Int(byte & 0x0F)]
                fill += 4
            }
        }
        emit(UnsafePointer(scratch + 64), fill - 64)
        emitStatic("\"")
        if inputLength > CrashContext.printedBytes { emitStatic("… (the rest is in the saved file)") }
        // open/write/close are async-signal-safe.
        let descriptor = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if descriptor >= 0 {
            var offset = 0
            while offset < inputLength {
                let written = write(descriptor, input + offset, inputLength - offset)
                if written <= 0 { break }
                offset += written
            }
            close(descriptor)
            emitStatic("\nsaved: ")
            crashPath.withMemoryRebound(to: UInt8.self, capacity: crashPathLength) { emit(UnsafePointer($0), crashPathLength) }
        }
        emitStatic("\n====================================================================\n")
    }

    private func install() {
        installed.withLock { done in
            guard !done else { return }
            done = true
            for number in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE] {
                installCrashHandler(number)
            }
            Thread.detachNewThread { CrashContext.shared.watch() }
        }
    }

    /// Seconds one input may run before the watchdog reports it and aborts (the per-input
    /// limit of 2 s is checked after each input; this catches inputs that never return).
    static let watchdogSeconds: UInt64 = 30

    private func watch() {
        while true {
            Thread.sleep(forTimeInterval: 0.5)
            let started = startedAt.load(ordering: .relaxed)
            guard started != 0 else { continue }
            if DispatchTime.now().uptimeNanoseconds &- started > Self.watchdogSeconds * 1_000_000_000 {
                report(reason: "hang: one input ran longer than the watchdog's 30 s")
                active = false  // reported once: the SIGABRT handler stays quiet
                abort()
            }
        }
    }
}

/// The handlers that were installed before ours (index: signal number), to chain to.
nonisolated(unsafe) private let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
nonisolated(unsafe) private let hasPreviousAction = UnsafeMutablePointer<Bool>.allocate(capacity: 65)

private func installCrashHandler(_ number: Int32) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = crashSignalHandler
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    hasPreviousAction[Int(number)] = sigaction(number, &action, previousActions + Int(number)) == 0
}

private func crashSignalHandler(_ number: Int32) {
    let context = CrashContext.shared
    switch number {
    case SIGILL, SIGTRAP: context.report(reason: "crash: trap (SIGILL/SIGTRAP: a Swift runtime check failed)")
    case SIGABRT: context.report(reason: "crash: abort (SIGABRT)")
    default: context.report(reason: "crash: fault (SIGSEGV/SIGBUS/SIGFPE)")
    }
    context.active = false
    // Hand the signal to whoever had it before (the Swift backtracer, or the default action).
    if hasPreviousAction[Int(number)] {
        sigaction(number, previousActions + Int(number), nil)
    } else {
        signal(number, SIG_DFL)
    }
    if number == SIGABRT { raise(number) }
    // For a fault or trap, returning re-executes the instruction under the previous handler.
}

// MARK: - Statistics and the closing summary

struct FuzzStats: Sendable {
    var inputs = 0
    var failures = 0
    var hangs = 0
    /// CPU time of the slowest input, and which it was.
    var slowest: Duration = .zero
    var slowestIteration = 0
    /// Wall-clock time of the slowest input (includes waiting for a core on a busy machine).
    var slowestWall: Duration = .zero
    var elapsed: Duration = .zero
    var residentGrowth = 0
    var corpus = 0
    var signatures = 0
}

enum FuzzSummary {
    private static let finished = Mutex<[FuzzTarget: FuzzStats]>([:])

    static func milliseconds(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return ms < 10 ? String(format: "%.1f ms", ms) : String(format: "%.0f ms", ms)
    }

    /// Prints the target's line and, once every target has reported, the total line.
    static func report(_ target: FuzzTarget, _ stats: FuzzStats, settings: FuzzSettings) {
        print("fuzz[\(target.rawValue)]: \(stats.inputs) inputs, 0 crashes, \(stats.hangs) hangs, \(stats.failures) failures, "
              + "slowest \(milliseconds(stats.slowest)) CPU (iteration \(stats.slowestIteration); \(milliseconds(stats.slowestWall)) wall), "
              + "\(stats.signatures) distinct outcomes, corpus \(stats.corpus), "
              + "resident memory \(stats.residentGrowth >= 0 ? "+" : "")\(stats.residentGrowth / (1 << 20)) MiB, "
              + "\(milliseconds(stats.elapsed)); seed \(settings.seedText) (\(settings.seedSource))")
        let all = finished.withLock { done -> [FuzzStats]? in
            done[target] = stats
            return done.count == FuzzTarget.allCases.count ? Array(done.values) : nil
        }
        if let all {
            let inputs = all.map(\.inputs).reduce(0, +)
            let hangs = all.map(\.hangs).reduce(0, +)
            let failures = all.map(\.failures).reduce(0, +)
            let slowest = all.map(\.slowest).max() ?? .zero
            let slowestWall = all.map(\.slowestWall).max() ?? .zero
            let elapsed = all.map(\.elapsed).reduce(.zero, +)
            print("fuzz: \(inputs) inputs, 0 crashes, \(hangs) hangs, \(failures) failures, "
                  + "slowest \(milliseconds(slowest)) CPU (\(milliseconds(slowestWall)) wall), "
                  + "\(milliseconds(elapsed)) in all; seed \(settings.seedText) (\(settings.seedSource))")
        }
    }
}
