import HalamjHTTP
import ReplicaStorage
import SyncModel

/// How a hub serves its offices.
public struct HubConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port: UInt16 = 8470
    /// The largest request body accepted (413 past it).
    public var maxBodyBytes = 32 * 1024 * 1024
    /// Request-body bytes held at once across all connections (503 with Retry-After past it,
    /// before the body is read). Two bodies at the cap, or some sixteen full pushes of 1,000
    /// records (~4 MB each) at once: bounds what a flood of uploads can make the hub hold.
    public var bodyBudgetBytes = 64 * 1024 * 1024
    /// What one office (or administrator) holds of the body budget at once, however many
    /// connections it opens: half of it, but never less than one largest body. A stolen
    /// token trickling bodies within the progress rule for half an hour leaves the other
    /// half to every other office.
    public var bodyShareBytes: Int { min(bodyBudgetBytes, max(maxBodyBytes, bodyBudgetBytes / 2)) }
    /// Seconds within which a request's head must arrive once it has begun (a slowloris
    /// trickling headers is answered 408).
    public var headTimeout = HTTPServerConfiguration.defaultHeadTimeout
    /// How slowly a body may move, up (a push) or down (an answer): at least 1 KiB in every
    /// 20 s and the whole within 30 minutes by default, so that a node on 32 kbit/s is never
    /// cut while a stalled one is within a window.
    public var progress = HTTPProgressRule()
    /// A peer's clock reading further ahead than this does not move the hub's clock.
    public var maximumDriftMillis = HybridClock.defaultMaximumDriftMillis
    /// No contact for longer than this makes an office silent on the dashboard.
    public var silentAfterSeconds = 48 * 3_600
    /// Requests a second each office may make, with `rateBurst` at once; 0 turns it off.
    public var ratePerSecond: Double = 50
    public var rateBurst: Double = 200
    /// gzip on the sync routes: answers compressed for nodes that take it, and push answers
    /// saying that push bodies may come compressed. Off only to measure what it saves
    /// (`halamj-bench --only slow-link`); compressed pushes are taken either way.
    public var compression = true
    /// The proxies in front of the hub (nginx on 127.0.0.1) whose `X-Forwarded-For` names the
    /// office's address in logs, `offices.last_address` and sync history; from anyone else the
    /// header is ignored (`--trusted-proxy`). None by default.
    public var trustedProxies = TrustedProxies()
    /// The hub's clock (ms): what it stamps contacts with and judges silence by.
    /// Tests move it forward instead of sleeping.
    public var now: @Sendable () -> Int64 = { Clock.nowMillis() }
    /// One line per request (route, status, office, bytes, ms) and the cause of every failure;
    /// `halamj-hub serve` writes it to stderr. Discarded unless set.
    public var logger = Logger.discarding

    /// The district's desk (`HubDesk.DeskApp`), answering every path under `/desk`; nil: none.
    /// A handler, so that the hub's server needs neither the desk's pages nor the case books.
    public var desk: (@Sendable (HTTPRequest) -> HTTPResponse)?
    /// How a desk path is logged (a case number masked); with `desk`.
    public var deskRoutePattern: (@Sendable (String) -> String)?

    public init() {}
}
