import HalamjHTTP

/// `halamj-node serve`: the web app on an HTTP server of its own, on loopback unless
/// told otherwise.
public final class NodeWebServer: Sendable {
    public let app: NodeWebApp
    private let server: HTTPServer
    public let host: String

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort: UInt16 = 8471
    /// The largest request body: a scan at its limit and the form around it.
    static let maximumUploadBytes = 22 << 20

    /// `logger` takes one line per request (masked route, status, user, bytes, ms) and the cause of every failure.
    public init(app: NodeWebApp, host: String = defaultHost, port: UInt16 = defaultPort, logger: Logger = .discarding) {
        self.app = app
        self.host = host
        var configuration = HTTPServerConfiguration()
        configuration.host = host
        configuration.port = port
        // Forms are small; a scan's upload (issue 20) is one file of at most 20 MB, or a
        // few photos reduced in the browser.
        configuration.maxBodyBytes = Self.maximumUploadBytes
        // Three such uploads at once, more than a soum office's workers send together; no
        // head check: the login form is what takes credentials.
        configuration.bodyBudgetBytes = 3 * Self.maximumUploadBytes
        // Its browsers are in the office, not at the end of a slow link, and with no head check
        // anyone who can reach it may send a body: a form that trickles holds its share of the
        // budget a minute at most, not the default half hour.
        configuration.requestProgress.limit = 60
        configuration.logger = logger
        configuration.routePattern = { Routes.pattern(of: $0) }
        server = HTTPServer(configuration: configuration) { [app] request in app.handle(request) }
    }

    /// Starts serving; returns the bound port.
    @discardableResult
    public func start() throws -> UInt16 {
        let port = try server.start()
        app.allowHosts(listenHost: host, port: port)
        return port
    }

    public func stop() {
        server.stop()
    }
}
