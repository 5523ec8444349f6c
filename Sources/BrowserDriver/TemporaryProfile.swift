import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh, private directory for one browser's profile, removed on close.
///
/// A new `--user-data-dir` per launch keeps runs independent (no cookies or cache from
/// the last test) and lets several browsers run at once. Chromium's XDG config and cache
/// directories are pointed inside it too, so nothing is left in the user's home.
struct TemporaryProfile: Sendable {
    let path: String

    init() throws(BrowserError) {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/browser-driver-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw .launchFailed("mkdtemp in \(base): \(String(cString: strerror(errno)))")
        }
        path = String(cString: created)
    }

    /// The environment Chromium runs with: ours, with its caches moved into the profile.
    func environment(inheriting inherited: [String: String]) -> [String: String] {
        var environment = inherited
        environment["XDG_CONFIG_HOME"] = "\(path)/xdg-config"
        environment["XDG_CACHE_HOME"] = "\(path)/xdg-cache"
        return environment
    }

    /// Live processes whose command line names this profile: Chromium's helpers, and
    /// also the crashpad handlers, which `setsid` out of Chromium's process group and so
    /// survive a group kill for a moment. Zombies have an empty command line and are
    /// skipped; whoever their parent is (init, once orphaned) reaps them.
    func processesUsingIt() -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let needle = Array(path.utf8)
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                  let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                  cmdline.count >= needle.count else { return nil }
            return [UInt8](cmdline).firstRange(of: needle) == nil ? nil : pid
        }
    }

    /// Waits up to `grace` seconds for the profile's processes to exit, then SIGKILLs
    /// the rest. The path is unique to this launch, so nothing else is touched.
    func stopProcessesUsingIt(grace: TimeInterval) {
        let deadline = Date().addingTimeInterval(grace)
        while !processesUsingIt().isEmpty && Date() < deadline {
            usleep(50_000)
        }
        for pid in processesUsingIt() {
            kill(pid, SIGKILL)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
