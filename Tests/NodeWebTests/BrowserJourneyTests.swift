import BrowserDriver
import Foundation
import HalamjHTTP
import HalamjTestSupport
import HubServer
import ReplicaStorage
import CaseBooks
import LocalNode
@testable import NodeWeb
import SyncModel
import Testing
import WebAccess

/// Issue 9's done-when, in Debian's headless Chromium: log in, register an applicant
/// with a bad РД (error shown, values kept) then a good one, open a specialized-care
/// application, tick 13 of 14 documents and fail to submit, tick the last and submit,
/// sync, and see the hub's decision after the hub decides and the node syncs.
@Suite(.serialized) struct BrowserJourneyTests {
    /// A hub on 127.0.0.1:0 in this process, the node's web app beside it.
    final class Scene: @unchecked Sendable {
        let web: WebFixture
        let hubBeside: HubBeside
        let browser: Browser
        let page: Page
        var hubStore: ReplicaStore { hubBeside.store }
        var hub: Hub { hubBeside.hub }

        init() throws {
            web = try WebFixture()
            hubBeside = try HubBeside(web)
            browser = try Browser.launch()
            page = try browser.newPage()
        }

        func stop() {
            browser.close()
            web.stop()
            hubBeside.stop()
        }

        func open(_ path: String) throws { try page.navigate(to: web.base + path) }

        /// The login form, filled as the worker does.
        func logIn() throws {
            try open("/")
            try page.fill(selector: "#name", value: WebFixture.user)
            try page.fill(selector: "#password", value: WebFixture.password)
            try go("#login")
        }

        /// Clicks something that loads the next page (a link, a submit button).
        func go(_ selector: String) throws { try page.clickAndWaitForNavigation(selector: selector) }

        func value(_ selector: String) throws -> String {
            try page.evaluate("document.querySelector(\(Self.js(selector))).value", as: String.self)
        }

        static func js(_ text: String) -> String {
            "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }

        /// The sync page's "Sync now", then the page's script follows it to the end.
        func syncNow() throws {
            try open("/sync")
            try go("#sync-now")
            // The page reloads itself when the round ends: the elements can be briefly absent.
            try page.waitFor(jsCondition: """
                (() => { const p = document.querySelector('#sync-progress'), l = document.querySelector('#sync-line');
                         return !!p && !!l && p.dataset.running === 'false' && /Дууссан|Амжилтгүй/.test(l.textContent); })()
                """, timeout: 30)
        }
    }

    static let elder = "УБ50031224"

    @Test func socialWorkersJourney_FromLoginToTheHubsDecision() throws {
        let scene = try Scene()
        defer { scene.stop() }
        let page = scene.page

        // Log in: any page leads to the login form first.
        try scene.open("/")
        #expect(try page.url.contains("/login"))
        try scene.logIn()
        #expect(try page.text(selector: "h1").contains("Иргэн хайх"))

        // A bad register number: the error beside the field, the values kept, nothing saved.
        try scene.go("#register-person")
        try page.fill(selector: "#rd", value: "УБ50133224")
        try page.fill(selector: "#name", value: "Должин Батын")
        try page.fill(selector: "#phone", value: "99112233")
        try scene.go("#save-person")
        #expect(try page.text(selector: "#rd-error").contains("төрсөн огноо буруу"))
        #expect(try scene.value("#rd") == "УБ50133224")
        #expect(try scene.value("#name") == "Должин Батын")
        #expect(try scene.value("#phone") == "99112233")
        #expect(try PersonBook(store: scene.web.store).list().isEmpty)

        // Corrected: registered, on the applicant's page.
        try page.fill(selector: "#rd", value: Self.elder)
        try scene.go("#save-person")
        #expect(try page.text(selector: "h1").contains("Должин Батын"))

        // The wizard checks eligibility as the worker types (care for people with disabilities).
        try scene.open("/people/\(Self.elder)/apply?service=care-disabled")
        #expect(try page.text(selector: "#eligibility").contains("хангахгүй"))
        try page.fill(selector: "#work_capacity_loss", value: "70")
        try page.waitFor(jsCondition: "document.querySelector('#eligibility').textContent.includes('хангаж байна')", timeout: 10)

        // A specialized-care application for the elderly, from the applicant's page.
        try scene.open("/people/\(Self.elder)")
        try scene.go("#new-application")
        try scene.go("a[data-service='care-elderly']")
        #expect(try page.text(selector: "#eligibility").contains("хангаж байна"))
        try scene.go("#create-application")
        let number = try #require(try page.url.split(separator: "/").last.map(String.init))
        #expect(number.hasPrefix("4305-2026-"))

        // 11 of the soum's 12 documents: submitting is refused, naming the missing one.
        // The district's two (agency letter, decree) are listed, not offered as boxes.
        let documents = Checklists.documents(for: .careElderly, stage: .soum)
        #expect(try page.text(selector: "#district-documents").contains("Засаг даргын захирамж"))
        for document in documents.dropLast() { try page.click(selector: "#doc-\(document.id)") }
        try scene.go("#save-checklist")
        #expect(try page.text(selector: "#received-count") == "11")
        try scene.go("#submit-case")
        #expect(try page.text(selector: "#case-error").contains(documents.last!.mongolian))
        #expect(try CaseBook(store: scene.web.store).show(number).status == "draft")

        // The last one: submitted.
        try page.click(selector: "#doc-\(documents.last!.id)")
        try scene.go("#save-checklist")
        #expect(try page.text(selector: "#received-count") == "12")
        try scene.go("#submit-case")
        #expect(try page.text(selector: "#status").contains("Илгээсэн"))

        // Sync: the hub has the submitted case.
        try scene.syncNow()
        #expect(try page.text(selector: "#sync-line").contains("Дууссан"))
        #expect(try page.text(selector: "#pending") .hasPrefix("0"))
        #expect(try CaseBook(store: scene.hubStore).show(number).status == "submitted")

        // The governor decides at the hub, with the agency's letter; the next sync
        // brings the decree to the soum, and the district's papers as received.
        _ = try CaseBook(store: scene.hubStore).decide(
            number, approve: true, decree: "А/321", date: CivilDate(year: 2026, month: 11, day: 26)!, amount: nil, reason: nil,
            received: ["official_letter"])
        try scene.open("/cases/\(number)")
        #expect(try page.text(selector: "#decision").contains("Шийдвэр ирээгүй"))
        try scene.syncNow()
        try scene.open("/cases/\(number)")
        #expect(try page.text(selector: "#decree-number") == "А/321")
        #expect(try page.text(selector: "#decree-date") == "2026-11-26")
        #expect(try page.text(selector: "#district-doc-governor_decree").hasPrefix("✔"))
        #expect(try page.text(selector: "#status").contains("approved"))
        try scene.open("/decisions")
        #expect(try page.text(selector: "#decisions").contains(number))

        // Every view of the care file is in the access log, under this worker's name.
        let views = try AccessLog(store: scene.web.store).entries(subject: number)
        #expect(views.count >= 6 && views.allSatisfy { $0.user == WebFixture.user })
    }

    @Test func pagesPrint_WithoutTheMenuAndButtons_AndFitTheScreen() throws {
        let scene = try Scene()
        defer { scene.stop() }
        _ = try PersonBook(store: scene.web.store).add(RegisterNumber.parse(Self.elder), name: "Должин Батын")
        let view = try CaseBook(store: scene.web.store).open(service: .careElderly, registerNumber: RegisterNumber.parse(Self.elder), name: "Должин Батын")
        try scene.open("/login")
        try scene.page.fill(selector: "#name", value: WebFixture.user)
        try scene.page.fill(selector: "#password", value: WebFixture.password)
        try scene.go("#login")
        for path in ["/", "/people/\(Self.elder)", "/people/\(Self.elder)/apply?service=welfare-pension", "/cases/\(view.number)",
                     "/decisions", "/overdue", "/conflicts", "/sync", "/access-log"] {
            try scene.open(path)
            // Readable at 1366x768: nothing wider than the screen.
            let width = try scene.page.evaluate("document.documentElement.scrollWidth", as: Int.self)
            #expect(width <= 1366, "\(path) is \(width) px wide")
        }
        try scene.open("/cases/\(view.number)")
        #expect(try scene.page.evaluate("getComputedStyle(document.querySelector('header')).display", as: String.self) != "none")
        try scene.page.send("Emulation.setEmulatedMedia", params: ["media": "print"])
        #expect(try scene.page.evaluate("getComputedStyle(document.querySelector('header')).display", as: String.self) == "none")
        #expect(try scene.page.evaluate("getComputedStyle(document.querySelector('#submit-case')).display", as: String.self) == "none")
        #expect(try scene.page.evaluate("getComputedStyle(document.querySelector('#checklist')).display", as: String.self) != "none")
    }

    @Test func unreachableHub_IsSaidInPlainWords_AndNothingIsLost() throws {
        let scene = try Scene()
        defer { scene.stop() }
        scene.hub.stop()
        let book = CaseBook(store: scene.web.store)
        _ = try book.open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse(Self.elder), name: "Должин")
        try scene.open("/login")
        try scene.page.fill(selector: "#name", value: WebFixture.user)
        try scene.page.fill(selector: "#password", value: WebFixture.password)
        try scene.go("#login")
        try scene.syncNow()
        #expect(try scene.page.text(selector: "#sync-line").contains("Төв сервертэй холбогдож чадсангүй"))
        #expect(try scene.page.text(selector: "#errors").contains("Төв сервертэй холбогдож чадсангүй"))
        #expect(try scene.page.text(selector: "#hub-state").contains("холбогдоогүй"))
        #expect(try scene.page.text(selector: "#pending").hasPrefix("1"))
        #expect(try book.list().count == 1)
    }
}
