import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel
import HalamjCommandLine

/// A child-care allowance from the soum's application to three months paid at the
/// district, seen back at the soum after one sync (issue 15, item 5).
@Suite struct RecurringBenefitsEndToEndTests {
    let dir = TemporaryDirectory()
    let hubStore: ReplicaStore
    let hub: TestHub

    init() throws {
        hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        hub = try TestHub(store: hubStore)
    }

    @Test func threeMonthsPaidAtTheHub_ReachTheSoum_WithTheNextDueAndTheEnd() async throws {
        defer { hub.stop() }
        let soum = try TestNode(directory: dir, office: "soum-4305", hub: hub.url,
                                token: try OfficeRegistry(store: hubStore).add("soum-4305", now: 1))
        let opened = try soum.book.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ95031222"),
                                        name: "Сараа", fields: ["child_birth_dates": "2024-06-01"])
        for document in Checklists.documents(for: .childCareAllowance) {
            _ = try soum.book.markDocument(opened.number, document.id, received: true)
        }
        _ = try soum.book.submit(opened.number)
        _ = try await soum.sync()

        let district = CaseBook(store: hubStore)
        _ = try district.decide(opened.number, approve: true, decree: "А/77", date: CivilDate(iso: "2026-09-10")!, amount: nil, reason: nil)
        for (period, day) in [("2026-09", "2026-09-30"), ("2026-10", "2026-10-30"), ("2026-11", "2026-11-27")] {
            _ = try district.pay(opened.number, period: period, paidOn: CivilDate(iso: day),
                                 now: CivilDate(iso: "2026-12-01")!.startMillis + 4 * 3_600_000)
        }
        _ = try await soum.sync()

        let atSoum = try soum.book.show(opened.number)
        #expect(atSoum.status == "paid")
        let schedule = try #require(PaymentSchedule(values: atSoum.values))
        #expect(schedule.payments.map(\.period) == ["2026-09", "2026-10", "2026-11"])
        #expect(schedule.paidTotal == 150_000)
        #expect(schedule.nextDue?.text == "2026-12")
        #expect(schedule.ending?.endsOn.iso == "2027-06-01")
        let shown = CaseOutput.detail(atSoum)
        #expect(shown.contains("Олгосон 2026-10") && shown.contains("2027-06-01"), "halamj-node case show: \(shown)")
        // A payment the soum cannot make, even on its own copy.
        #expect(throws: (any Error).self) { try soum.book.set(opened.number, ["payment_2026-12": "50000 2026-12-01"]) }
    }
}
