import Foundation
import HalamjHTTP
import LocalNode

/// `/login`: name and password of a local user (`halamj-node user add`). A browser
/// without a session gets one first, so that even the login form carries a CSRF token.
enum LoginPage {
    static func handle(_ request: HTTPRequest, form: FormData, session: Sessions.Session?, app: NodeWebApp, now: Int64) throws -> HTTPResponse {
        let query = try FormData.query(of: request.target)
        let next = safeNext(query["next"] ?? form["next"])
        if request.method == "GET" {
            if session?.user != nil { return WebResponse.redirect(next) }
            let anonymous = session ?? app.sessions.create(user: nil, now: now)
            let noUsers = try LocalUsers(store: app.store).list().isEmpty
            return WebResponse.html(render(csrf: anonymous.csrf, next: next, name: "", error: nil, noUsers: noUsers, office: app.office),
                                    headers: [WebResponse.sessionCookie(anonymous.id)])
        }
        guard request.method == "POST", let session else { return WebResponse.problem(405, "Зөвшөөрөгдөөгүй", "Use the login form.") }
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        if let wait = app.throttle.wait(for: name, now: now) {
            let error = "Олон удаа буруу оруулсан тул \((wait + 999) / 1000) секунд хүлээнэ үү (too many wrong passwords; wait \((wait + 999) / 1000) s)"
            return WebResponse.html(render(csrf: session.csrf, next: next, name: name, error: error, noUsers: false, office: app.office), status: 429)
        }
        app.throttle.attempt(name, now: now)
        guard LocalUsers.isValidName(name), try LocalUsers(store: app.store).verify(name, password: password) else {
            // Only a possible user name goes into the append-only log, not whatever was typed.
            let logged = LocalUsers.isValidName(name) ? name : "(not a user name)"
            try AccessLog(store: app.store).record(user: logged, action: AccessLog.Action.loginFailed, subject: "web", now: now)
            let error = "Нэр эсвэл нууц үг буруу (wrong name or password)"
            return WebResponse.html(render(csrf: session.csrf, next: next, name: name, error: error, noUsers: false, office: app.office), status: 401)
        }
        app.throttle.succeeded(name)
        app.sessions.remove(session.id)
        let loggedIn = app.sessions.create(user: name, now: now)
        try AccessLog(store: app.store).record(user: name, action: AccessLog.Action.login, subject: "web", now: now)
        // Named only once the password matched: a name field may hold a password typed in the wrong box.
        request.notes.note("user", name)
        return WebResponse.redirect(next, headers: [WebResponse.sessionCookie(loggedIn.id)])
    }

    /// Only a path of this app: a link to /login?next=http://elsewhere must not send
    /// the worker away after logging in.
    static func safeNext(_ next: String?) -> String {
        // Browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil") and
        // read "\" as "/": only visible ASCII without backslashes passes.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/login"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }) else { return "/" }
        return next
    }

    static func render(csrf: String, next: String, name: String, error: String?, noUsers: Bool, office: String) -> String {
        var body = "<main class=\"narrow\"><div class=\"card\"><h1>Нэвтрэх <span class=\"muted\">(log in)</span></h1>"
        body += "<p class=\"muted\">Халамж · \(e(office))</p>"
        if noUsers {
            body += "<div class=\"warn\">Хэрэглэгч бүртгэгдээгүй байна. Энэ компьютер дээр <code>halamj-node user add &lt;нэр&gt;</code> командыг ажиллуулна уу (no user yet: run <code>halamj-node user add &lt;name&gt;</code>).</div>"
        }
        if let error { body += "<div class=\"error\" id=\"login-error\">\(e(error))</div>" }
        body += """
            <form method="post" action="/login">\(Layout.csrfField(csrf))<input type="hidden" name="next" value="\(e(next))">
            <label for="name">Нэр (user name)</label><input type="text" id="name" name="name" value="\(e(name))" autocomplete="username" autofocus required>
            <label for="password">Нууц үг (password)</label><input type="password" id="password" name="password" autocomplete="current-password" required>
            <p><button type="submit" id="login">Нэвтрэх (log in)</button></p></form></div></main>
            """
        return Layout.frame("Нэвтрэх", body: body)
    }
}
