import Foundation
import HalamjHTTP
import ReplicaStorage
import LocalNode
import SyncModel
import WebAccess

/// The soum social worker's web app on the node's own database: every page reads the
/// same store the command line uses, and every change goes through the same
/// `CaseBook`/`PersonBook` calls, so it syncs exactly like a CLI edit.
public final class NodeWebApp: Sendable {
    public let store: ReplicaStore
    let office: String
    /// Host, CSRF, Origin and login checks, sessions and the login throttle: shared with
    /// the district's desk at the hub.
    let gate: WebGate
    var sessions: Sessions { gate.sessions }
    let sync: BackgroundSync
    /// The clock; tests move it to make cases overdue.
    let clock: @Sendable () -> Int64

    static let cookieName = "halamj_session"

    /// `checksHost` is false only when serving other machines (`serve --allow-remote`):
    /// their browsers name this PC by addresses the app cannot know. `logger` takes a line
    /// for each background sync round ("Sync now"): its counts, or why it failed.
    public init(
        store: ReplicaStore, checksHost: Bool = true, logger: Logger = .discarding,
        clock: @escaping @Sendable () -> Int64 = { Clock.nowMillis() }
    ) throws {
        guard store.role == .node, let office = store.office else {
            throw NodeWebError("the web app serves a soum or khoroo node's database; this file is a hub's")
        }
        self.store = store
        self.office = office
        self.clock = clock
        gate = WebGate(cookieName: Self.cookieName, checksHost: checksHost)
        sync = BackgroundSync(store: store, logger: logger)
    }

    /// Called once the port is known: the names the browser may use for this app.
    public func allowHosts(listenHost: String, port: UInt16) {
        gate.allowHosts(listenHost: listenHost, port: port)
    }

    var login: LoginForm {
        LoginForm(gate: gate, accounts: LocalUsers(store: store), accessLog: AccessLog(store: store), title: "Халамж · \(office)")
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        request.notes.note("office", office)
        return gate.answer(request) { try route(request) }
    }

    private func route(_ request: HTTPRequest) throws -> HTTPResponse {
        let now = clock()
        switch (request.method, request.path) {
        case ("GET", "/static/app.css"): return WebResponse.asset(WebStyle.css, contentType: "text/css; charset=utf-8")
        case ("GET", "/static/app.js"): return WebResponse.asset(Assets.js, contentType: "text/javascript; charset=utf-8")
        case ("GET", "/favicon.ico"): return HTTPResponse(status: 204)
        default: break
        }
        let users = LocalUsers(store: store)
        switch try gate.admit(request, now: now, stillValid: { try users.sessionIsValid($0, loggedInAt: $1) }) {
        case .answer(let response):
            return response
        case .login(let session, let form):
            return try login.handle(request, form: form, session: session, now: now)
        case .user(let session, let user, let form):
            request.notes.note("user", user)
            let context = PageContext(office: office, user: user, csrf: session.csrf, now: now, today: try store.localDate(now))
            let query = try FormData.query(of: request.target)
            let web = WebRequest(method: request.method, path: request.path, query: query, form: form, context: context, sessionID: session.id)
            return try Routes.handle(web, app: self) ?? WebResponse.problem(404, "Хуудас олдсонгүй", "No page at \(request.path).")
        }
    }
}

/// A request after login and CSRF checks: what the pages work with.
struct WebRequest: Sendable {
    let method: String
    let path: String
    let query: FormData
    let form: FormData
    let context: PageContext
    let sessionID: String
}

public struct NodeWebError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
