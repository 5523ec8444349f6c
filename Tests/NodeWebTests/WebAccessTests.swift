import Foundation
import HalamjTestSupport
import LocalNode
@testable import NodeWeb
import Testing

/// Who gets in: login required everywhere, CSRF on every form, the session cookie's
/// flags, the Host check, wrong passwords and their throttle, logout.
@Suite struct WebAccessTests {
    @Test func everyPage_RedirectsToLogin_UntilLoggedIn() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        for path in ["/", "/sync", "/decisions", "/overdue", "/conflicts", "/access-log", "/people/new"] {
            let page = try client.get(path)
            #expect(page.status == 303, "\(path)")
            #expect(page.location?.hasPrefix("/login?next=") == true, "\(path)")
        }
        let login = try client.get("/login")
        #expect(login.status == 200)
        #expect(login.text.contains("Нэвтрэх"))
        let cookie = login.headers.values("Set-Cookie").first ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        #expect(login.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
        let home = try client.logIn()
        #expect(home.status == 200)
        #expect(home.text.contains("Иргэн хайх"))
        #expect(home.text.contains(WebFixture.user))
        // Logging in gave a new session id: one planted before login is worthless.
        #expect(!cookie.contains(client.cookies[NodeWebApp.cookieName] ?? "-"))
    }

    @Test func wrongPassword_IsRefused_Logged_AndThrottled() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        let form = try client.get("/login")
        let wrong = try client.post("/login", [("_csrf", form.csrf!), ("name", WebFixture.user), ("password", "not the password")])
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("Нэр эсвэл нууц үг буруу"))
        #expect(wrong.text.contains("value=\"\(WebFixture.user)\""))  // the name is kept
        for _ in 0..<4 { _ = try client.post("/login", [("_csrf", form.csrf!), ("name", WebFixture.user), ("password", "guess")]) }
        let locked = try client.post("/login", [("_csrf", form.csrf!), ("name", WebFixture.user), ("password", WebFixture.password)])
        #expect(locked.status == 429)
        let failures = try AccessLog(store: web.store).entries().filter { $0.action == AccessLog.Action.loginFailed }
        #expect(failures.count == 5)
    }

    @Test func formsWithoutTheSessionsToken_AreRefused_AndSaveNothing() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        let fields = [("rd", "УБ80010112"), ("name", "Батбаяр Дорж")]
        #expect(try client.post("/people", fields).status == 403)
        #expect(try client.post("/people", [("_csrf", "0123")] + fields).status == 403)
        // A form posted from another site's page (its Origin) is refused even with a token.
        let page = try client.get("/people/new")
        #expect(try client.post("/people", [("_csrf", page.csrf!)] + fields, extraHeaders: [("Origin", "http://evil.example")]).status == 403)
        #expect(try PersonBook(store: web.store).list().isEmpty)
        // The login form needs its token too.
        let other = WebClient(port: web.port)
        #expect(try other.post("/login", [("name", WebFixture.user), ("password", WebFixture.password)]).status == 403)
    }

    @Test func anotherHostName_IsRefused() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        client.host = "attacker.example:\(web.port)"
        #expect(try client.get("/login").status == 421)
        client.host = "localhost:\(web.port)"
        #expect(try client.get("/login").status == 200)
    }

    @Test func logout_EndsTheSession() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        let home = try client.logIn()
        let oldCookie = client.cookies[NodeWebApp.cookieName]!
        let out = try client.post("/logout", [("_csrf", home.csrf!)])
        #expect(out.status == 303 && out.location == "/login")
        client.cookies[NodeWebApp.cookieName] = oldCookie
        #expect(try client.get("/").status == 303)
    }

    @Test func loginNext_StaysInsideTheApp() {
        #expect(LoginPage.safeNext("/sync") == "/sync")
        #expect(LoginPage.safeNext("//evil.example/") == "/")
        #expect(LoginPage.safeNext("http://evil.example/") == "/")
        #expect(LoginPage.safeNext(nil) == "/")
    }
}
