import Foundation
import HalamjHTTP

/// `<root>/login`, the same for the soum's app and the district's desk: name and password of
/// an account (`halamj-node user add`, `halamj-hub user add`). A browser without a session
/// gets one first, so that even the login form carries a CSRF token. Attempts are throttled
/// per name, logins and failures go to the access log, and a new session id is made at login.
public struct LoginForm {
    public let gate: WebGate
    public let accounts: WebAccounts
    public let accessLog: AccessLog
    /// What the page says it logs in to, e.g. "Халамж · soum-4305".
    public let title: String

    public init(gate: WebGate, accounts: WebAccounts, accessLog: AccessLog, title: String) {
        self.gate = gate
        self.accounts = accounts
        self.accessLog = accessLog
        self.title = title
    }

    public func handle(_ request: HTTPRequest, form: FormData, session: Sessions.Session?, now: Int64) throws -> HTTPResponse {
        let query = try FormData.query(of: request.target)
        let next = safeNext(query["next"] ?? form["next"])
        if request.method == "GET" {
            if session?.user != nil { return WebResponse.redirect(next) }
            let anonymous = session ?? gate.sessions.create(user: nil, now: now)
            let noUsers = try accounts.list().isEmpty
            return WebResponse.html(render(csrf: anonymous.csrf, next: next, name: "", error: nil, noUsers: noUsers),
                                    headers: [gate.cookie(for: anonymous)])
        }
        guard request.method == "POST", let session else {
            return WebResponse.problem(405, "Зөвшөөрөгдөөгүй", "Use the login form.", root: gate.root)
        }
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        if let wait = gate.throttle.wait(for: name, now: now) {
            let error = "Олон удаа буруу оруулсан тул \((wait + 999) / 1000) секунд хүлээнэ үү (too many wrong passwords; wait \((wait + 999) / 1000) s)"
            return WebResponse.html(render(csrf: session.csrf, next: next, name: name, error: error, noUsers: false), status: 429)
        }
        gate.throttle.attempt(name, now: now)
        guard WebAccounts.isValidName(name), try accounts.verify(name, password: password) else {
            // Only a possible user name goes into the append-only log, not whatever was typed.
            let logged = WebAccounts.isValidName(name) ? name : "(not a user name)"
            try accessLog.record(user: logged, action: AccessLog.Action.loginFailed, subject: "web", now: now)
            let error = "Нэр эсвэл нууц үг буруу (wrong name or password)"
            return WebResponse.html(render(csrf: session.csrf, next: next, name: name, error: error, noUsers: false), status: 401)
        }
        gate.throttle.succeeded(name)
        gate.sessions.remove(session.id)
        let loggedIn = gate.sessions.create(user: name, now: now)
        try accessLog.record(user: name, action: AccessLog.Action.login, subject: "web", now: now)
        // Named only once the password matched: a name field may hold a password typed in the wrong box.
        request.notes.note("user", name)
        return WebResponse.redirect(next, headers: [gate.cookie(for: loggedIn)])
    }

    /// Ends the session: the access log says so, the browser's cookie is cleared.
    public func logOut(user: String, sessionID: String, now: Int64) throws -> HTTPResponse {
        gate.sessions.remove(sessionID)
        try accessLog.record(user: user, action: AccessLog.Action.logout, subject: "web", now: now)
        return WebResponse.redirect(gate.loginPath, headers: [gate.clearedCookie])
    }

    /// Only a path of this app: a link to /login?next=http://elsewhere must not send the
    /// user away after logging in.
    public func safeNext(_ next: String?) -> String { Self.safeNext(next, root: gate.root) }

    /// The same for an app whose paths start at `root`.
    public static func safeNext(_ next: String?, root: String) -> String {
        let home = root + "/"
        // Browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil") and
        // read "\" as "/": only visible ASCII without backslashes passes.
        guard let next, next.hasPrefix(home), !next.hasPrefix("//"), !next.hasPrefix(root + "/login"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }) else { return home }
        return next
    }

    func render(csrf: String, next: String, name: String, error: String?, noUsers: Bool) -> String {
        var body = "<main class=\"narrow\"><div class=\"card\"><h1>Нэвтрэх <span class=\"muted\">(log in)</span></h1>"
        body += "<p class=\"muted\">\(e(title))</p>"
        if noUsers {
            let command = e(accounts.kind.addCommand)
            body += "<div class=\"warn\">Хэрэглэгч бүртгэгдээгүй байна. Энэ компьютер дээр <code>\(command) &lt;нэр&gt;</code> командыг ажиллуулна уу (no user yet: run <code>\(command) &lt;name&gt;</code>).</div>"
        }
        if let error { body += "<div class=\"error\" id=\"login-error\">\(e(error))</div>" }
        body += """
            <form method="post" action="\(e(gate.loginPath))">\(PageFrame.csrfField(csrf))<input type="hidden" name="next" value="\(e(next))">
            <label for="name">Нэр (user name)</label><input type="text" id="name" name="name" value="\(e(name))" autocomplete="username" autofocus required>
            <label for="password">Нууц үг (password)</label><input type="password" id="password" name="password" autocomplete="current-password" required>
            <p><button type="submit" id="login">Нэвтрэх (log in)</button></p></form></div></main>
            """
        return PageFrame.page("Нэвтрэх", body: body, root: gate.root)
    }
}
