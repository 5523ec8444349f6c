import ReplicaStorage
import SyncModel
import HalamjHTTP

/// A running hub: its replica store, its offices and its HTTP server.
public final class Hub: Sendable {
    public let store: ReplicaStore
    public let router: HubRouter
    private let server: HTTPServer

    public init(store: ReplicaStore, configuration: HubConfiguration = HubConfiguration()) {
        self.store = store
        let router = HubRouter(
            sync: SyncRoutes(
                store: store, maximumDriftMillis: configuration.maximumDriftMillis,
                limiter: configuration.ratePerSecond > 0
                    ? RateLimiter(perSecond: configuration.ratePerSecond, burst: max(1, configuration.rateBurst)) : nil,
                now: configuration.now, compression: configuration.compression),
            admin: AdminRoutes(store: store, silentAfterSeconds: configuration.silentAfterSeconds, now: configuration.now),
            desk: configuration.desk)
        self.router = router
        var http = HTTPServerConfiguration()
        http.host = configuration.host
        http.port = configuration.port
        http.maxBodyBytes = configuration.maxBodyBytes
        http.bodyBudgetBytes = configuration.bodyBudgetBytes
        http.bodyShareBytes = configuration.bodyShareBytes
        http.headTimeout = configuration.headTimeout
        http.requestProgress = configuration.progress
        http.responseProgress = configuration.progress
        http.trustedProxies = configuration.trustedProxies
        // Hub paths hold no citizen's data: `/office/<id>` names an office; the desk's own
        // paths are logged as its patterns (a case number masked).
        http.logger = configuration.logger
        if let deskPattern = configuration.deskRoutePattern {
            http.routePattern = { path in HubRouter.isDeskPath(path) ? deskPattern(path) : path }
        }
        server = HTTPServer(configuration: http, headCheck: { head in try router.checkHead(head) }) { request in
            try router.handle(request)
        }
    }

    /// Binds and starts serving; returns the port (useful when asked for port 0).
    public func start() throws -> UInt16 {
        try server.start()
    }

    public func stop() {
        server.stop()
    }

    /// Request-body bytes the hub holds right now, out of `HubConfiguration.bodyBudgetBytes`.
    public var heldBodyBytes: Int { server.bodyBudget.heldBytes }

    /// Creates a new hub database.
    public static func create(path: String, id: ReplicaID) throws -> ReplicaStore {
        precondition(id.isHub, "a hub's id starts with 'hub-'")
        return try ReplicaStore.create(path: path, replica: id, role: .hub, office: nil, extraMigrations: HubSchema.migrations)
    }

    /// Opens an existing hub database; refuses a node's.
    public static func open(path: String) throws -> ReplicaStore {
        try ReplicaStore.open(
            path: path, expectedRole: .hub, extraMigrations: HubSchema.migrations,
            missingHint: "run 'halamj-hub init --id <hub-id>' first, or pass --db")
    }
}
