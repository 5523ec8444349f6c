/// Where the server listens and the limits that keep one client from exhausting it.
public struct HTTPServerConfiguration: Sendable {
    /// Open connections served at once; the next one is answered 503 with Retry-After.
    public static let defaultMaxConnections = 1024
    /// Seconds within which a request's head must arrive once its first byte has. Heads are
    /// small, so a client still trickling one after this is a slowloris, not a slow link.
    public static let defaultHeadTimeout: Double = 15
    /// Seconds a connection may wait for the first byte of its next request.
    public static let defaultIdleTimeout: Double = 30
    /// Seconds `stop()` waits for in-flight requests before cutting their connections.
    public static let defaultStopTimeout: Double = 5
    /// Pending connections the kernel queues before the accept loop takes them.
    public static let listenBacklog: Int32 = 128

    /// An IPv4 address literal ("127.0.0.1", "0.0.0.0") or "localhost".
    public var host: String
    /// 0 lets the kernel pick a free port; `start()` returns it.
    public var port: UInt16
    public var maxHeaderBytes = HTTPLimits.defaultMaxHeaderBytes
    public var maxHeaderCount = HTTPLimits.defaultMaxHeaderCount
    public var maxBodyBytes = HTTPLimits.defaultMaxBodyBytes
    /// Body bytes held at once by all connections together; see `HTTPBodyBudget`.
    public var bodyBudgetBytes = HTTPLimits.defaultBodyBudgetBytes
    /// Body bytes one sender named by the head check may hold at once (nil: the whole budget).
    public var bodyShareBytes: Int?
    public var maxConnections = defaultMaxConnections
    public var headTimeout = defaultHeadTimeout
    /// How slowly a request body may arrive; its limit counts from the request's first byte.
    /// Past it the answer is 408, then the connection is closed.
    public var requestProgress = HTTPProgressRule()
    /// How slowly the client may take an answer; past it the connection is cut.
    public var responseProgress = HTTPProgressRule()
    public var idleTimeout = defaultIdleTimeout
    /// Proxies whose `X-Forwarded-For` names the client (`HTTPRequestHead.clientAddress`);
    /// none by default: every request is its peer's.
    public var trustedProxies = TrustedProxies()
    public var stopTimeout = defaultStopTimeout
    /// Takes one line per answered request, each failure with its cause, and accept errors.
    public var logger = Logger.discarding
    /// The route a request's path is logged as: the path itself unless the application masks
    /// what must not be logged (a register number or case number in the path).
    public var routePattern: @Sendable (String) -> String = { $0 }

    public init(host: String = "127.0.0.1", port: UInt16 = 0) {
        self.host = host
        self.port = port
    }

    /// The per-request limits; a body larger than the whole budget could never be read, so the
    /// budget also caps one body (413 rather than a 503 whose retry would never succeed).
    public var limits: HTTPLimits {
        HTTPLimits(maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount, maxBodyBytes: min(maxBodyBytes, bodyBudgetBytes))
    }
}
