import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the runner was asked for.
struct BenchOptions: Sendable {
    var quick = false
    var jsonPath: String?
    var only: String?
    /// Keep the working folder (databases) for a look afterwards.
    var keep = false
}

/// One scenario's outcome: its main value, the baseline measured in the same run,
/// their ratio, and whatever else the scenario reports.
struct BenchResult: Sendable, Codable {
    var name: String
    var value: Double
    var unit: String
    var baseline: Double
    var baselineUnit: String
    /// value / baseline, in the sense the goal is stated in.
    var ratio: Double
    var goal: String
    var goalMet: Bool?
    /// Secondary numbers (bytes, splits, sizes), by name.
    var details: [String: Double] = [:]
    /// Sizes and anything a reader needs to interpret the numbers.
    var notes: String = ""

    /// `name: value unit (baseline …, ratio …; goal …) notes`
    var line: String {
        var text = "\(name): \(Format.number(value)) \(unit) (baseline \(Format.number(baseline)) \(baselineUnit), ratio \(Format.ratio(ratio))"
        if !goal.isEmpty {
            text += "; goal \(goal): " + (goalMet.map { $0 ? "met" : "MISSED" } ?? "n/a")
        }
        text += ")"
        if !notes.isEmpty { text += " " + notes }
        return text
    }
}

enum Format {
    /// 12,345 / 123.4 / 1.23 / 0.0123: enough digits to read, no more.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let magnitude = abs(value)
        if magnitude >= 1000 {
            let rounded = Int64(value.rounded())
            return grouped(rounded)
        }
        if magnitude >= 100 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        if magnitude == 0 { return "0" }
        return String(format: "%.3g", value)
    }

    static func grouped(_ value: Int64) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// Monotonic seconds.
func now() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// Seconds `body` takes.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = now()
    try body()
    return now() - start
}

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = now()
    try await body()
    return now() - start
}

/// CPU seconds (user + system) this process has used, every thread: less disturbed
/// than wall time by other work on the machine.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

/// Nearest-rank percentile.
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// Lines to stderr while the benchmarks run (stdout carries the result lines).
func progress(_ text: String) {
    FileHandle.standardError.write(Data(("  · " + text + "\n").utf8))
}

func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// A fresh folder for one run's databases, removed at the end unless kept.
final class WorkFolder: Sendable {
    let url: URL
    let keep: Bool

    init(keep: Bool) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("halamj-bench-\(UUID().uuidString.prefix(8))", isDirectory: true)
        self.keep = keep
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A sub-folder for one scenario.
    func folder(_ name: String) throws -> String {
        let path = path(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func remove(_ name: String) {
        guard !keep else { return }
        try? FileManager.default.removeItem(atPath: path(name))
    }

    func removeAll() {
        guard !keep else { return }
        try? FileManager.default.removeItem(at: url)
    }
}

/// The machine, for the record.
enum Machine {
    static var description: String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" } ?? "?"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        return "\(cores) cores, \(cpu), \(String(format: "%.0f", memory)) GiB RAM"
    }

    /// A `Vm…` line of /proc/<pid>/status, in MiB (`VmHWM` is the peak resident set).
    static func memoryMiB(_ field: String, pid: String = "self") -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kib = Double(parts[1]) { return kib / 1024 }
        }
        return nil
    }
}
