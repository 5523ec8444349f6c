import Foundation
import CaseBooks
import HalamjHTTP
import HalamjTestSupport
import HubServer
import ReplicaStorage
import SyncModel
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

        #expect(log.lines(containing: " info web: request method=POST route=/login status=401 office=soum-4305 client=127.0.0.1 in=").count == 1, "\(log.text)")
        #expect(log.lines(containing: " info web: request method=POST route=/login status=303 office=soum-4305 user=dolgor client=127.0.0.1 in=").count == 1, "\(log.text)")
        #expect(log.lines(containing: "method=GET route=/people/:rd status=404 office=soum-4305 user=dolgor").count == 1, "\(log.text)")
        for secret in [WebFixture.password, "guess-Нууц", session, "УБ50031224", "4305-2026-000001", "_csrf", "next="] {
            #expect(!log.text.contains(secret), "\(secret) is in the log")
        }
    }

    @Test func theBackgroundSync_LogsWhatItMoved_AndWhyItFailed_WithoutTheCasesData() async throws {
        let log = CapturedLog()
        let web = try WebFixture(logger: log.logger("web"))
        let hub = try HubBeside(web)
        defer { web.stop(); hub.stop() }
        let view = try CaseBook(store: web.store).open(
            service: .elderlyAgeGift, registerNumber: RegisterNumber.parse("УБ50031224"), name: "Должин")
        let client = WebClient(port: web.port)
        let home = try client.logIn()
        func syncNow() async throws {
            #expect(try client.post("/sync", [("_csrf", home.csrf!)]).status == 303)
            for _ in 0..<200 where web.app.sync.snapshot.running { try await Task.sleep(for: .milliseconds(50)) }
        }
        try await syncNow()
        #expect(eventually { log.lines(containing: " info web: sync pushed=1 pulled=0 refused=0 up=").count == 1 }, "\(log.text)")

        // The hub stops taking this office's token: the next round's failure says why.
        try OfficeRegistry(store: hub.store).revoke(WebFixture.office, by: "test", now: ReplicaStorage.Clock.nowMillis())
        _ = try CaseBook(store: web.store).set(view.number, ["phone": "99112233"])
        try await syncNow()
        #expect(eventually { log.lines(containing: " warning web: sync failed error=").count == 1 }, "\(log.text)")
        #expect(log.lines(containing: "sync failed").first?.contains("401") == true, "\(log.text)")
        for secret in ["Должин", "УБ50031224", view.number, "99112233"] {
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
