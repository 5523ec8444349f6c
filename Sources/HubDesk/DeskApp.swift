import CaseBooks
import Foundation
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel
import WebAccess

/// The district officer's desk, served by `halamj-hub serve` under `/desk`: the queues of
/// what waits for the district and the actions its workflow allows, for people who log in
/// with an account of the desk (`halamj-hub user add <name> --role …`). The same gate,
/// sessions, login, CSRF and headers as the soum's web app (`WebAccess`); the machines'
/// routes (`/v1/…`, `/metrics`, the administrators' dashboard at `/`) keep their tokens.
public final class DeskApp: Sendable {
    public static let root = HubRouter.deskRoot
    static let cookieName = "halamj_desk"

    public let store: ReplicaStore
    let hubID: String
    let gate: WebGate
    let clock: @Sendable () -> Int64
    /// PBKDF2 rounds for a password set at the desk (fewer only in tests).
    let passwordIterations: Int

    /// The desk is reached through nginx by the hub's public name, which it cannot know:
    /// it checks a form's Origin against the Host it was sent to, not the Host against a list.
    public init(store: ReplicaStore, clock: @escaping @Sendable () -> Int64 = { Clock.nowMillis() },
                passwordIterations: Int = PasswordHash.defaultIterations) throws {
        guard store.role == .hub else { throw DeskError("the district's desk serves a hub's database; this file is an office's") }
        self.store = store
        hubID = store.replica.rawValue
        self.clock = clock
        self.passwordIterations = passwordIterations
        gate = WebGate(cookieName: Self.cookieName, root: Self.root, checksHost: false)
    }

    var accounts: WebAccounts { WebAccounts(store: store, kind: .desk) }

    var login: LoginForm {
        LoginForm(gate: gate, accounts: accounts, accessLog: AccessLog(store: store),
                  title: "Халамж · \(hubID) · дүүргийн ажлын байр (the district's desk)")
    }

    /// The case book whose every write carries the audit log's entry of `action` by the
    /// request's user, in the same transaction.
    func book(_ request: DeskRequest, _ action: String, subject: String, detail: String = "") -> CaseBook {
        CaseBook(store: store, alongside: AuditLog.entry(actor: "desk:\(request.user)", action: action, subject: subject, detail: detail, now: request.now))
    }

    /// How a desk path is logged: a case number masked.
    public static let routePattern: @Sendable (String) -> String = { DeskRoutes.pattern(of: $0) }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        gate.answer(request) { try route(request) }
    }

    private func route(_ request: HTTPRequest) throws -> HTTPResponse {
        let now = clock()
        switch (request.method, request.path) {
        case ("GET", Self.root + "/static/app.css"): return WebResponse.asset(WebStyle.css, contentType: "text/css; charset=utf-8")
        case ("GET", Self.root): return WebResponse.redirect(Self.root + "/")
        default: break
        }
        let accounts = accounts
        switch try gate.admit(request, now: now, stillValid: { try accounts.sessionIsValid($0, loggedInAt: $1) }) {
        case .answer(let response):
            return response
        case .login(let session, let form):
            return try login.handle(request, form: form, session: session, now: now)
        case .user(let session, let user, let form):
            request.notes.note("user", user)
            guard let role = try accounts.role(of: user) else {
                gate.sessions.remove(session.id)
                return WebResponse.redirect(gate.loginPath)
            }
            let desk = DeskRequest(
                method: request.method, path: String(request.path.dropFirst(Self.root.count)),
                query: try FormData.query(of: request.target), form: form, user: user, role: role, csrf: session.csrf,
                sessionID: session.id, now: now, today: try store.localDate(now), hubID: hubID)
            return try DeskRoutes.handle(desk, app: self)
                ?? WebResponse.problem(404, "Хуудас олдсонгүй", "No page at \(request.path).", root: Self.root)
        }
    }
}

/// A request that passed the gate: who asks (and in which role), and what.
struct DeskRequest: Sendable {
    let method: String
    /// The path after `/desk` ("/" for the home page).
    let path: String
    let query: FormData
    let form: FormData
    let user: String
    let role: DeskRole
    let csrf: String
    let sessionID: String
    let now: Int64
    /// The district's calendar day (the hub's time zone).
    let today: CivilDate
    let hubID: String
}

public struct DeskError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// HTML-escaped text.
func e(_ text: String) -> String { HTMLText.escape(text) }
