import BrowserDriver
import CaseBooks
import Foundation
import HalamjTestSupport
import HubServer
import LocalNode
import NodeWeb
import ReplicaStorage
import SyncModel
import Testing
import WebAccess

/// The desk in Debian's headless Chromium, as the district officer uses it: log in, find
/// the soum's care application in the queue with its deadline, open it, record the
/// governor's decree with the agency's letter, and see it reach the soum's own web app; a
/// reviewer finds no button to decide and their crafted form is refused; a complaint
/// answered and a conflict resolved from the pages, gone everywhere after sync; every step
/// in the audit log.
@Suite(.serialized) struct DeskBrowserTests {
    @Test func anOfficerDecidesASoumsCareApplication_InTheBrowser_AndAReviewerCannot() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum()
        try await desk.sync()
        let browser = try Browser.launch()
        defer { browser.close() }
        let page = try browser.newPage()
        try page.setViewport(width: 1366, height: 900)
        let base = "http://127.0.0.1:\(desk.port)/desk"

        try page.logIn(at: base, DeskFixture.officer.name, DeskFixture.officer.password)
        #expect(try page.text(selector: "#role").contains("officer"))
        #expect(try page.text(selector: "#queue-applications").contains("1"))
        try page.clickAndWaitForNavigation(selector: "#queue-applications a")
        let row = "tr[data-case='\(number)']"
        #expect(try page.exists(selector: row))
        #expect(try page.text(selector: row).contains("нууц (confidential)"))
        #expect(try page.text(selector: row).contains("30"), "the days left of the 30")
        try page.clickAndWaitForNavigation(selector: "\(row) a")
        #expect(try page.text(selector: "h1").contains(number))
        #expect(try page.text(selector: "#decision").contains("no decision yet"))

        try page.click(selector: "#approve")
        try page.fill(selector: "#decree", value: "A/77")
        try page.click(selector: "#received-official_letter")
        try page.clickAndWaitForNavigation(selector: "#record-decision")
        #expect(try page.text(selector: "#notice").contains("A/77"))
        #expect(try page.text(selector: "#decree-number") == "A/77")
        #expect(try page.text(selector: "#delivery").contains("not yet at the soum"))
        #expect(try desk.statusAtHub(number) == "approved")

        // The soum syncs: the decree is there, and the desk's page says it arrived.
        try await desk.sync()
        #expect(try CaseBook(store: desk.soum).show(number).values[WorkflowFields.decreeNumber] == "A/77")
        try await desk.sync()
        try page.reload()
        #expect(try page.text(selector: "#delivery").contains("reached the soum"))
        #expect(try AccessLog(store: desk.hubStore).entries(subject: number).allSatisfy { $0.user == DeskFixture.officer.name })

        // The soum's own web app shows the decree.
        let soumWeb = try SoumWeb(desk)
        defer { soumWeb.stop() }
        let soumPage = try browser.newPage()
        try soumWeb.logIn(soumPage)
        try soumPage.navigate(to: soumWeb.base + "/cases/\(number)")
        #expect(try soumPage.text(selector: "#decree-number") == "A/77")

        // A reviewer: the queue, but no button to receive or decide anywhere.
        let other = try desk.submittedAtSoum(.elderlyAgeGift, name: "Бат", rd: "УБ38051512")
        try await desk.sync()
        let second = try browser.newPage()
        // Another page of the same browser shares the officer's cookie: log out first.
        try second.navigate(to: base + "/")
        try second.clickAndWaitForNavigation(selector: "header form button")
        try second.logIn(at: base, DeskFixture.reviewer.name, DeskFixture.reviewer.password)
        try second.navigate(to: base + "/cases/\(other)")
        #expect(try second.text(selector: "#role").contains("reviewer"))
        #expect(try !second.exists(selector: "#decide") && !second.exists(selector: "button.receive"))
        // …and a decision forged with the reviewer's own session and form token is refused.
        let csrf = try second.evaluate("document.querySelector('input[name=_csrf]').value", as: String.self)
        let status = try second.evaluate("""
            fetch('/desk/cases/\(other)/decide', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
              body: '_csrf=\(csrf)&decision=approve&decree=X%2F1&date=\(try desk.hubStore.localDate(Clock.nowMillis()).iso)'}).then(r => r.status)
            """, as: Int.self)
        #expect(status == 403)
        #expect(try desk.statusAtHub(other) == "submitted")
        #expect(try AuditLog(store: desk.hubStore).entries().contains { $0.actor == "desk:dulam" && $0.action == "decide approve" && $0.subject == number })
    }

    @Test func aComplaintIsAnswered_AndAConflictResolved_InTheBrowser_GoneEverywhereAfterSync() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        _ = try CaseBook(store: desk.soum).fileComplaint(number, text: "Хугацаа хэтэрлээ", level: .first)
        try await desk.sync()
        _ = try CaseBook(store: desk.hubStore).set(number, ["phone": "88001122"])
        _ = try CaseBook(store: desk.soum).set(number, ["phone": "99887766"])
        try await desk.sync()
        let conflict = try #require(try ConflictReview(store: desk.hubStore).open().first { $0.record == number })

        let browser = try Browser.launch()
        defer { browser.close() }
        let page = try browser.newPage()
        try page.setViewport(width: 1366, height: 900)
        let base = "http://127.0.0.1:\(desk.port)/desk"
        try page.logIn(at: base, DeskFixture.officer.name, DeskFixture.officer.password)
        #expect(try page.text(selector: "#queue-complaints").contains("1"))
        #expect(try page.text(selector: "#queue-conflicts").contains("1"))

        try page.clickAndWaitForNavigation(selector: "#queue-complaints a")
        let complaint = "tr[data-case='\(number)'][data-level='1']"
        #expect(try page.text(selector: complaint).contains("Хугацаа хэтэрлээ"))
        try page.fill(selector: "\(complaint) textarea", value: "Шийдвэр 7 хоногт гарна")
        try page.clickAndWaitForNavigation(selector: "\(complaint) button.answer")
        #expect(try page.text(selector: "#notice").contains(number))
        #expect(try !page.exists(selector: complaint))

        try page.navigate(to: base + "/conflicts")
        let row = "tr[data-conflict='\(conflict.id)']"
        try page.click(selector: "\(row) input[value='soum-4305']")
        try page.clickAndWaitForNavigation(selector: "\(row) button.resolve")
        #expect(try page.text(selector: "#notice").contains(conflict.id))
        #expect(try !page.exists(selector: row))

        try await desk.sync()
        let atSoum = try CaseBook(store: desk.soum).show(number)
        #expect(atSoum.values["phone"] == "99887766")
        #expect(try CaseBook(store: desk.soum).complaints(number).first?.answer == "Шийдвэр 7 хоногт гарна")
        #expect(try desk.soum.read { try $0.openConflicts() }.isEmpty, "no conflict left at the soum")
        #expect(try ConflictReview(store: desk.hubStore).open().isEmpty, "nor at the hub")
        let audit = try AuditLog(store: desk.hubStore).entries().filter { $0.actor == "desk:dulam" }.map(\.action)
        #expect(audit.contains("complaint answer") && audit.contains("conflict resolve"), "\(audit)")
    }
}

/// The soum's own web app over the fixture's soum database, with a worker, on 127.0.0.1:0.
final class SoumWeb {
    static let user = (name: "dolgor", password: "soum-pass-4305")
    let server: NodeWebServer
    let base: String

    init(_ desk: DeskFixture) throws {
        try LocalUsers(store: desk.soum).add(Self.user.name, password: Self.user.password, iterations: 1_000)
        server = NodeWebServer(app: try NodeWebApp(store: desk.soum), host: "127.0.0.1", port: 0)
        base = "http://127.0.0.1:\(try server.start())"
    }

    func logIn(_ page: Page) throws {
        try page.logIn(at: base, Self.user.name, Self.user.password)
    }

    func stop() { server.stop() }
}

extension Page {
    /// Logs in through the login page of the web app at `base` (the soum's, or the desk's `/desk`).
    func logIn(at base: String, _ name: String, _ password: String) throws {
        try navigate(to: base + "/login")
        try fill(selector: "#name", value: name)
        try fill(selector: "#password", value: password)
        try clickAndWaitForNavigation(selector: "#login")
    }
}
