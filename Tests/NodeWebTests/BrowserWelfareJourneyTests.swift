import BrowserDriver
import Foundation
import HalamjTestSupport
import HubServer
import ReplicaStorage
import CaseBooks
@testable import NodeWeb
import SyncModel
import Testing

/// Issue 15's done-when in headless Chromium: the soum's side in the browser (the care
/// application with its category, the twelve papers, submitting, complaints at both
/// levels), the district's side at the hub beside it (its letter and decree with the
/// decision, placement, a warning, a transfer, leaving at the resident's request with
/// costs, the answers), each step read back on the soum's pages in Mongolian. In the
/// journey suite, so that two browsers with a hub each never share this process's
/// two cooperative threads at once.
extension BrowserJourneyTests {
    @Test func aCareApplication_ToLeavingCare_AndAComplaintAtTheSecondLevel_InTheBrowser() throws {
        let scene = try Scene()
        defer { scene.stop() }
        let page = scene.page
        try scene.logIn()
        let rd = try RegisterNumber.parse(BrowserJourneyTests.elder)
        _ = try PersonBook(store: scene.web.store).add(rd, name: "Должин Батын")

        // The wizard: the only category that fits care for the elderly is already chosen,
        // the day handed in is today at the office.
        try scene.open("/people/\(rd.text)/apply?service=care-elderly")
        #expect(try scene.value("#application_date") == (try scene.web.store.localDate(scene.web.nowMillis)).iso)
        try scene.go("#create-application")
        let number = try #require(try page.url.split(separator: "/").last.map(String.init))

        // The soum's twelve papers; the district's two are listed, not offered.
        #expect(try page.text(selector: "#district-documents").contains("Хөдөлмөр халамж, үйлчилгээний ерөнхий газар"))
        #expect(try !page.exists(selector: "#doc-official_letter"))
        for document in Checklists.documents(for: .careElderly, stage: .soum) { try page.click(selector: "#doc-\(document.id)") }
        try scene.go("#save-checklist")
        #expect(try page.text(selector: "#received-count") == "12")
        try scene.go("#submit-case")
        #expect(try page.text(selector: "#status").contains("Илгээсэн"))
        try scene.syncNow()

        // The district: letter and decree with the decision, then life in care.
        let hub = CaseBook(store: scene.hubStore)
        let today = try scene.hubStore.localDate(Clock.nowMillis())
        _ = try hub.decide(number, approve: true, decree: "А/88", date: today, amount: nil, reason: nil, received: ["official_letter"])
        try hub.record(number, .placement(facility: "Улаангом сумын ахмадын асрамжийн газар"))
        try hub.record(number, .discipline(measure: "council_warning", ground: "drinking", note: ""))
        try hub.record(number, .transfer(toFacility: "Ховд аймгийн асрамжийн газар", reason: "гэр бүлдээ ойр"))
        try hub.record(number, .leaving(way: "own_request", clothes: 150_000, travel: 80_000, ground: nil, note: ""))
        try scene.syncNow()

        try scene.open("/cases/\(number)")
        #expect(try page.text(selector: "#status").contains("Асрамжаас гарсан"))
        #expect(try page.text(selector: "#district-doc-governor_decree").hasPrefix("✔"))
        #expect(try page.text(selector: "#district-doc-official_letter").hasPrefix("✔"))
        #expect(try page.text(selector: "#decision").contains("Тэжээн тэтгэх хүүхэдгүй"), "the category, as the decision's legal ground")
        #expect(try page.text(selector: "#care-facility").contains("Ховд аймгийн асрамжийн газар"))
        let events = try page.text(selector: "#care-events")
        #expect(events.contains("Улаангом сумын ахмадын асрамжийн газар"))
        #expect(events.contains("Захиргааны болон асруулагчдын зөвлөлийн хурлаар хэлэлцэж сануулах"))
        let leaving = try page.text(selector: "#care-leaving")
        #expect(leaving.contains("Өөрийн хүсэлтээр") && leaving.contains("150,000") && leaving.contains("80,000"), "\(leaving)")

        // A complaint at the first level, from the case page; the district answers.
        try page.fill(selector: "#complaint-text", value: "Шилжүүлэлтийн талаар гомдол")
        try page.fill(selector: "#complaint-level", value: "1")
        try scene.go("#file-complaint")
        #expect(try page.text(selector: "#complaint-1").contains("Шилжүүлэлтийн талаар гомдол"))
        try scene.syncNow()
        _ = try hub.answerComplaint(number, text: "Шилжүүлэлт хуульд нийцсэн", level: .first)
        try scene.syncNow()
        // Not accepted: taken to the higher body, which answers too.
        try scene.open("/cases/\(number)")
        #expect(try page.text(selector: "#complaint-1-answer").contains("Шилжүүлэлт хуульд нийцсэн"))
        try page.fill(selector: "#complaint-text", value: "Дээд шатанд хянуулъя")
        try page.fill(selector: "#complaint-level", value: "2")
        try scene.go("#file-complaint")
        try scene.syncNow()
        _ = try hub.answerComplaint(number, text: "Дахин хянаж, хэвээр үлдээв", level: .second)
        try scene.syncNow()
        try scene.open("/cases/\(number)")
        #expect(try page.text(selector: "#complaint-2").contains("Дээд шатанд хянуулъя"))
        #expect(try page.text(selector: "#complaint-2-answer").contains("Дахин хянаж, хэвээр үлдээв"))
        try scene.open("/overdue")
        #expect(try !page.text(selector: "main").contains(number), "nothing of it waits")
    }

    @Test func aChildCareAllowance_PaidForThreeMonths_IsShownQueuedToClose_OnceTheChildTurns3() throws {
        let scene = try Scene()
        defer { scene.stop() }
        let page = scene.page
        try scene.logIn()
        let rd = try RegisterNumber.parse("УБ99031212")
        _ = try PersonBook(store: scene.web.store).add(rd, name: "Сараа Батын")

        // Handed in on 20 June for a child born 15 October 2023.
        try scene.open("/people/\(rd.text)/apply?service=child-care-allowance")
        try page.fill(selector: "#application_date", value: "2026-06-20")
        try page.fill(selector: "#child_birth_dates", value: "2023-10-15")
        try scene.go("#create-application")
        let number = try #require(try page.url.split(separator: "/").last.map(String.init))
        #expect(try page.text(selector: "#application-date") == "2026-06-20")
        for document in Checklists.documents(for: .childCareAllowance) { try page.click(selector: "#doc-\(document.id)") }
        try scene.go("#save-checklist")
        try scene.go("#submit-case")
        try scene.syncNow()

        // The district decides and pays July, August and September.
        let hub = CaseBook(store: scene.hubStore)
        _ = try hub.decide(number, approve: true, decree: "А/31", date: CivilDate(iso: "2026-07-01")!, amount: nil, reason: nil)
        for month in ["2026-07", "2026-08", "2026-09"] {
            _ = try hub.pay(number, period: month, paidOn: CivilDate(iso: "2026-10-01")!)
        }
        try scene.syncNow()
        try scene.open("/cases/\(number)")
        let paid = try page.text(selector: "#paid-periods")
        for month in ["2026-07", "2026-08", "2026-09"] { #expect(paid.contains(month), "\(paid)") }
        #expect(try page.text(selector: "#ends-on").contains("2026-10-15"))
        #expect(try page.text(selector: "#to-close").contains("Тэтгэмж дууссан"), "the benefit ended: the district is to close it")
        #expect(try page.text(selector: "#status").contains("Олгосон"))
    }
}
