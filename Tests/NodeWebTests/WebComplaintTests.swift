import Foundation
import HalamjTestSupport
import CaseBooks
@testable import NodeWeb
import SyncModel
import Testing

/// Complaints on the case page: filed at any stage, in two levels, with days left;
/// the soum's answer to level 1 while the case is a draft; the overdue page by level.
@Suite struct WebComplaintTests {
    static let elder = "УБ50031224"

    @Test func aComplaintFiledOnTheCasePage_IsShownWithItsDaysLeft_AndTheSoumAnswersItWhileADraft() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let book = CaseBook(store: web.store)
        let view = try book.open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse(Self.elder), name: "Должин", now: web.nowMillis)
        let client = WebClient(port: web.port)
        try client.logIn()
        var page = try client.get("/cases/\(view.number)")
        #expect(page.text.contains("id=\"complaint-form\"") && page.text.contains("Гомдол гараагүй (no complaint)"))
        // Without the form's token nothing is filed.
        let forged = try client.post("/cases/\(view.number)/complaints", [("action", "file"), ("level", "1"), ("text", "Хуурамч")])
        #expect(forged.status == 403)
        #expect(try book.complaints(view.number).isEmpty)

        page = try client.follow(client.post("/cases/\(view.number)/complaints",
                                             [("_csrf", page.csrf!), ("action", "file"), ("level", "1"), ("text", "Баримтыг хүлээж аваагүй")]))
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"complaint-1\"") && page.text.contains("Баримтыг хүлээж аваагүй"))
        #expect(page.text.contains("30 хоног үлдсэн (30 days left)"))
        #expect(page.text.contains("1-р шат: тухайн байгууллагын удирдлага"))
        // Level 2 before level 1 is answered or late: refused, saying why.
        let early = try client.post("/cases/\(view.number)/complaints", [("_csrf", page.csrf!), ("action", "file"), ("level", "2"), ("text", "Дээд шат")])
        #expect(early.status == 422 && early.text.contains("1-р шатны гомдлын хариу гараагүй"))
        #expect(try book.complaints(view.number).map(\.level) == [.first])

        page = try client.follow(client.post("/cases/\(view.number)/complaints",
                                             [("_csrf", page.csrf!), ("action", "answer"), ("level", "1"), ("text", "Баримтыг хүлээн авлаа")]))
        #expect(page.text.contains("id=\"complaint-1-answer\">Баримтыг хүлээн авлаа"))
        #expect(page.text.contains("хариулсан (answered)"))
        page = try client.follow(client.post("/cases/\(view.number)/complaints",
                                             [("_csrf", page.csrf!), ("action", "file"), ("level", "2"), ("text", "Хариуг эс зөвшөөрч байна")]))
        #expect(page.text.contains("id=\"complaint-2\"") && page.text.contains("2-р шат: дээд шатны байгууллага"))
        // Level 2 is the district's to answer.
        let answer2 = try client.post("/cases/\(view.number)/complaints", [("_csrf", page.csrf!), ("action", "answer"), ("level", "2"), ("text", "Хариу")])
        #expect(answer2.status == 422 && answer2.text.contains("(a level-2 complaint is answered by the higher body"))
    }

    @Test func aComplaintAboutASubmittedCase_IsOverdueOnDay31_ByLevel_AndHasNoSoumAnswerForm() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let book = CaseBook(store: web.store)
        let view = try book.open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse(Self.elder), name: "Должин", now: web.nowMillis)
        for document in Checklists.documents(for: .elderlyAgeGift) {
            _ = try book.markDocument(view.number, document.id, received: true, now: web.nowMillis)
        }
        _ = try book.submit(view.number, now: web.nowMillis)
        web.advance(days: 5)
        _ = try book.fileComplaint(view.number, text: "Удаж байна", now: web.nowMillis)
        let client = WebClient(port: web.port)
        try client.logIn()
        let page = try client.get("/cases/\(view.number)")
        #expect(page.text.contains("id=\"complaint-1\"") && !page.text.contains("id=\"complaint-answer-form\""))
        #expect(page.text.contains("the district hub answers"))
        web.advance(days: 31)
        try client.logIn()
        let late = try client.get("/overdue")
        #expect(late.text.contains("1-р шатны гомдолд хариу өгөөгүй (level-1 complaint unanswered)"))
        #expect(try client.get("/cases/\(view.number)").text.contains("1 хоног хэтэрсэн (1 days overdue)"))
    }
}
