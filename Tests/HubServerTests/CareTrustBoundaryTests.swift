import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import CaseBooks
import SyncModel
import HalamjHTTP

/// Someone holding soum-4305's token tries to forge the district's facts about a
/// placed resident: a transfer, a discharge, a pension. Each is refused alone; the
/// soum's own handover goes through.
extension TrustBoundaryTests {
    /// The office's care case, pushed, then approved and placed at facility А by the hub:
    /// the copy the office holds after its next pull.
    func placedCase() throws -> Record {
        var record = Record(collection: "cases", id: caseNumber, office: office.rawValue)
        record.write(["rd": "УБ45010112", "service": "care-elderly", "status": "submitted", "name": "Дорж", "care_category": "elderly_without_support"],
                     dot: Dot(replica: office, counter: 1), hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: office))
        #expect(try push([record], latest: 1).map(\.outcome) == [.merged])
        let book = CaseBook(store: store)
        _ = try book.decide(caseNumber, approve: true, decree: "А/1", date: CivilDate(iso: "2026-01-05")!, amount: nil, reason: nil, received: ["official_letter"])
        _ = try book.record(caseNumber, .placement(facility: "А газар"))
        return try #require(try held(caseNumber))
    }

    /// The first result of pushing `record` with `changes` written by the office at `counter`.
    func pushOffice(_ changes: [String: String], counter: UInt64, to record: Record) throws -> PushResult {
        try #require(try push([adding(changes, by: office, counter: counter, to: record)], latest: counter).first)
    }

    func forged(_ fact: CareFact) -> CareEvent {
        CareEvent(id: "forged1", date: CivilDate(iso: "2026-02-01")!, recordedAt: 5_000, fact: fact)
    }

    @Test func anOffice_ForgingATransfer_IsRefused_AndTheResidentStaysWhereTheDistrictPutThem() throws {
        let pulled = try placedCase()
        let transfer = forged(.transfer(toFacility: "Хуурамч газар", reason: "хүссэн"))
        let result = try pushOffice([transfer.field: transfer.value], counter: 2, to: pulled)
        #expect(result.outcome == .refused)
        #expect(result.field == transfer.field, "\(result)")
        #expect(result.reason?.contains("only the district hub") == true, "\(result.reason ?? "")")
        let history = CareHistory(values: try #require(try held(caseNumber)).currentValues)
        #expect(history.currentFacility == "А газар")
        #expect(history.events.map(\.kind) == [.placement])
    }

    @Test func anOffice_ForgingADischarge_WithItsReasonAndCosts_IsRefused() throws {
        let pulled = try placedCase()
        let leaving = forged(.leaving(way: "own_request", clothes: 9_000_000, travel: 9_000_000, ground: nil, note: ""))
        for changes in [
            [leaving.field: leaving.value],
            [WorkflowFields.dischargeReason: "own_request"],
            ["status": "discharged", WorkflowFields.dischargeReason: "own_request", leaving.field: leaving.value],
        ] {
            let result = try pushOffice(changes, counter: 2, to: pulled)
            #expect(result.outcome == .refused, "\(changes.keys.sorted())")
        }
        let record = try #require(try held(caseNumber))
        #expect(record.value("status") == "placed")
        #expect(record.value(WorkflowFields.dischargeReason) == nil)
        #expect(CareHistory(values: record.currentValues).leaving == nil)
        #expect(!mentions(record, "9,000,000"))
    }

    @Test func anOffice_ForgingAPensionOrADisciplinaryMeasure_IsRefused_ButItsHandoverIsMerged() throws {
        let pulled = try placedCase()
        for fact: CareFact in [
            .pension(monthly: 9_999_999, collection: .inPerson, proxyNotarised: false, filedAt: "soum-4305"),
            .discipline(measure: "discharge_warning", ground: "crime", note: ""),
            .placement(facility: "Хуурамч газар"),
        ] {
            let event = forged(fact)
            #expect(try pushOffice([event.field: event.value], counter: 2, to: pulled).outcome == .refused, "\(fact.kind)")
        }
        let handover = forged(.handover(handedOverBy: "Д. Должин", receivedBy: "Б. Сараа", withFile: true))
        #expect(try pushOffice([handover.field: handover.value], counter: 2, to: pulled).outcome == .merged)
        #expect(Set(CareHistory(values: try #require(try held(caseNumber)).currentValues).events.map(\.kind)) == [.placement, .handover])
    }

    /// Whether any value of the record mentions `text`.
    func mentions(_ record: Record, _ text: String) -> Bool {
        record.currentValues.values.contains { $0.contains(text) }
    }
}
