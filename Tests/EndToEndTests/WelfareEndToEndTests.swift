import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel
import HalamjCommandLine

/// Issue 5's flow: documents, submission, the decree sent back and acknowledged,
/// double applications, deadlines.
@Suite struct WelfareEndToEndTests {
    let dir = TemporaryDirectory()
    let hubStore: ReplicaStore
    let hub: TestHub
    let registry: OfficeRegistry
    var hubBook: CaseBook { CaseBook(store: hubStore) }

    init() throws {
        hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        hub = try TestHub(store: hubStore)
        registry = OfficeRegistry(store: hubStore)
    }

    func node(_ office: String) throws -> TestNode {
        try TestNode(directory: dir, office: office, hub: hub.url, token: try registry.add(office, now: 1))
    }

    @Test func careApplication_GoesWithTheSoumsTwelveDocuments_AndTheDistrictAddsTheLetterAndDecreeWithItsDecision() async throws {
        defer { hub.stop() }
        let soum = try node("soum-4305")
        let opened = try soum.book.open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж",
                                        fields: [CareCategory.field: "elderly_without_support"])
        let soumDocuments = Checklists.documents(for: .careElderly, stage: .soum)
        #expect(soumDocuments.count == 12)
        #expect(Checklists.documents(for: .careElderly, stage: .district).map(\.id) == ["official_letter", "governor_decree"])
        for document in soumDocuments.dropLast() {
            _ = try soum.book.markDocument(opened.number, document.id, received: true)
        }
        let last = try #require(soumDocuments.last)
        #expect(throws: CaseError.missingDocuments([last])) { try soum.book.submit(opened.number) }
        #expect(try soum.book.show(opened.number).status == "draft")
        // The district's papers are not the soum's to tick, falsely or by mistake.
        for id in ["official_letter", "governor_decree"] {
            #expect(throws: CaseError.self) { try soum.book.markDocument(opened.number, id, received: true) }
        }
        _ = try soum.book.markDocument(opened.number, last.id, received: true)
        let submitted = try soum.book.submit(opened.number)
        #expect(submitted.status == "submitted", "12 of 14: the two the district adds are not asked of the soum")
        _ = try await soum.sync()
        let atHub = try hubBook.show(opened.number)
        #expect(atHub.status == "submitted")
        #expect(atHub.values[WorkflowFields.submittedOn] == (try soum.store.localDate(Clock.nowMillis())).iso)

        // An approval without the agency's letter is refused, naming it; with it, the
        // decree is ticked by the decision itself.
        let date = try hubStore.localDate(Clock.nowMillis())
        #expect(throws: CaseError.missingDistrictDocuments(Checklists.documents(for: .careElderly).filter { $0.id == "official_letter" })) {
            try hubBook.decide(opened.number, approve: true, decree: "А/12", date: date, amount: nil, reason: nil)
        }
        let decided = try hubBook.decide(opened.number, approve: true, decree: "А/12", date: date, amount: nil, reason: nil,
                                         received: ["official_letter"])
        #expect(decided.status == "approved")
        #expect(try hubBook.checklist(opened.number).allSatisfy(\.received))
        _ = try await soum.sync()
        let back = try soum.book.checklist(opened.number)
        let districtPapers = back.filter { $0.stage == .district }
        #expect(districtPapers.count == 2 && districtPapers.allSatisfy(\.received), "the soum sees the district's papers after sync")
        #expect(try soum.book.show(opened.number).status == "approved")
    }

    @Test func approvalAtTheHub_ReachesTheSoumInOneSync_AndTheHubSeesItDelivered() async throws {
        defer { hub.stop() }
        let soum = try node("soum-4305")
        let opened = try soum.book.open(service: .welfarePension, registerNumber: try RegisterNumber.parse("УБ58010312"), name: "Ахмад")
        for document in Checklists.documents(for: .welfarePension) {
            _ = try soum.book.markDocument(opened.number, document.id, received: true)
        }
        _ = try soum.book.submit(opened.number)
        _ = try await soum.sync()

        _ = try hubBook.decide(opened.number, approve: true, decree: "А/123", date: CivilDate(iso: "2026-11-20")!,
                               amount: 325_000, reason: nil)
        #expect(try hubBook.show(opened.number).values[WorkflowFields.decisionDeliveredFor] == nil)
        _ = try await soum.sync()

        let atSoum = try soum.book.show(opened.number)
        #expect(atSoum.status == "approved")
        #expect(atSoum.values[WorkflowFields.decreeNumber] == "А/123")
        #expect(atSoum.values[WorkflowFields.approvedAmount] == "325000")
        let atHub = try hubBook.show(opened.number)
        #expect(atHub.values[WorkflowFields.decisionDeliveredFor] == "А/123", "the receipt came back in the same round")
        #expect(atHub.values[WorkflowFields.decisionDeliveredAt] != nil)
        #expect(try soum.store.status().pendingCount == 0)
    }

    @Test func aDecisionNeedsASubmittedCase_AndACareServiceIsPlacedNotPaid() throws {
        defer { hub.stop() }
        let soum = try node("soum-4305")
        let opened = try soum.book.open(service: .careDisabled, registerNumber: try RegisterNumber.parse("УБ80010112"), name: "Бат",
                                        fields: [CareCategory.field: "disabled_without_support"])
        try hubStore.transaction { tx in
            _ = try tx.merge(try soum.store.read { try $0.load(RecordKey(collection: "cases", id: opened.number))! }.record,
                             from: .downstream, now: 1)
        }
        #expect(throws: CaseError.self) {
            try hubBook.decide(opened.number, approve: true, decree: "1", date: CivilDate(iso: "2026-01-01")!, amount: nil, reason: nil)
        }
        _ = try hubBook.set(opened.number, ["status": "submitted"])
        _ = try hubBook.decide(opened.number, approve: true, decree: "1", date: CivilDate(iso: "2026-01-01")!, amount: nil, reason: nil,
                               received: ["official_letter"])
        #expect(throws: CaseError.self) { try hubBook.move(opened.number, to: "paid") }
        #expect(try hubBook.move(opened.number, to: "placed").status == "placed")
        #expect(throws: CaseError.self) { try soum.book.set(opened.number, ["status": "placed"]) }
    }

    @Test func sameRegisterNumber_ApplyingForTheSameAllowanceInTwoSoums_IsFlaggedAtTheHub() async throws {
        defer { hub.stop() }
        let a = try node("soum-4305"), b = try node("soum-4306")
        let rd = try RegisterNumber.parse("УБ99231212")
        _ = try a.book.open(service: .childCareAllowance, registerNumber: rd, name: "Сараа")
        _ = try b.book.open(service: .childCareAllowance, registerNumber: rd, name: "Сараа")
        _ = try b.book.open(service: .twinsAllowance, registerNumber: rd, name: "Сараа")
        _ = try a.book.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ99231213"), name: "Өөр")
        _ = try await a.sync()
        _ = try await b.sync()
        let flagged = try hubBook.duplicateApplications()
        #expect(flagged.count == 1)
        #expect(flagged.first?.registerNumber == "УБ99231212")
        #expect(flagged.first?.service == "child-care-allowance")
        #expect(Set(flagged.first?.cases.map(\.office) ?? []) == ["soum-4305", "soum-4306"])
    }

    @Test func aCaseWithNoDecision31DaysAfterSubmission_IsOverdueAtNodeAndHub() async throws {
        defer { hub.stop() }
        let soum = try node("soum-4305")
        let longAgo = Clock.nowMillis() - 31 * 86_400_000
        let opened = try soum.book.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж", now: longAgo)
        let fresh = try soum.book.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010113"), name: "Бат")
        for number in [opened.number, fresh.number] {
            for document in Checklists.documents(for: .elderlyAgeGift) {
                _ = try soum.book.markDocument(number, document.id, received: true, now: longAgo)
            }
        }
        _ = try soum.book.submit(opened.number, now: longAgo)
        _ = try soum.book.submit(fresh.number)
        _ = try await soum.sync()
        let today = try soum.store.localDate(Clock.nowMillis())
        for book in [soum.book, hubBook] {
            let overdue = try book.overdue(today: today)
            #expect(overdue.map(\.number) == [opened.number])
            #expect(overdue.first?.kind == .decision)
            #expect(overdue.first?.daysLate == 1)
        }
    }

    @Test func aSecondComplaint_AfterAnAnsweredOne_IsOverdueOnDay31_AtNodeAndHub() async throws {
        defer { hub.stop() }
        let soum = try node("soum-4305")
        let day = Int64(86_400_000)
        let start = Clock.nowMillis() - 70 * day
        let opened = try soum.book.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж", now: start)
        for document in Checklists.documents(for: .elderlyAgeGift) {
            _ = try soum.book.markDocument(opened.number, document.id, received: true, now: start)
        }
        _ = try soum.book.submit(opened.number, now: start)
        _ = try await soum.sync()
        _ = try hubBook.decide(opened.number, approve: false, decree: "А/7", date: try hubStore.localDate(start + day), amount: nil,
                               reason: "насны шаардлага", now: start + day)
        _ = try await soum.sync()
        _ = try soum.book.fileComplaint(opened.number, text: "Шийдвэрийг эсэргүүцэж байна", now: start + 2 * day)
        _ = try await soum.sync()
        _ = try hubBook.answerComplaint(opened.number, text: "Хэвээр үлдээв", now: start + 10 * day)
        _ = try await soum.sync()
        // Filed again 31 days ago, after the first was answered: was never counted overdue.
        _ = try soum.book.fileComplaint(opened.number, text: "Дахин гомдол", now: Clock.nowMillis() - 31 * day)
        _ = try await soum.sync()
        // The office's day (Ulaanbaatar), as the filing took it: not UTC's.
        let today = try hubStore.localDate(Clock.nowMillis())
        for book in [soum.book, hubBook] {
            let overdue = try book.overdue(today: today)
            #expect(overdue.map(\.kind) == [.complaint])
            #expect(overdue.first?.daysLate == 1)
        }
        let shown = try soum.book.show(opened.number)
        #expect(shown.values[WorkflowFields.complaintAnswered] == "", "the earlier answer is cleared")
        #expect(!CaseOutput.detail(shown).contains("Хариулсан (answered)"), "and not shown as an answer")
        // Answered again: no longer overdue.
        _ = try hubBook.answerComplaint(opened.number, text: "Шийдвэрийг өөрчлөв", now: Clock.nowMillis())
        #expect(try hubBook.overdue(today: today).isEmpty)
    }

    @Test func applicants_GetBirthDateAndSexFromTheRegisterNumber_AndSortInMongolianOrder() throws {
        defer { hub.stop() }
        let soum = try node("soum-4305")
        let people = PersonBook(store: soum.store)
        let man = try people.add(try RegisterNumber.parse("уб05231456"), name: "Өлзий")
        #expect(man.values[PersonFields.birthDate] == "2005-03-14")
        #expect(man.values[PersonFields.sex] == "male")
        _ = try people.add(try RegisterNumber.parse("УБ99031222"), name: "Оюун")
        _ = try people.add(try RegisterNumber.parse("ЧД88010244"), name: "Пүрэв")
        #expect(try people.list().map(\.name) == ["Оюун", "Өлзий", "Пүрэв"])
        #expect(throws: PersonBook.PersonError.self) { try people.add(try RegisterNumber.parse("УБ05231456"), name: "Again") }
        #expect(throws: RegisterNumber.Problem.latinLetters("UB05231456")) { try RegisterNumber.parse("UB05231456") }
        #expect(throws: RegisterNumber.Problem.impossibleDate("УБ05331456")) { try RegisterNumber.parse("УБ05331456") }
    }
}
