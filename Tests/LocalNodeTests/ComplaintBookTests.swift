import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import CaseBooks
import SyncModel

/// Complaints in two levels at the soum's node and at the district hub (CaseBook).
@Suite struct ComplaintBookTests {
    let dir = TemporaryDirectory()
    let node: CaseBook
    let hub: CaseBook
    let rd = try! RegisterNumber.parse("УБ99031212")
    let day: Int64 = 86_400_000
    // 2026-11-25 12:00 UTC, 20:00 in Ulaanbaatar.
    let now: Int64 = 1_795_608_000_000

    init() throws {
        node = CaseBook(store: try ReplicaStore.create(
            path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305"))
        hub = CaseBook(store: try ReplicaStore.create(
            path: dir.path("hub.db"), replica: ReplicaID("hub-43")!, role: .hub, office: nil))
    }

    func key(_ number: String) -> RecordKey { RecordKey(collection: CaseFields.collection, id: number) }

    /// The node's copy merged into the hub's, and back (a sync, without HTTP).
    func sync(_ number: String) throws {
        let up = try #require(try node.store.read { try $0.load(key(number)) })
        try hub.store.transaction { tx in _ = try tx.merge(up.record, from: .downstream, now: now) }
        let down = try #require(try hub.store.read { try $0.load(key(number)) })
        try node.store.transaction { tx in _ = try tx.merge(down.record, from: .upstream, now: now) }
    }

    func submitted(at time: Int64) throws -> String {
        let opened = try node.open(service: .elderlyAgeGift, registerNumber: rd, name: "Бат", now: time)
        for document in Checklists.documents(for: .elderlyAgeGift) {
            _ = try node.markDocument(opened.number, document.id, received: true, now: time)
        }
        _ = try node.submit(opened.number, now: time)
        return opened.number
    }

    /// The complaint kinds overdue on `today` (a submitted case is also late for its decision).
    func overdueComplaints(_ book: CaseBook, _ today: CivilDate) throws -> [OverdueCase.Kind] {
        try book.overdue(today: today).map(\.kind).filter { $0 != .decision }.sorted { $0.rawValue < $1.rawValue }
    }

    func refusal(_ body: () throws -> CaseView) -> String? {
        do { _ = try body(); return nil } catch let error as CaseError { return error.description } catch { return "\(error)" }
    }

    @Test func aComplaintAboutADraft_IsFiledAndAnsweredAtTheSoum_WithoutADecision() throws {
        let opened = try node.open(service: .childCareAllowance, registerNumber: rd, name: "Сараа", now: now)
        let filed = try node.fileComplaint(opened.number, text: "Өргөдлийг хүлээж аваагүй", now: now)
        let today = try node.store.localDate(now)
        let complaint = try #require(Complaints.all(in: filed.values).first)
        #expect(complaint.level == .first && complaint.filed == today && complaint.due == today.adding(days: 30))
        #expect(try node.overdue(today: today.adding(days: 30)).isEmpty)
        #expect(try node.overdue(today: today.adding(days: 31)).map(\.kind) == [.complaint], "overdue on day 31")
        // The district does not answer a complaint about a case still at the soum.
        try sync(opened.number)
        let atHub = refusal { try hub.answerComplaint(opened.number, text: "Хариу", now: now) }
        #expect(atHub?.contains("the soum's management answers level 1") == true, "\(atHub ?? "")")
        _ = try node.answerComplaint(opened.number, text: "Хүлээн авлаа", now: now + day)
        let answered = try #require(try node.complaints(opened.number).first)
        #expect(answered.answer == "Хүлээн авлаа" && answered.answeredBy == .office && answered.answered == today.adding(days: 1))
        #expect(try node.overdue(today: today.adding(days: 31)).isEmpty)
    }

    @Test func afterSubmission_Level1IsTheHubs_AndLevel2IsNeverTheSoums() throws {
        let number = try submitted(at: now)
        _ = try node.fileComplaint(number, text: "Удаж байна", now: now)
        let atSoum = refusal { try node.answerComplaint(number, text: "Хариу", now: now) }
        #expect(atSoum?.hasPrefix("хэрэг аймаг, дүүрэгт илгээгдсэн") == true && atSoum?.contains("district hub answers level 1") == true)
        let level2 = refusal { try node.answerComplaint(number, text: "Хариу", level: .second, now: now) }
        #expect(level2?.hasPrefix("2-р шатны гомдлыг дээд шатны байгууллага") == true, "\(level2 ?? "")")
        try sync(number)
        _ = try hub.answerComplaint(number, text: "Шалгаж байна", now: now + day)
        try sync(number)
        let atNode = try #require(try node.complaints(number).first)
        #expect(atNode.answer == "Шалгаж байна" && atNode.answeredBy == .hub)
        // Nor by hand: 'case set' leaves complaints to the steps that check who answers.
        for field in ["complaint_hub_answer", "complaint_answer", "complaint_answered", "complaint_2_answer"] {
            let set = refusal { try node.set(number, [field: "Хуурамч"], now: now) }
            #expect(set?.contains("'case answer'") == true, "\(field): \(set ?? "accepted")")
        }
        #expect(try node.complaints(number).first?.answer == "Шалгаж байна")
    }

    @Test func level2_WaitsForLevel1sAnswerOrItsThirtyDays_ThenHasItsOwnClock() throws {
        let number = try submitted(at: now)
        _ = try node.fileComplaint(number, text: "Нэгдүгээр", now: now)
        let early = refusal { try node.fileComplaint(number, text: "Дээд шатанд", level: .second, now: now + 30 * day) }
        #expect(early?.hasPrefix("1-р шатны гомдлын хариу гараагүй") == true, "\(early ?? "")")
        // Day 31 with no answer: the citizen goes to the higher body.
        let escalated = try node.fileComplaint(number, text: "Дээд шатанд", level: .second, now: now + 31 * day)
        let today = try node.store.localDate(now + 31 * day)
        #expect(Complaints.all(in: escalated.values).map(\.level) == [.first, .second])
        #expect(try overdueComplaints(node, today) == [.complaint])
        #expect(try overdueComplaints(node, today.adding(days: 31)) == [.complaint, .complaintLevel2])
        try sync(number)
        #expect(try hub.overdue(today: today.adding(days: 31)).map(\.kind.complaintLevel).contains(.second))
        _ = try hub.answerComplaint(number, text: "Хоёрдугаар шатны хариу", level: .second, now: now + 40 * day)
        #expect(try overdueComplaints(hub, today.adding(days: 31)) == [.complaint], "level 1 still waits")
    }

    @Test func aComplaintFiledAgain_WaitsForItsOwnAnswer_AtEitherLevel() throws {
        let number = try submitted(at: now)
        _ = try node.fileComplaint(number, text: "Нэг", now: now)
        try sync(number)
        _ = try hub.answerComplaint(number, text: "Хариу", now: now)
        _ = try hub.fileComplaint(number, text: "Хоёр", level: .second, now: now + day)
        _ = try hub.answerComplaint(number, text: "Хариу 2", level: .second, now: now + day)
        try sync(number)
        #expect(try node.complaints(number).allSatisfy(\.isAnswered))
        // Level 2 first: it follows level 1's answer, which the new level 1 sets aside.
        _ = try node.fileComplaint(number, text: "Дахин 2", level: .second, now: now + 2 * day)
        _ = try node.fileComplaint(number, text: "Дахин", now: now + 2 * day)
        try sync(number)
        for book in [node, hub] {
            let complaints = try book.complaints(number)
            #expect(complaints.map(\.text) == ["Дахин", "Дахин 2"])
            #expect(complaints.allSatisfy { !$0.isAnswered }, "the earlier answers are not these complaints'")
            let today = try book.store.localDate(now + 33 * day)
            #expect(try overdueComplaints(book, today) == [.complaint, .complaintLevel2])
        }
    }

    @Test func level2Alone_IsOverdueOnDay31_ThroughTheIndex_AtNodeAndHub() throws {
        // A draft: no decision clock, level 1 answered by the soum; only level 2 waits.
        let opened = try node.open(service: .childCareAllowance, registerNumber: rd, name: "Сараа", now: now)
        _ = try node.fileComplaint(opened.number, text: "Нэг", now: now)
        _ = try node.answerComplaint(opened.number, text: "Хариу", now: now)
        _ = try node.fileComplaint(opened.number, text: "Хоёр", level: .second, now: now + day)
        try sync(opened.number)
        let filed = try node.store.localDate(now + day)
        for book in [node, hub] {
            #expect(try book.overdue(today: filed.adding(days: 30)).isEmpty, "day 30 is on time")
            let late = try book.overdue(today: filed.adding(days: 31))
            #expect(late.map(\.kind) == [.complaintLevel2] && late.first?.daysLate == 1)
        }
    }

    @Test func casesSavedBeforeLevels_AreIndexedAgainWhenTheFileIsOpened() throws {
        let number = try submitted(at: now)
        _ = try node.fileComplaint(number, text: "Нэг", now: now)
        _ = try node.store.transaction { tx in
            try tx.database.execute("UPDATE records SET due_day = NULL, overdue_day = NULL")
            try tx.setMeta("case_index_version", "2")
        }
        let today = try node.store.localDate(now + 31 * day)
        #expect(try node.overdue(today: today).isEmpty)
        let reopened = CaseBook(store: try ReplicaStore.open(path: dir.path("node.db")))
        #expect(try reopened.overdue(today: today).map(\.kind).contains(.complaint), "filled again on open")
    }
}
