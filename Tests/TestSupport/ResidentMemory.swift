import Foundation
import Synchronization

/// This process's resident memory (VmRSS in /proc/self/status), and its peak while work runs.
public enum ResidentMemory {
    public struct Measurement: Sendable {
        public var before: Int
        public var peak: Int
        public var after: Int
        public var peakGrowth: Int { peak - before }
        public var growth: Int { after - before }

        public var summary: String {
            let mib = { (bytes: Int) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
            return "RSS before \(mib(before)), peak \(mib(peak)) (+\(mib(peakGrowth))), after \(mib(after)) (+\(mib(growth)))"
        }
    }

    public struct Unavailable: Error {}

    public static func bytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw Unavailable() }
        return kilobytes * 1024
    }

    /// Runs `work` while a thread samples the resident memory (and calls `sample`) every 5 ms.
    public static func measure(sampling sample: @escaping @Sendable () -> Void = {}, _ work: () throws -> Void) throws -> Measurement {
        let before = try bytes()
        let peak = Mutex(before)
        let running = Mutex(true)
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // Stops when told, or after 5 minutes whatever happens to the test.
            let deadline = ContinuousClock.now + .seconds(300)
            while running.withLock({ $0 }) && ContinuousClock.now < deadline {
                if let now = try? bytes() { peak.withLock { $0 = max($0, now) } }
                sample()
                Thread.sleep(forTimeInterval: 0.005)
            }
            stopped.signal()
        }
        defer {
            running.withLock { $0 = false }
            _ = stopped.wait(timeout: .now() + 5)
        }
        try work()
        let after = try bytes()
        return Measurement(before: before, peak: max(peak.withLock { $0 }, after), after: after)
    }
}
