import Foundation
import HalamjHTTP
import Synchronization
import SyncModel

/// What every request to a web app passes before a page, the same for the soum's app and
/// the district's desk: the Host it names (DNS rebinding: a page of another site whose name
/// resolves to 127.0.0.1 must not reach the app), for a form the session's CSRF token and
/// the Origin, and the login.
public final class WebGate: Sendable {
    public let sessions = Sessions()
    public let throttle = LoginThrottle()
    /// The session cookie's name; each app has its own, so that the soum's app and a desk on
    /// one machine never read each other's.
    public let cookieName: String
    /// Where the app's paths start: "" for the soum's app, "/desk" at the hub.
    public let root: String
    /// False when the app is reached by names it cannot know: the soum's app serving other
    /// machines (`serve --allow-remote`), the district's desk behind nginx.
    public let checksHost: Bool
    private let allowedHosts = Mutex<Set<String>>([])

    public init(cookieName: String, root: String = "", checksHost: Bool) {
        self.cookieName = cookieName
        self.root = root
        self.checksHost = checksHost
    }

    /// Called once the port is known: the names the browser may use for this app.
    public func allowHosts(listenHost: String, port: UInt16) {
        var hosts: Set<String> = ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"]
        hosts.insert("\(listenHost.lowercased()):\(port)")
        if port == 80 { hosts.formUnion(["127.0.0.1", "localhost", listenHost.lowercased()]) }
        allowedHosts.withLock { $0.formUnion(hosts) }
    }

    /// How a request passed the gate.
    public enum Admission: Sendable {
        /// Refused, or sent to the login page: the answer to give.
        case answer(HTTPResponse)
        /// The login page's own request (with the session of its form, if any).
        case login(Sessions.Session?, FormData)
        /// A logged-in user's request, its form read and checked.
        case user(Sessions.Session, String, FormData)
    }

    /// The path of the login page.
    public var loginPath: String { root + "/login" }

    /// Checks `request`: its Host, then for a POST its form's CSRF token and its Origin, then
    /// its session's user, of whom `stillValid(user, loggedInAt)` says whether the account
    /// still lets that session go on (not disabled, no new password since).
    public func admit(_ request: HTTPRequest, now: Int64, stillValid: (String, Int64) throws -> Bool) throws -> Admission {
        let host = request.headers["Host"]?.lowercased() ?? ""
        guard !checksHost || allowedHosts.withLock({ $0.contains(host) }) else {
            return .answer(WebResponse.problem(421, "Энэ хаягаар нээх боломжгүй", "This app answers only at its own address (127.0.0.1).", root: root))
        }
        let session = sessions.find(WebResponse.cookie(cookieName, in: request), now: now)
        var form = FormData()
        if request.method == "POST" {
            if let boundary = MultipartForm.boundary(ofContentType: request.headers["Content-Type"]) {
                // A form with a file (a scan): its token is checked like any form's.
                form = try MultipartForm.parse(request.body, boundary: boundary)
            } else {
                form = try FormData.parse(request.body)
            }
            // Another site's page cannot post here: it does not know the session's token.
            guard let session, let sent = form["_csrf"], ConstantTime.equals(sent, session.csrf) else {
                return .answer(WebResponse.problem(403, "Маягтын хугацаа дууссан",
                                                   "This form has expired or did not come from this app; open the page again and resend it.", root: root))
            }
            if let origin = request.headers["Origin"], origin != "null", Self.hostOf(origin: origin) != host {
                return .answer(WebResponse.problem(403, "Өөр сайтаас илгээсэн маягт", "A form sent from another site is refused.", root: root))
            }
        }
        if request.path == loginPath { return .login(session, form) }
        guard let session, let user = session.user, try stillValid(user, session.createdAt) else {
            // A disabled user's sessions, and those from before a new password, each end at
            // their next request (not the user's every session: one made after the new
            // password is valid).
            if let session, session.user != nil { sessions.remove(session.id) }
            guard request.method == "GET" else { return .answer(WebResponse.redirect(loginPath)) }
            return .answer(WebResponse.redirect(loginPath + "?" + FormData.encode([("next", request.target)])))
        }
        return .user(session, user, form)
    }

    /// `route`'s answer, or the app's problem page for what it threw: a form that cannot be
    /// read (400), an HTTP error (its own status), anything else (500, its cause noted for
    /// the log line, never shown half-saved).
    public func answer(_ request: HTTPRequest, _ route: () throws -> HTTPResponse) -> HTTPResponse {
        do {
            return try route()
        } catch let error as FormData.Malformed {
            return WebResponse.problem(400, "Маягт буруу байна", "The form could not be read: \(error.description).", root: root)
        } catch let error as HTTPError {
            return WebResponse.problem(error.status, "Хүсэлт буруу байна", error.message, root: root)
        } catch {
            request.notes.noteFailure(error)
            return WebResponse.problem(500, "Алдаа гарлаа", "The page could not be shown: \(error). Nothing was saved half-way.", root: root)
        }
    }

    /// `https://name:port` → `name:port`, as a Host header names it.
    static func hostOf(origin: String) -> String {
        let lowered = origin.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            return String(lowered.dropFirst(scheme.count))
        }
        return lowered
    }

    /// The session cookie for `session`, and the one that ends it.
    public func cookie(for session: Sessions.Session) -> (String, String) {
        WebResponse.sessionCookie(cookieName, session.id, root: root)
    }

    public var clearedCookie: (String, String) { WebResponse.clearedSessionCookie(cookieName, root: root) }
}
