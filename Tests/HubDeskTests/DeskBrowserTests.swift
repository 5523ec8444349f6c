import BrowserDriver
import CaseBooks
import Foundation
import HalamjTestSupport
import HubServer
import SyncModel
import Testing
import WebAccess

/// The desk in Debian's headless Chromium, as the district officer uses it: log in, find
/// the soum's care application in the queue with its deadline, open it, record the
/// governor's decree with the agency's letter, and see it reach the soum; a reviewer finds
/// no button to decide.
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

        try page.navigate(to: base + "/")
        try page.fill(selector: "#name", value: DeskFixture.officer.name)
        try page.fill(selector: "#password", value: DeskFixture.officer.password)
        try page.clickAndWaitForNavigation(selector: "#login")
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

        // A reviewer: the queue, but no button to receive or decide anywhere.
        let other = try desk.submittedAtSoum(.elderlyAgeGift, name: "Бат", rd: "УБ38051512")
        try await desk.sync()
        let second = try browser.newPage()
        try second.navigate(to: base + "/login")
        // Another page of the same browser shares the officer's cookie: log out first.
        try second.navigate(to: base + "/")
        try second.clickAndWaitForNavigation(selector: "header form button")
        try second.fill(selector: "#name", value: DeskFixture.reviewer.name)
        try second.fill(selector: "#password", value: DeskFixture.reviewer.password)
        try second.clickAndWaitForNavigation(selector: "#login")
        try second.navigate(to: base + "/cases/\(other)")
        #expect(try second.text(selector: "#role").contains("reviewer"))
        #expect(try !second.exists(selector: "#decide") && !second.exists(selector: "button.receive"))
    }
}
