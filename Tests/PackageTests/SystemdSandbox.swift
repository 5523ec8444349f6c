import Foundation
import HalamjTestSupport

/// A real systemd, booted by `scripts/systemd-sandbox.sh` as PID 1 of namespaces of its own on
/// a copy-on-write view of this machine's root: what a test installs, enables and starts in
/// there is gone when it stops, and only its own loopback network is reachable. Stopped by
/// `stop()` (or when the value goes), which kills its PID 1 and with it everything inside.
/// The built packages' folder is at `SystemdSandbox.packages` in there.
final class SystemdSandbox {
    private let launcher = Process()
    private let folder = TemporaryDirectory()
    let log: URL
    /// The sandbox's PID 1, as this machine sees it.
    private(set) var pid1: Int32 = 0

    /// Where the sandbox shows `BuiltPackages.folder`.
    static let packages = "/srv/halamj-packages"

    /// Why no sandbox can be booted here; nil when it can.
    static let missing: String? = {
        if getuid() != 0 { return "not root: booting a systemd in namespaces of its own needs root" }
        for program in ["/usr/bin/unshare", "/usr/bin/nsenter", "/lib/systemd/systemd", "/usr/bin/systemctl", "/usr/bin/journalctl"]
        where !FileManager.default.isExecutableFile(atPath: program) {
            return "\(program) is missing (util-linux, systemd)"
        }
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        if !filesystems.contains("overlay") { return "the kernel has no overlayfs" }
        return nil
    }()

    /// `network`: another sandbox whose network this one shares (another machine on the
    /// same network), instead of a loopback of its own.
    init(sharingNetworkWith network: SystemdSandbox? = nil) throws {
        log = folder.url.appendingPathComponent("systemd.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        launcher.executableURL = URL(fileURLWithPath: "/bin/bash")
        launcher.arguments = [BuiltPackages.repository.appendingPathComponent("scripts/systemd-sandbox.sh").path,
                              folder.url.appendingPathComponent("sandbox").path] + (network.map { [String($0.pid1)] } ?? [])
        launcher.standardOutput = output
        launcher.standardError = output
        launcher.standardInput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["SANDBOX_PACKAGES"] = BuiltPackages.folder.path
        launcher.environment = environment
        try launcher.run()
        // unshare's child becomes systemd (the script execs it); wait for it to have booted.
        // Only once the launcher is unshare itself is its child the sandbox's PID 1 (before,
        // the script's own commands are its children).
        let launcherPID = launcher.processIdentifier
        let deadline = Date().addingTimeInterval(60)
        var state = ""
        while Date() < deadline && launcher.isRunning {
            if pid1 == 0, Self.command(of: launcherPID) == "unshare",
               let children = try? String(contentsOfFile: "/proc/\(launcherPID)/task/\(launcherPID)/children", encoding: .utf8),
               let child = children.split(separator: " ").first.flatMap({ Int32($0) }), Self.command(of: child) == "systemd" {
                pid1 = child
            }
            if pid1 != 0 {
                state = (try? run("systemctl is-system-running").stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? ""
                if state == "running" || state == "degraded" { return }
            }
            usleep(100_000)
        }
        let seen = "launcher \(launcher.processIdentifier) running \(launcher.isRunning), PID 1 \(pid1), state '\(state)'"
        let console = journal()
        stop()
        throw Failure(description: "the sandbox's systemd did not boot within 60 s (\(seen)): \(console)")
    }

    /// A process's command name (`/proc/<pid>/comm`), or nil when it is gone.
    private static func command(of pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// A shell command line run in the sandbox as root (in its root folder), to its end.
    @discardableResult
    func run(_ command: String, input: String? = nil, timeout: TimeInterval = 120) throws -> Programs.Result {
        try Programs.runAbsolute("/usr/bin/nsenter",
                                 ["--target", String(pid1), "--mount", "--uts", "--ipc", "--net", "--pid", "--root", "--wd",
                                  "/bin/bash", "-c", command],
                                 in: URL(fileURLWithPath: "/"), environment: ["LANG": "C.UTF-8", "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0"],
                                 input: input, timeout: timeout)
    }

    /// A command that must succeed: its stdout.
    @discardableResult
    func succeed(_ command: String, input: String? = nil) throws -> String {
        let result = try run(command, input: input)
        guard result.status == 0 else {
            throw Failure(description: "in the sandbox, `\(command)` exited with \(result.status): \(result.stderr)\(result.stdout)")
        }
        return result.stdout
    }

    /// Waits (at most `seconds`) until `command` succeeds; false if it never did.
    func eventually(_ seconds: TimeInterval, _ command: String) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try run(command, timeout: 30).status == 0 { return true }
            usleep(250_000)
        } while Date() < deadline
        return false
    }

    /// The sandbox's journal (every unit), or its console log when it never booted.
    func journal() -> String {
        if pid1 != 0, let text = try? run("journalctl --no-pager -o short-iso", timeout: 30), text.status == 0 { return text.stdout }
        return (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    func stop() {
        if pid1 != 0 { kill(pid1, SIGKILL) }
        if launcher.isRunning {
            let deadline = Date().addingTimeInterval(20)
            while launcher.isRunning && Date() < deadline { usleep(50_000) }
            if launcher.isRunning { kill(launcher.processIdentifier, SIGKILL) }
        }
        launcher.waitUntilExit()
        pid1 = 0
    }

    deinit { stop() }
}
