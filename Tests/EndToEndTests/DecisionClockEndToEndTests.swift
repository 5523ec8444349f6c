import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel
import HalamjCommandLine

/// The 30-day clock runs from the day the citizen handed the application in at the
/// soum, across a return for documents and a resubmission, and both ends count it the
/// same way.
@Suite struct DecisionClockEndToEndTests {
    let dir = TemporaryDirectory()
    let hubStore: ReplicaStore
    let hub: TestHub
    let day = Int64(86_400_000)

    init() throws {
        hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        hub = try TestHub(store: hubStore)
    }

    @Test func aDeadlineCountedFromTheApplicationDate_IsOverdueOnDay31_AcrossAResubmission_AtNodeAndHub() async throws {
        defer { hub.stop() }
        let soum = try TestNode(directory: dir, office: "soum-4305", hub: hub.url,
                                token: try OfficeRegistry(store: hubStore).add("soum-4305", now: 1))
        let now = Clock.nowMillis()
        let today = try soum.store.localDate(now)
        // Handed in 31 days ago; a second application handed in 30 days ago is still on time.
        let late = try soum.book.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж",
                                      fields: [WorkflowFields.applicationDate: today.adding(days: -31).iso], now: now - 31 * day)
        let onTime = try soum.book.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010113"), name: "Бат",
                                        fields: [WorkflowFields.applicationDate: today.adding(days: -30).iso], now: now - 30 * day)
        for number in [late.number, onTime.number] {
            for document in Checklists.documents(for: .elderlyAgeGift) {
                _ = try soum.book.markDocument(number, document.id, received: true, now: now - 30 * day)
            }
            // Submitted 20 days ago, returned by the district for a document 18 days ago,
            // submitted again 10 days ago: the clock does not start again.
            _ = try soum.book.submit(number, now: now - 20 * day)
        }
        _ = try await soum.sync()
        for number in [late.number, onTime.number] {
            _ = try CaseBook(store: hubStore).move(number, to: "draft", now: now - 18 * day)
        }
        _ = try await soum.sync()
        for number in [late.number, onTime.number] {
            #expect(try soum.book.show(number).status == "draft")
            _ = try soum.book.submit(number, now: now - 10 * day)
        }
        _ = try await soum.sync()

        for book in [soum.book, CaseBook(store: hubStore)] {
            let overdue = try book.overdue(today: today)
            #expect(overdue.map(\.number) == [late.number], "day 31 is late, day 30 is not")
            #expect(overdue.first?.kind == .decision)
            #expect(overdue.first?.daysLate == 1)
        }
        let shown = CaseOutput.detail(try CaseBook(store: hubStore).show(late.number), today: today)
        // 21 days from the application to the last submission, 10 at the district since.
        #expect(shown.contains("суманд 21 хоног"), "\(shown)")
        #expect(shown.contains("аймаг, дүүрэгт 10 хоног"))
        #expect(shown.contains("1 хоног хэтэрсэн"))
    }
}
