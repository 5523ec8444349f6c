import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A spawned Chromium process and our ends of its two DevTools pipes.
///
/// `--remote-debugging-pipe` makes Chromium read commands from fd 3 and write messages
/// to fd 4, so the child must find our pipes at exactly those numbers. `posix_spawn`
/// file actions do that renumbering between fork and exec, where Swift code cannot run.
///
/// Chromium is put in its own process group (its pid is the group id) so that its
/// helper processes (zygote, renderers, GPU, network service) can be killed together.
final class ChromiumProcess: Sendable {
    let pid: pid_t
    /// Our write end; the child's fd 3. Commands go here.
    let commandFD: Int32
    /// Our read end; the child's fd 4. Replies and events come from here.
    let messageFD: Int32

    private let reaped = Mutex<Int32?>(nil)

    private init(pid: pid_t, commandFD: Int32, messageFD: Int32) {
        self.pid = pid
        self.commandFD = commandFD
        self.messageFD = messageFD
    }

    /// Starts `executable` with the pipes on fds 3 and 4.
    ///
    /// - Parameters:
    ///   - environment: the child's full environment.
    ///   - stderrPath: where Chromium's (very chatty) stderr goes; `/dev/null` if nil.
    static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        stderrPath: String?
    ) throws(BrowserError) -> ChromiumProcess {
        _ = ignoreSIGPIPE

        // Both pipes are close-on-exec and moved to fd >= 10 before spawning:
        // close-on-exec keeps them out of any *other* child spawned concurrently (a second
        // browser holding our write end would stop us ever seeing EOF), and fd >= 10
        // guarantees no source fd is already 3 or 4, where `dup2(3, 3)` would leave the
        // close-on-exec flag set and `dup2(4, 3)` could clobber the other pipe.
        let toBrowser = try makePipe()
        let fromBrowser: (read: Int32, write: Int32)
        do {
            fromBrowser = try makePipe()
        } catch {
            close(toBrowser.read)
            close(toBrowser.write)
            throw error
        }
        let childEnds = [toBrowser.read, fromBrowser.write]
        let parentEnds = [toBrowser.write, fromBrowser.read]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 2, stderrPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, toBrowser.read, 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser.write, 4)
        // Descriptors the host process opened without close-on-exec (sockets, files)
        // must not live on in Chromium: an inherited listening socket would keep a
        // server's port open until the browser exits.
        addCloseFrom(&actions, 5)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // Start from a clean signal state whatever the calling thread had blocked.
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        childEnds.forEach { close($0) }
        guard status == 0 else {
            parentEnds.forEach { close($0) }
            throw .launchFailed("posix_spawn \(executable): \(String(cString: strerror(status)))")
        }
        return ChromiumProcess(pid: pid, commandFD: toBrowser.write, messageFD: fromBrowser.read)
    }

    /// True once the process has exited. Does not reap it: while the zombie exists its
    /// pid cannot be reused, so signalling its process group afterwards is still safe.
    var hasExited: Bool {
        if reaped.withLock({ $0 != nil }) { return true }
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        // ECHILD: someone else reaped it (e.g. a SIGCHLD handler set to SIG_IGN).
        if result == -1 { return errno == ECHILD }
        return info.si_signo == SIGCHLD
    }

    /// Stops Chromium and everything it started, waiting at most `grace` seconds for it
    /// to exit by itself first. Always reaps, so no zombie is left behind. Idempotent.
    func terminate(grace: TimeInterval) {
        if reaped.withLock({ $0 != nil }) { return }
        let deadline = Date().addingTimeInterval(grace)
        while !hasExited && Date() < deadline {
            usleep(20_000)
        }
        // Helpers normally exit with the browser; the group kill catches stragglers.
        // The group id is still ours because the leader is not reaped yet.
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        reap()
    }

    /// Exit status as `waitpid` reported it, nil while not reaped.
    var waitStatus: Int32? { reaped.withLock { $0 } }

    /// A human-readable exit status for error messages.
    var exitDescription: String {
        guard let status = waitStatus else { return "still running" }
        let signal = status & 0x7f
        if signal == 0 { return "exit code \((status >> 8) & 0xff)" }
        return "killed by signal \(signal)"
    }

    private func reap() {
        reaped.withLock { reaped in
            guard reaped == nil else { return }
            var status: Int32 = 0
            // Bounded: after SIGKILL the process dies promptly; EINTR just retries.
            for _ in 0..<1_000 {
                let result = waitpid(pid, &status, 0)
                if result == pid { break }
                if result == -1 && errno != EINTR { status = -1; break }
            }
            reaped = status
        }
    }

    private static func makePipe() throws(BrowserError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard createPipe(&fds) == 0 else {
            throw .launchFailed("pipe: \(String(cString: strerror(errno)))")
        }
        let moved = fds.map { fd -> Int32 in
            let high = fcntl(fd, F_DUPFD_CLOEXEC, 10)
            close(fd)
            return high
        }
        guard !moved.contains(-1) else {
            moved.filter { $0 >= 0 }.forEach { close($0) }
            throw .launchFailed("fcntl(F_DUPFD_CLOEXEC): \(String(cString: strerror(errno)))")
        }
        return (moved[0], moved[1])
    }
}

/// `pipe2(fds, O_CLOEXEC)`: creates both ends close-on-exec atomically, so a process
/// spawned by another thread in the same instant cannot inherit them. Glibc's module map
/// hides `pipe2` (it needs `_GNU_SOURCE`), hence the lookup; plain `pipe` plus
/// `FD_CLOEXEC` is the fallback, with that small window.
private func createPipe(_ fds: UnsafeMutablePointer<Int32>) -> Int32 {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    if let symbol = dlsym(dlopen(nil, RTLD_NOW), "pipe2") {
        return unsafeBitCast(symbol, to: Pipe2.self)(fds, O_CLOEXEC)
    }
    guard pipe(fds) == 0 else { return -1 }
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    return 0
}

/// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), looked up at run time for
/// the same module-map reason as `pipe2`; without it, only close-on-exec fds are closed.
private func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(actions, lowest)
    }
}

/// Writing to the pipe of a browser that just died raises SIGPIPE, whose default action
/// kills the whole test process. Ignored once, process-wide; writes then fail with EPIPE.
private let ignoreSIGPIPE: Void = {
    signal(SIGPIPE, SIG_IGN)
}()
