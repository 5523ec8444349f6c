import Foundation

extension Browser {
    /// How to start Chromium. The defaults suit tests and screenshots on a headless Linux box.
    public struct Options: Sendable {
        /// Chromium binary; nil picks `$CHROMIUM`, then `/usr/bin/chromium`, then
        /// `/usr/bin/chromium-browser`.
        public var executablePath: String?
        /// Window size in CSS pixels; also the viewport every new page gets, set
        /// explicitly because headless Chromium subtracts room for (invisible) browser
        /// UI from the window: `--window-size=1366,768` alone gives a 1366×681 viewport.
        public var windowWidth = 1366
        public var windowHeight = 768
        /// UI and content language, e.g. `"mn-MN"`: sets `navigator.language(s)` and the
        /// `Accept-Language` header. Passed as `--accept-lang` too, since Chromium on
        /// Linux ignores `--lang` for both.
        public var language: String?
        /// Appended after the built-in flags.
        public var extraArguments: [String] = []
        /// Default time a DevTools command may take.
        public var commandTimeout: TimeInterval = 15
        /// Default time a navigation may take to reach its load event.
        public var navigationTimeout: TimeInterval = 30
        /// How long Chromium may take to answer its first command.
        public var startupTimeout: TimeInterval = 20
        /// How long `close()` waits for a graceful exit before SIGKILL.
        public var closeGracePeriod: TimeInterval = 5
        /// Keep Chromium's stderr here (appended). Nil sends it to `/dev/null`; launch
        /// errors then cannot quote it, so set this when debugging a launch failure.
        public var stderrLogPath: String?

        public init() {}

        /// Where to look for Chromium when `executablePath` is nil, in order.
        static func candidatePaths(environment: [String: String]) -> [String] {
            var paths: [String] = []
            if let custom = environment["CHROMIUM"], !custom.isEmpty { paths.append(custom) }
            paths += ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            return paths
        }

        func resolveExecutable(environment: [String: String]) throws(BrowserError) -> String {
            if let executablePath {
                guard FileManager.default.isExecutableFile(atPath: executablePath) else {
                    throw .chromiumNotFound(searched: [executablePath])
                }
                return executablePath
            }
            let candidates = Self.candidatePaths(environment: environment)
            guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
                throw .chromiumNotFound(searched: candidates)
            }
            return found
        }

        /// The command line after the executable.
        ///
        /// - Parameter headlessFlag: `--headless=new` first; `--headless` as fallback for
        ///   builds that reject the value.
        func arguments(headlessFlag: String, userDataDir: String) -> [String] {
            var arguments = [
                headlessFlag,
                "--remote-debugging-pipe",
                "--no-sandbox",  // We usually run as root, where the sandbox refuses to start.
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--user-data-dir=\(userDataDir)",
                "--window-size=\(windowWidth),\(windowHeight)",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // Not --disable-crashpad-for-testing: on Chromium 156 it makes the network
                // service crash ("FD ownership violation") and every navigation fail
                // with net::ERR_ABORTED. Crashpad's two handler processes leave our
                // process group but exit by themselves when the browser exits.
                // No keyring or D-Bus on a headless box; avoid waiting for one.
                "--password-store=basic",
                "--mute-audio",
                // Overlay-free layout: the page is exactly the viewport wide (no 15 px
                // scrollbar gutter), in viewport and full-page screenshots alike.
                "--hide-scrollbars",
            ]
            if let language {
                let primary = language.split(separator: "-").first.map(String.init) ?? language
                let accepted = primary == language ? language : "\(language),\(primary)"
                arguments += ["--lang=\(language)", "--accept-lang=\(accepted)"]
            }
            arguments += extraArguments
            arguments.append("about:blank")
            return arguments
        }
    }
}
