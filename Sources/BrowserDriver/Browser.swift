import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A headless Chromium driven over the DevTools pipe.
///
/// All pages share one profile, so cookies set on one page (a login) are sent by the
/// others. Every call blocks until Chromium answers or its timeout passes, which keeps
/// tests and scripts linear. Thread-safe: state lives behind locks, replies are matched
/// by id.
///
/// Always `close()` when done; `deinit` closes as a safety net. Pages keep their browser
/// alive, so the browser is not closed under a page still in use.
///
/// ```swift
/// let browser = try Browser.launch()
/// defer { browser.close() }
/// let page = try browser.newPage()
/// try page.navigate(to: "http://127.0.0.1:8080/login")
/// try page.fill(selector: "#user", value: "Батбаяр")
/// try page.clickAndWaitForNavigation(selector: "button[type=submit]")
/// let png = try page.screenshot(fullPage: true)
/// ```
public final class Browser: Sendable {
    public let options: Options
    /// Chromium's product string, e.g. `Chrome/156.0.8078.108`.
    public let version: String
    /// The headless flag this Chromium accepted.
    public let headlessFlag: String

    let pipe: DevToolsPipe
    private let process: ChromiumProcess
    private let profile: TemporaryProfile
    private let closed = Mutex(false)

    /// Flags to try in order: `new` is the real browser without a window; plain
    /// `--headless` is the same thing on Chromium 132+ and the fallback for builds that
    /// reject the `=new` value.
    static let headlessFlags = ["--headless=new", "--headless"]

    private init(options: Options, version: String, headlessFlag: String,
                 pipe: DevToolsPipe, process: ChromiumProcess, profile: TemporaryProfile) {
        self.options = options
        self.version = version
        self.headlessFlag = headlessFlag
        self.pipe = pipe
        self.process = process
        self.profile = profile
    }

    /// Starts Chromium and waits until it answers on the pipe.
    public static func launch(_ options: Options = Options()) throws(BrowserError) -> Browser {
        let environment = ProcessInfo.processInfo.environment
        let executable = try options.resolveExecutable(environment: environment)
        var failures: [String] = []
        for flag in headlessFlags {
            do {
                return try launch(executable: executable, headlessFlag: flag,
                                  options: options, environment: environment)
            } catch {
                failures.append("\(flag): \(error)")
            }
        }
        throw .launchFailed(failures.joined(separator: "; "))
    }

    private static func launch(
        executable: String, headlessFlag: String, options: Options, environment: [String: String]
    ) throws(BrowserError) -> Browser {
        let profile = try TemporaryProfile()
        let process: ChromiumProcess
        do {
            process = try ChromiumProcess.spawn(
                executable: executable,
                arguments: options.arguments(headlessFlag: headlessFlag, userDataDir: profile.path),
                environment: profile.environment(inheriting: environment),
                stderrPath: options.stderrLogPath)
        } catch {
            profile.remove()
            throw error
        }
        let pipe = DevToolsPipe(commandFD: process.commandFD, messageFD: process.messageFD)
        pipe.start()
        do {
            let reply = try pipe.send("Browser.getVersion", timeout: options.startupTimeout)
            let version = reply["product"] as? String ?? "unknown"
            return Browser(options: options, version: version, headlessFlag: headlessFlag,
                           pipe: pipe, process: process, profile: profile)
        } catch {
            pipe.closeCommandEnd()
            process.terminate(grace: 1)
            profile.stopProcessesUsingIt(grace: 1)
            pipe.waitForReader(timeout: 2)
            profile.remove()
            throw .launchFailed("\(executable) \(headlessFlag): \(error) (\(process.exitDescription))"
                                + stderrTail(options.stderrLogPath))
        }
    }

    /// Chromium's process id; it is also the id of the process group of its helpers.
    public var processID: pid_t { process.pid }

    /// The temporary `--user-data-dir`; deleted by `close()`.
    public var userDataDirectory: String { profile.path }

    /// False once Chromium has exited, whether by `close()` or by crashing.
    public var isRunning: Bool { !process.hasExited }

    /// Opens a new tab, attached so commands can be addressed to it, with the `Page` and
    /// `Runtime` domains enabled (needed for load events and JavaScript exceptions) and
    /// the viewport set to the window size.
    public func newPage() throws(BrowserError) -> Page {
        let created = try send("Target.createTarget", params: ["url": "about:blank"])
        guard let targetId = created["targetId"] as? String else {
            throw .unexpectedReply(method: "Target.createTarget", detail: "no targetId in \(created)")
        }
        // flatten: commands for the page go over this same pipe, tagged with sessionId.
        let attached = try send("Target.attachToTarget", params: ["targetId": targetId, "flatten": true])
        guard let sessionId = attached["sessionId"] as? String else {
            throw .unexpectedReply(method: "Target.attachToTarget", detail: "no sessionId in \(attached)")
        }
        let page = Page(browser: self, targetId: targetId, sessionId: sessionId)
        try page.send("Page.enable")
        try page.send("Runtime.enable")
        try page.setViewport(width: options.windowWidth, height: options.windowHeight)
        return page
    }

    /// Sends a raw browser-level DevTools command and returns its `result`.
    @discardableResult
    public func send(
        _ method: String, params: [String: Any] = [:], sessionId: String? = nil,
        timeout: TimeInterval? = nil
    ) throws(BrowserError) -> [String: Any] {
        if closed.withLock({ $0 }) { throw .browserClosed }
        return try pipe.send(method, params: params, sessionId: sessionId,
                      timeout: timeout ?? options.commandTimeout)
    }

    /// Returns and clears recently received events (all sessions), for diagnostics.
    public func takeEvents() -> [DevToolsEvent] {
        pipe.takeEvents()
    }

    /// Asks Chromium to quit, waits up to `closeGracePeriod`, then SIGKILLs its process
    /// group and reaps it; then waits for (or kills) any helper still using the profile,
    /// and deletes the profile. Safe to call more than once.
    public func close() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        // The reply often never comes: Chromium may exit before writing it.
        _ = try? pipe.send("Browser.close", timeout: 2)
        pipe.closeCommandEnd()  // EOF on fd 3 also makes Chromium quit.
        process.terminate(grace: options.closeGracePeriod)
        profile.stopProcessesUsingIt(grace: 2)
        pipe.waitForReader(timeout: 2)
        profile.remove()
    }

    deinit {
        close()
    }
}

/// The end of Chromium's stderr log, to explain a failed launch.
private func stderrTail(_ path: String?) -> String {
    guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
    let lines = text.split(separator: "\n").suffix(5)
    return lines.isEmpty ? "" : "; stderr: " + lines.joined(separator: " | ")
}
