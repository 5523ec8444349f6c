import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import CaseBooks
import SyncModel

/// Issue 15, item 5: a payment is the hub's fact. Someone holding soum-4305's token can
/// neither add one, nor change or erase one the district recorded.
extension TrustBoundaryTests {
    var anyTime: (from: CivilDate, to: CivilDate) { (CivilDate(iso: "2000-01-01")!, CivilDate(iso: "2099-12-31")!) }

    @Test func anOffice_ForgingAPaymentOfItsOwnCase_IsRefused_AndTheReportCountsNone() throws {
        let pushed = try pushedCase()
        let forged = adding(["payment_2026-11": "5000000 2026-11-20"], by: office, counter: 2, to: pushed)
        let result = try #require(try push([forged], latest: 2).first)
        #expect(result.outcome == .refused)
        #expect(result.reason?.contains("payment_2026-11") == true, "\(result.reason ?? "")")
        #expect(try held(caseNumber)?.value("payment_2026-11") == nil)
        let report = try CaseBook(store: store).districtReport(from: anyTime.from, to: anyTime.to)
        #expect(report.total.payments == 0 && report.total.oneOffPaid == 0 && report.total.recurringPaid == 0)
    }

    @Test func anOffice_CannotRewrite_Erase_OrClaimTheHubWroteAPayment() throws {
        _ = try pushedCase()
        try districtWrites(["status": "paid", "decision": "approved", "decree_number": "А/12", "decree_date": "2026-11-02",
                            "payment_2026-11": "40000 2026-11-20"])
        let pulled = try #require(try held(caseNumber))

        let rewritten = adding(["payment_2026-11": "4000000 2026-11-20"], by: office, counter: 2, to: pulled)
        #expect(try push([rewritten], latest: 2).first?.outcome == .refused, "a larger amount over the hub's")

        var fields = pulled.fields
        fields["payment_2026-11"] = nil
        let erased = Record(collection: pulled.collection, id: pulled.id, office: pulled.office, fields: fields, vector: pulled.vector)
        #expect(try push([erased], latest: 2).first?.outcome == .refused, "the payment taken out of the copy")

        let hub = ReplicaID("hub-43")!
        let claimed = adding(["payment_2026-12": "40000 2026-12-20"], by: hub, counter: pulled.vector[hub] + 5, to: pulled)
        #expect(try push([claimed], latest: 2).first?.outcome == .refused, "a payment said to be the hub's, never sent by it")

        let record = try #require(try held(caseNumber))
        #expect(record.value("payment_2026-11") == "40000 2026-11-20")
        #expect(record.value("payment_2026-12") == nil)
        let paid = try #require(PaymentSchedule(values: record.currentValues))
        #expect(paid.payments.map(\.amount) == [40_000])
    }

    @Test func anOffice_CannotMoveTheDayTheHubPlacedSomeoneInCare() throws {
        _ = try pushedCase()
        try districtWrites(["status": "placed", "decision": "approved", "decree_date": "2026-10-15", "placed_on": "2026-10-20"])
        let pulled = try #require(try held(caseNumber))
        let moved = adding(["placed_on": "2026-12-31"], by: office, counter: 2, to: pulled)
        let result = try #require(try push([moved], latest: 2).first)
        #expect(result.outcome == .refused)
        #expect(result.reason?.contains("placed_on") == true, "\(result.reason ?? "")")
        #expect(try held(caseNumber)?.value("placed_on") == "2026-10-20")
    }
}
