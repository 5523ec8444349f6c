import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel
import HalamjCommandLine

/// Issue 15, item 4: complaints in two levels between a soum and its district, over
/// HTTP with the real sync, on WelfareEndToEndTests' hub and offices.
extension WelfareEndToEndTests {
    var day: Int64 { 86_400_000 }

    func submittedCase(_ soum: TestNode, at time: Int64) throws -> String {
        let opened = try soum.book.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж", now: time)
        for document in Checklists.documents(for: .elderlyAgeGift) {
            _ = try soum.book.markDocument(opened.number, document.id, received: true, now: time)
        }
        _ = try soum.book.submit(opened.number, now: time)
        return opened.number
    }

    func overdueComplaints(_ book: CaseBook, today: CivilDate) throws -> [OverdueCase] {
        try book.overdue(today: today).filter { $0.kind != .decision }
    }

    @Test func eachLevel_IsOverdueOnDay31_AtNodeAndHub() async throws {
        defer { hub.stop() }
        let soum = try node("soum-4305")
        let now = Clock.nowMillis()
        let number = try submittedCase(soum, at: now - 100 * day)
        // Level 1 filed 31 days ago at the soum, never answered.
        _ = try soum.book.fileComplaint(number, text: "Шийдвэр удаж байна", now: now - 31 * day)
        _ = try await soum.sync()
        for book in [soum.book, hubBook] {
            let today = try book.store.localDate(now)
            let late = try overdueComplaints(book, today: today)
            #expect(late.map(\.kind) == [.complaint] && late.first?.daysLate == 1)
            #expect(try overdueComplaints(book, today: today.adding(days: -1)).isEmpty, "day 30 is on time")
        }
        // The district answers level 1 late; the citizen does not accept it and goes to
        // the higher body, 31 days ago as well.
        _ = try hubBook.answerComplaint(number, text: "Хэвээр үлдээв", now: now - 31 * day)
        _ = try await soum.sync()
        _ = try soum.book.fileComplaint(number, text: "Хариуг эс зөвшөөрч байна", level: .second, now: now - 31 * day)
        _ = try await soum.sync()
        for book in [soum.book, hubBook] {
            let late = try overdueComplaints(book, today: try book.store.localDate(now))
            #expect(late.map(\.kind) == [.complaintLevel2] && late.first?.daysLate == 1)
            #expect(late.first?.kind.complaintLevel == .second)
        }
        #expect(OverdueOutput.table(try overdueComplaints(hubBook, today: try hubStore.localDate(now))).contains("level 2"))
    }

    @Test func escalationToLevel2_AndTheDistrictsAnswer_ReachTheSoumAfterSync() async throws {
        defer { hub.stop() }
        let soum = try node("soum-4305")
        let now = Clock.nowMillis()
        let number = try submittedCase(soum, at: now - 10 * day)
        _ = try await soum.sync()
        // Handed in at the district: level 1, answered there.
        _ = try hubBook.fileComplaint(number, text: "Шийдвэрийг эсэргүүцэж байна", now: now - 8 * day)
        _ = try hubBook.answerComplaint(number, text: "Шийдвэр хэвээр", now: now - 6 * day)
        _ = try await soum.sync()
        let atSoum = try soum.book.complaints(number)
        #expect(atSoum.map(\.answer) == ["Шийдвэр хэвээр"] && atSoum.first?.answeredBy == .hub)
        // The citizen does not accept it: level 2, filed at the soum.
        _ = try soum.book.fileComplaint(number, text: "Дээд шатанд гомдол гаргаж байна", level: .second, now: now - 5 * day)
        #expect(throws: CaseError.self) { try soum.book.answerComplaint(number, text: "Сумын хариу", level: .second, now: now) }
        _ = try await soum.sync()
        let today = try hubStore.localDate(now)
        let shown = CaseOutput.detail(try hubBook.show(number), today: today)
        #expect(shown.contains("Гомдол 2-р шат (complaint, level 2)") && shown.contains("25 хоног үлдсэн (25 days left)"))
        _ = try hubBook.answerComplaint(number, text: "Дахин хянаж, тэтгэмж олгохоор шийдвэрлэв", level: .second, now: now)
        _ = try await soum.sync()
        let second = try #require(try soum.book.complaints(number).last)
        #expect(second.level == .second && second.answer == "Дахин хянаж, тэтгэмж олгохоор шийдвэрлэв" && second.answeredBy == .hub)
        #expect(second.answered == today)
        let atNode = CaseOutput.detail(try soum.book.show(number), today: try soum.store.localDate(now))
        #expect(atNode.contains("Дахин хянаж, тэтгэмж олгохоор шийдвэрлэв — төв (district hub)"))
        #expect(!atNode.contains("complaint_2_answer"), "shown by its label, not its field name")
        #expect(try overdueComplaints(soum.book, today: today.adding(days: 60)).isEmpty)
    }
}
