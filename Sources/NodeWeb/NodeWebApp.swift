import Foundation
import HalamjHTTP
import ReplicaStorage
import LocalNode
import SyncModel
import Synchronization

/// The soum social worker's web app on the node's own database: every page reads the
/// same store the command line uses, and every change goes through the same
/// `CaseBook`/`PersonBook` calls, so it syncs exactly like a CLI edit.
public final class NodeWebApp: Sendable {
    public let store: ReplicaStore
    let office: String
    let sessions = Sessions()
    let throttle = LoginThrottle()
    let sync: BackgroundSync
    /// Host header values this app answers to (DNS rebinding: a page of another site
    /// that resolves its name to 127.0.0.1 must not reach the app).
    private let allowedHosts: Mutex<Set<String>>
    /// The clock; tests move it to make cases overdue.
    let clock: @Sendable () -> Int64

    static let cookieName = "halamj_session"

    /// False only when serving other machines (`serve --allow-remote`): their browsers
    /// name this PC by addresses the app cannot know.
    let checksHost: Bool

    /// `logger` takes a line for each background sync round ("Sync now"): its counts, or
    /// why it failed.
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
        self.checksHost = checksHost
        sync = BackgroundSync(store: store, logger: logger)
        allowedHosts = Mutex([])
    }

    /// Called once the port is known: the names the browser may use for this app.
    public func allowHosts(listenHost: String, port: UInt16) {
        var hosts: Set<String> = ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"]
        hosts.insert("\(listenHost.lowercased()):\(port)")
        if port == 80 { hosts.formUnion(["127.0.0.1", "localhost", listenHost.lowercased()]) }
        allowedHosts.withLock { $0.formUnion(hosts) }
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        request.notes.note("office", office)
        do {
            return try route(request)
        } catch let error as FormData.Malformed {
            return WebResponse.problem(400, "Маягт буруу байна", "The form could not be read: \(error.description).")
        } catch let error as HTTPError {
            return WebResponse.problem(error.status, "Хүсэлт буруу байна", error.message)
        } catch {
            request.notes.noteFailure(error)
            return WebResponse.problem(500, "Алдаа гарлаа", "The page could not be shown: \(error). Nothing was saved half-way.")
        }
    }

    private func route(_ request: HTTPRequest) throws -> HTTPResponse {
        let host = request.headers["Host"]?.lowercased() ?? ""
        guard !checksHost || allowedHosts.withLock({ $0.contains(host) }) else {
            return WebResponse.problem(421, "Энэ хаягаар нээх боломжгүй", "This app answers only at its own address (127.0.0.1).")
        }
        let now = clock()
        switch (request.method, request.path) {
        case ("GET", "/static/app.css"): return WebResponse.asset(Assets.css, contentType: "text/css; charset=utf-8")
        case ("GET", "/static/app.js"): return WebResponse.asset(Assets.js, contentType: "text/javascript; charset=utf-8")
        case ("GET", "/favicon.ico"): return HTTPResponse(status: 204)
        default: break
        }
        let session = sessions.find(Self.cookie(Self.cookieName, in: request), now: now)
        var form = FormData()
        if request.method == "POST" {
            form = try FormData.parse(request.body)
            // Another site's page cannot post here: it does not know the session's token.
            guard let session, let sent = form["_csrf"], ConstantTime.equals(sent, session.csrf) else {
                return WebResponse.problem(403, "Маягтын хугацаа дууссан", "This form has expired or did not come from this app; open the page again and resend it.")
            }
            if let origin = request.headers["Origin"], origin != "null",
               origin.replacingOccurrences(of: "http://", with: "").lowercased() != host {
                return WebResponse.problem(403, "Өөр сайтаас илгээсэн маягт", "A form sent from another site is refused.")
            }
        }
        if request.path == "/login" {
            return try LoginPage.handle(request, form: form, session: session, app: self, now: now)
        }
        guard let session, let user = session.user, try LocalUsers(store: store).sessionIsValid(user, loggedInAt: session.createdAt) else {
            // A disabled user's sessions, and those from before a new password, each end at
            // their next request (not the user's every session: one made after the new
            // password is valid).
            if let session, session.user != nil { sessions.remove(session.id) }
            guard request.method == "GET" else { return WebResponse.redirect("/login") }
            return WebResponse.redirect("/login?" + FormData.encode([("next", request.target)]))
        }
        request.notes.note("user", user)
        let context = PageContext(office: office, user: user, csrf: session.csrf, now: now, today: try store.localDate(now))
        let query = try FormData.query(of: request.target)
        let web = WebRequest(method: request.method, path: request.path, query: query, form: form, context: context, sessionID: session.id)
        return try Routes.handle(web, app: self) ?? WebResponse.problem(404, "Хуудас олдсонгүй", "No page at \(request.path).")
    }

    static func cookie(_ name: String, in request: HTTPRequest) -> String? {
        for header in request.headers.values("Cookie") {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
            }
        }
        return nil
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
