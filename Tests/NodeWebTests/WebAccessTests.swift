import Foundation
import HalamjTestSupport
import ReplicaStorage
import CaseBooks
import LocalNode
@testable import NodeWeb
import SyncModel
import Testing
import WebAccess

/// Who gets in: login required everywhere, CSRF on every form, the session cookie's
/// flags, the Host check, wrong passwords and their throttle, logout.
@Suite struct WebAccessTests {
    @Test func everyPage_RedirectsToLogin_UntilLoggedIn() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        for path in ["/", "/sync", "/decisions", "/overdue", "/conflicts", "/access-log", "/people/new", "/people/УБ50031224",
                     "/people/УБ50031224/apply", "/cases/4305-2026-000001", "/check?service=care-elderly&rd=УБ50031224", "/sync/progress"] {
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

    @Test func everyFormRoute_RefusesAPostWithoutTheToken() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let view = try CaseBook(store: web.store).open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse("УБ50031224"), name: "Должин")
        _ = try PersonBook(store: web.store).add(RegisterNumber.parse("УБ50031224"), name: "Должин")
        let client = WebClient(port: web.port)
        try client.logIn()
        let before = try web.store.status().latestCounter
        for path in ["/people", "/people/УБ50031224/apply", "/cases/\(view.number)/checklist", "/cases/\(view.number)/submit", "/sync", "/logout"] {
            let answer = try client.post(path, [("_csrf", "forged"), ("service", "care-elderly"), ("doc", "application")])
            #expect(answer.status == 403, "\(path)")
        }
        #expect(try web.store.status().latestCounter == before)  // nothing written
        #expect(try client.get("/").status == 200)               // and still logged in
    }

    @Test func aDisabledUser_IsLoggedOutAtTheNextRequest() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        #expect(try client.get("/").status == 200)
        try LocalUsers(store: web.store).disable(WebFixture.user)
        #expect(try client.get("/").status == 303)
        #expect(try client.logIn().text.contains("Нэр эсвэл нууц үг буруу"))
        // A new password enables the user again and ends sessions from before it.
        try LocalUsers(store: web.store).setPassword(WebFixture.user, password: "шинэ нууц үг", iterations: 1_000, now: web.nowMillis)
        #expect(try client.logIn(WebFixture.user, "шинэ нууц үг").status == 200)
        let other = WebClient(port: web.port)
        try other.logIn(WebFixture.user, "шинэ нууц үг")
        try LocalUsers(store: web.store).setPassword(WebFixture.user, password: "гурав дахь нууц үг", iterations: 1_000, now: web.nowMillis + 1)
        #expect(try other.get("/").status == 303)
        // A session made after that password goes on, whatever the old ones did meanwhile.
        web.clock.millis.withLock { $0 += 2 }
        let fresh = WebClient(port: web.port)
        try fresh.logIn(WebFixture.user, "гурав дахь нууц үг")
        #expect(try client.get("/").status == 303)
        #expect(try fresh.get("/").status == 200)
    }

    @Test func anotherOfficesCase_IsNotShown() throws {
        let web = try WebFixture()
        defer { web.stop() }
        // A record of another office in this file (as a restore or a hub mistake could leave).
        _ = try web.store.transaction { tx in
            try tx.write(RecordKey(collection: CaseFields.collection, id: "4306-2026-000001"), office: "soum-4306",
                         changes: ["service": "care-elderly", "rd": "УБ50031224", "name": "Өөр сум", "status": "draft"], now: web.nowMillis)
        }
        let client = WebClient(port: web.port)
        try client.logIn()
        let page = try client.get("/cases/4306-2026-000001")
        #expect(page.status == 404)
        #expect(!page.text.contains("Өөр сум"))
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
        #expect(LoginForm.safeNext("/sync", root: "") == "/sync")
        #expect(LoginForm.safeNext("//evil.example/", root: "") == "/")
        #expect(LoginForm.safeNext("http://evil.example/", root: "") == "/")
        #expect(LoginForm.safeNext(nil, root: "") == "/")
        #expect(LoginForm.safeNext("/\t/evil.example", root: "") == "/")   // browsers drop the tab: //evil.example
        #expect(LoginForm.safeNext("/\n/evil.example", root: "") == "/")
        #expect(LoginForm.safeNext("/\\evil.example", root: "") == "/")
        // The district's desk: only its own paths, never the hub's others.
        #expect(LoginForm.safeNext("/desk/queue", root: "/desk") == "/desk/queue")
        #expect(LoginForm.safeNext("/metrics", root: "/desk") == "/desk/")
        #expect(LoginForm.safeNext("/desk/login", root: "/desk") == "/desk/")
    }
}

/// Text from forms, searches and synced records reaches pages escaped, including a
/// quote hidden behind a combining mark.
@Suite struct WebEscapingTests {
    @Test func hostileTextIsShownAsText() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let rawQuote = "\"" + "\u{301}"
        let hostile = "<script>alert(1)</script>" + rawQuote + " onfocus=\"x"
        let view = try CaseBook(store: web.store).open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse("УБ50031224"), name: hostile)
        let client = WebClient(port: web.port)
        try client.logIn()
        for target in ["/", "/?" + FormData.encode([("q", hostile)]), "/people/УБ50031224", "/cases/\(view.number)", "/people/УБ50031224/apply?service=care-elderly"] {
            let page = try client.get(target)
            #expect(page.status == 200, "\(target)")
            #expect(!page.text.contains("<script>alert"), "\(target)")
            let quoted = page.text.contains(rawQuote)
            #expect(!quoted, "\(target): a raw quote")
        }
        #expect(try client.get("/?" + FormData.encode([("q", hostile)])).text.contains("&lt;script&gt;"))
    }
}
