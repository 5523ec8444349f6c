import Foundation
import Synchronization
import CNetworkNamespace
#if canImport(Glibc)
import Glibc
#endif

/// How slow the emulated link is: iproute2's token bucket filter (`tbf`) on the
/// namespace's loopback. This kernel has no `netem`, so the rate is the link's only
/// property here; round-trip delay and cuts are `LinkProxy`'s.
public struct LinkShape: Sendable, CustomStringConvertible {
    public var bitsPerSecond: Int
    /// Bytes that may pass at once after the link was idle. tbf drops a packet larger than
    /// its burst, so it must exceed a whole frame (the namespace's loopback has MTU 1500,
    /// a frame 1,514 bytes). Kept small: every pause refills it, and what it lets through
    /// at once hides that much of the pause from a measure of the link's use (8 KiB would
    /// hide two seconds of each pause at 32 kbit/s, 3 KiB hides under one).
    public var burstBytes: Int
    /// How long a packet may wait in tbf's queue before it is dropped (the queue is
    /// `rate × latency` long, like a modem's buffer).
    public var queueSeconds: Int

    public init(bitsPerSecond: Int, burstBytes: Int = 3 * 1024, queueSeconds: Int = 5) {
        self.bitsPerSecond = bitsPerSecond
        self.burstBytes = burstBytes
        self.queueSeconds = queueSeconds
    }

    /// 32 kbit/s, the soum office on a bad link of issue 14: 4,000 bytes a second.
    public static let thirtyTwoKilobits = LinkShape(bitsPerSecond: 32_000)

    public var bytesPerSecond: Double { Double(bitsPerSecond) / 8 }

    /// Seconds the link needs for `bytes` at its rate.
    public func seconds(for bytes: Int) -> Double { Double(bytes) / bytesPerSecond }

    public var description: String { "\(bitsPerSecond / 1000) kbit/s (tbf burst \(burstBytes) B, queue \(queueSeconds) s)" }
}

/// A network namespace of its own whose loopback is a slow link (`LinkShape`). A thread of
/// this process enters it with `onThreadInside` to open sockets there; `EmulatedLink` puts
/// the namespace between clients and a server of this machine's own network. (`ip netns
/// exec <name> <program>` runs a program inside; files are shared, only the network is not.)
///
/// Loopback carries both directions through the same tbf: a request, its answer and the
/// TCP acknowledgements of each share the one rate, as on a half-duplex radio link.
///
/// Needs root and iproute2 (`unavailableReason`). Names are `<prefix>-<pid>-<n>`; the
/// namespace is removed by `remove()` (and at the latest in `deinit`), and
/// `removeAbandoned(prefix:)` deletes those whose process is gone (a test run that was
/// killed).
public final class LinkNamespace: Sendable {
    public let name: String
    public let shape: LinkShape
    private let removed = Atomic<Bool>(false)

    private static let made = Atomic<Int>(0)

    /// Makes the namespace, brings its loopback up with MTU 1500 and puts tbf on it.
    public init(shape: LinkShape, prefix: String = "halamj-test") throws {
        guard let tools = Tools.found else { throw LinkEmulationError(Self.unavailableReason() ?? "ip and tc are missing") }
        name = "\(prefix)-\(getpid())-\(Self.made.add(1, ordering: .relaxed).newValue)"
        self.shape = shape
        try Tools.run(tools.ip, ["netns", "add", name])
        do {
            try Tools.run(tools.ip, ["-n", name, "link", "set", "lo", "mtu", "1500", "up"])
            try Tools.run(tools.tc, [
                "-n", name, "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "\(shape.bitsPerSecond)bit",
                "burst", "\(shape.burstBytes)", "latency", "\(shape.queueSeconds)s",
            ])
        } catch {
            remove()
            throw error
        }
    }

    deinit { remove() }

    /// Nil when namespaces can be made here, else why not (for a test to skip with).
    public static func unavailableReason() -> String? {
        if geteuid() != 0 { return "emulating a slow link needs root (ip netns add, tc qdisc); running as uid \(geteuid())" }
        if Tools.found == nil { return "iproute2's ip and tc are not installed (scripts/setup.sh installs iproute2)" }
        return nil
    }

    /// Deletes the namespace; safe to call more than once.
    public func remove() {
        guard !removed.exchange(true, ordering: .acquiringAndReleasing), let tools = Tools.found else { return }
        _ = try? Tools.run(tools.ip, ["netns", "delete", name])
    }

    /// What tbf has let through so far: every packet on the link, both directions, with
    /// its TCP/IP headers (and the 14-byte link header loopback frames carry).
    public func shaperCounters() throws -> ShaperCounters {
        guard let tools = Tools.found else { throw LinkEmulationError("tc is missing") }
        let text = try Tools.run(tools.tc, ["-n", name, "-s", "qdisc", "show", "dev", "lo"])
        guard let counters = ShaperCounters(tcOutput: text) else {
            throw LinkEmulationError("cannot read tbf's counters from: \(text)")
        }
        return counters
    }

    /// TCP's segment counters in the namespace (`/proc/net/snmp` as seen from inside):
    /// segments sent, and of those sent again (a retransmission timer that fired while the
    /// segment waited in tbf's queue, or a loss).
    public func tcpSegments() throws -> (sent: Int, retransmitted: Int) {
        let text = try onThreadInside { try String(contentsOfFile: "/proc/thread-self/net/snmp", encoding: .utf8) }
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("Tcp:") }
        guard lines.count == 2 else { throw LinkEmulationError("no Tcp lines in /proc/net/snmp") }
        let counters = Dictionary(zip(lines[0].split(separator: " "), lines[1].split(separator: " ")).map { (String($0), Int($1) ?? 0) },
                                  uniquingKeysWith: { a, _ in a })
        return (counters["OutSegs"] ?? 0, counters["RetransSegs"] ?? 0)
    }

    /// Runs `body` on a new thread that has entered this namespace, and returns what it
    /// returns. Sockets made there stay in the namespace whichever thread uses them later.
    public func onThreadInside<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let path = "/run/netns/\(name)"
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { done.signal() }
            let result = Result<T, any Error> {
                let target = open(path, O_RDONLY | O_CLOEXEC)
                guard target >= 0 else { throw LinkEmulationError("cannot open \(path): \(String(cString: strerror(errno)))") }
                defer { close(target) }
                let home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                defer { if home >= 0 { close(home) } }
                guard halamj_enter_network_namespace(target) == 0 else {
                    throw LinkEmulationError("setns into \(path): \(String(cString: strerror(errno)))")
                }
                // The thread ends right after; going home anyway keeps the rule simple.
                defer { if home >= 0 { _ = halamj_enter_network_namespace(home) } }
                return try body()
            }
            outcome.withLock { $0 = result }
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// Deletes namespaces named `<prefix>-<pid>-<n>` whose process has ended (or whose pid
    /// now belongs to a process started after the namespace was made): left behind by a
    /// run that was killed before its cleanup. Returns their names.
    @discardableResult
    public static func removeAbandoned(prefix: String = "halamj-test") -> [String] {
        guard let tools = Tools.found, let list = try? Tools.run(tools.ip, ["netns", "list"]) else { return [] }
        var removed: [String] = []
        for line in list.split(separator: "\n") {
            guard let name = line.split(separator: " ").first.map(String.init), name.hasPrefix(prefix + "-") else { continue }
            let parts = name.dropFirst(prefix.count + 1).split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), Int(parts[1]) != nil, pid != getpid() else { continue }
            if isOwned(namespace: name, by: pid) { continue }
            if (try? Tools.run(tools.ip, ["netns", "delete", name])) != nil { removed.append(name) }
        }
        return removed
    }

    /// Whether process `pid` runs and is older than the namespace (so may be its maker).
    private static func isOwned(namespace name: String, by pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        let files = FileManager.default
        guard let made = (try? files.attributesOfItem(atPath: "/run/netns/\(name)"))?[.modificationDate] as? Date,
              let started = (try? files.attributesOfItem(atPath: "/proc/\(pid)"))?[.modificationDate] as? Date else { return true }
        return started <= made
    }
}

/// tbf's counters (`tc -s qdisc show`).
public struct ShaperCounters: Sendable, Equatable {
    /// Bytes and packets tbf let through, both directions.
    public var bytes: Int
    public var packets: Int
    /// Packets dropped because the queue was full (a sender faster than the link).
    public var dropped: Int

    public init(bytes: Int, packets: Int, dropped: Int) {
        self.bytes = bytes
        self.packets = packets
        self.dropped = dropped
    }

    /// Reads ` Sent 1234 bytes 56 pkt (dropped 0, overlimits 7 requeues 0)`.
    init?(tcOutput text: String) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "(" || $0 == ")" })
        guard let sent = words.firstIndex(of: "Sent"), sent + 3 < words.count,
              let bytes = Int(words[sent + 1]), let packets = Int(words[sent + 3]) else { return nil }
        let dropped = words.firstIndex(of: "dropped").flatMap { $0 + 1 < words.count ? Int(words[$0 + 1]) : nil } ?? 0
        self.init(bytes: bytes, packets: packets, dropped: dropped)
    }

    public static func - (a: ShaperCounters, b: ShaperCounters) -> ShaperCounters {
        ShaperCounters(bytes: a.bytes - b.bytes, packets: a.packets - b.packets, dropped: a.dropped - b.dropped)
    }
}

public struct LinkEmulationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// iproute2's programs, where Debian puts them.
enum Tools {
    struct Paths: Sendable {
        let ip: String
        let tc: String
    }

    static let found: Paths? = {
        let folders = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        func find(_ tool: String) -> String? {
            folders.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        guard let ip = find("ip"), let tc = find("tc") else { return nil }
        return Paths(ip: ip, tc: tc)
    }()

    /// Runs a tool to its end; its standard output, or an error with its standard error.
    @discardableResult
    static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Small outputs: read to the end, then reap.
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let command = ([path] + arguments).joined(separator: " ")
            throw LinkEmulationError("\(command) failed (\(process.terminationStatus)): \(String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
