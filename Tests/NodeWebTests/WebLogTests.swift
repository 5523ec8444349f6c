import Foundation
import HalamjHTTP
import HalamjTestSupport
@testable import NodeWeb
import Testing

/// What the web app logs: a line a request with the user once known, and never a
/// password, a session cookie, a register number or a case number.
@Suite struct WebLogTests {
    @Test func aLogin_IsLoggedWithTheUser_WithoutThePasswordOrTheSessionCookie() throws {
        let log = CapturedLog()
        let web = try WebFixture(logger: log.logger("web"))
        defer { web.stop() }
        let client = WebClient(port: web.port)
        let wrong = try client.get("/login")
        // The user's own name with a wrong password (an unknown name costs a full-strength hash).
        #expect(try client.post("/login", [("_csrf", wrong.csrf ?? ""), ("name", WebFixture.user), ("password", "guess-Нууц")]).status == 401)
        try client.logIn()
        let session = try #require(client.cookies[NodeWebApp.cookieName])
        #expect(try client.get("/people/УБ50031224").status == 404)
        #expect(try client.get("/cases/4305-2026-000001").status == 404)
        #expect(eventually { log.lines(containing: "route=/cases/:number").count == 1 }, "\(log.text)")

        #expect(log.lines(containing: " info web: request method=POST route=/login status=401 office=soum-4305 in=").count == 1, "\(log.text)")
        #expect(log.lines(containing: " info web: request method=POST route=/login status=303 office=soum-4305 user=dolgor in=").count == 1, "\(log.text)")
        #expect(log.lines(containing: "method=GET route=/people/:rd status=404 office=soum-4305 user=dolgor").count == 1, "\(log.text)")
        for secret in [WebFixture.password, "guess-Нууц", session, "УБ50031224", "4305-2026-000001", "_csrf", "next="] {
            #expect(!log.text.contains(secret), "\(secret) is in the log")
        }
    }

    @Test func routes_KeepTheAppsWords_AndMaskEverythingElse() {
        #expect(Routes.pattern(of: "/") == "/")
        #expect(Routes.pattern(of: "/people/new") == "/people/new")
        #expect(Routes.pattern(of: "/people/УБ50031224/apply") == "/people/:rd/apply")
        #expect(Routes.pattern(of: "/cases/4305-2026-000001/checklist") == "/cases/:number/checklist")
        #expect(Routes.pattern(of: "/sync/progress") == "/sync/progress")
        #expect(Routes.pattern(of: "/static/app.css") == "/static/app.css")
        #expect(Routes.pattern(of: "/Дорж Бат") == "/:other")
        #expect(Routes.pattern(of: "/people/УБ50031224/УБ50031225") == "/people/:rd/:id")
    }

    @Test func aPageThatFails_IsLoggedAtErrorLevel_WithItsCause() throws {
        let log = CapturedLog()
        let web = try WebFixture(logger: log.logger("web"))
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        // The access log page reads its table: without it the page fails.
        try web.store.transaction { tx in try tx.database.execute("DROP TABLE access_log") }
        let page = try client.get("/access-log")
        #expect(page.status == 500)
        #expect(eventually { !log.lines(containing: " error web: request method=GET route=/access-log status=500").isEmpty }, "\(log.text)")
        #expect(log.lines(containing: "status=500").first?.contains("cause=\"") == true, "\(log.text)")
    }
}
