import Foundation
import ReplicaStorage
import SyncModel
import HalamjHTTP

/// The administrators' views: the dashboard, an office's page, the status as JSON
/// and the metrics. Each needs an administrator's token, as `Bearer` or as the
/// password of HTTP Basic (so a browser can ask for it); an office's token is 403.
public struct AdminRoutes: Sendable {
    public let store: ReplicaStore
    public let silentAfterSeconds: Int
    public let requests: RequestMetrics
    public let now: @Sendable () -> Int64

    public init(
        store: ReplicaStore, silentAfterSeconds: Int = StatusReport.defaultSilentAfterSeconds,
        requests: RequestMetrics = RequestMetrics(), now: @escaping @Sendable () -> Int64 = { Clock.nowMillis() }
    ) {
        self.store = store
        self.silentAfterSeconds = silentAfterSeconds
        self.requests = requests
        self.now = now
    }

    static let challenge = [("WWW-Authenticate", "Basic realm=\"Halamj hub\", charset=\"UTF-8\"")]

    /// The administrator whose credential `headers` carry; 401 without a valid one, 403
    /// for an office's token. The hub checks it before reading a body (`HubRouter.checkHead`).
    func authorize(_ headers: HTTPHeaders) throws -> String {
        guard let header = headers["Authorization"] else {
            throw HTTPError(401, "unauthorized", "an administrator's token is needed ('halamj-hub admin add <name>')", headers: Self.challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        var token = ""
        if parts.count == 2, parts[0].lowercased() == "bearer" {
            token = parts[1].trimmingCharacters(in: .whitespaces)
        } else if parts.count == 2, parts[0].lowercased() == "basic",
                  let decoded = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") {
            token = String(text[text.index(after: colon)...])
        }
        if let admin = try AdminRegistry(store: store).authenticate(token: token, now: now()) { return admin }
        if try OfficeRegistry(store: store).authenticate(token: token) != nil {
            throw HTTPError(403, "forbidden", "an office's token cannot open the administrators' views")
        }
        throw HTTPError(401, "unauthorized", "unknown or revoked administrator token", headers: Self.challenge)
    }

    /// `authorize` for a request, naming the administrator in its log line.
    func authorize(_ request: HTTPRequest) throws {
        request.notes.note("admin", try authorize(request.headers))
    }

    func status() throws -> HubStatus {
        try StatusReport(store: store, silentAfterSeconds: silentAfterSeconds).build(now: now())
    }

    public func dashboard(_ request: HTTPRequest) throws -> HTTPResponse {
        try authorize(request)
        return .text(DashboardPage.render(try status()), contentType: "text/html; charset=utf-8")
    }

    public func office(_ request: HTTPRequest, id: String) throws -> HTTPResponse {
        try authorize(request)
        guard let office = try status().offices.first(where: { $0.id == id }) else {
            throw HTTPError(404, "not-found", "no office \(id) at this hub")
        }
        let history = try SyncHistory.events(store, office: id)
        return .text(OfficePage.render(office, history: history, hub: store.replica.rawValue, now: now()),
                     contentType: "text/html; charset=utf-8")
    }

    public func statusJSON(_ request: HTTPRequest) throws -> HTTPResponse {
        try authorize(request)
        return .json(try status())
    }

    public func metrics(_ request: HTTPRequest) throws -> HTTPResponse {
        try authorize(request)
        return .text(MetricsPage.render(try status(), requests: requests), contentType: MetricsPage.contentType)
    }
}
