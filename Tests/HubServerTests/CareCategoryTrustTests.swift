import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import CaseBooks
import SyncModel
import HalamjHTTP

/// A decision's legal ground (the care category it was made on) is the district's:
/// someone holding one office's token cannot forge it, nor change it after the decision.
extension TrustBoundaryTests {
    /// The office's submitted care case, as the hub holds it.
    func submittedCareCase() throws -> Record {
        var record = Record(collection: "cases", id: caseNumber, office: office.rawValue)
        record.write(["rd": "УБ45010112", "service": "care-disabled", "status": "submitted", "name": "Бат",
                      CareCategory.field: "disabled_without_support"],
                     dot: Dot(replica: office, counter: 1), hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: office))
        #expect(try push([record], latest: 1).map(\.outcome) == [.merged])
        return try #require(try held(caseNumber))
    }

    @Test func anOffice_CannotForgeADecisionsLegalGround() throws {
        let submitted = try submittedCareCase()
        let forged = adding([CareCategory.decisionField: "disabled_child_in_permanent_care"], by: office, counter: 2, to: submitted)
        let result = try #require(try push([forged], latest: 2).first)
        #expect(result.outcome == .refused && result.field == CareCategory.decisionField, "\(result)")
        #expect(try #require(try held(caseNumber)).value(CareCategory.decisionField) == nil)
    }

    @Test func anOffice_CannotChangeTheGround_OfADecisionItHasSeen() throws {
        _ = try submittedCareCase()
        let decided = try CaseBook(store: store).decide(caseNumber, approve: true, decree: "А/7", date: CivilDate(iso: "2026-11-20")!,
                                                        amount: nil, reason: nil, received: ["official_letter"], now: 2_000)
        #expect(decided.values[CareCategory.decisionField] == "disabled_without_support")
        // The office pulled the decision and writes another ground over it.
        let seen = try #require(try held(caseNumber))
        let rewritten = adding([CareCategory.decisionField: "disabled_child_in_permanent_care"], by: office, counter: 2, to: seen)
        let result = try #require(try push([rewritten], latest: 2).first)
        #expect(result.outcome == .refused && result.field == CareCategory.decisionField, "\(result)")
        #expect(try #require(try held(caseNumber)).value(CareCategory.decisionField) == "disabled_without_support")
        // Changing its own category afterwards is its edit, but not the decision's ground.
        let recategorised = adding([CareCategory.field: "disabled_child_in_permanent_care"], by: office, counter: 2, to: seen)
        #expect(try #require(try push([recategorised], latest: 2).first).outcome == .merged)
        #expect(try #require(try held(caseNumber)).value(CareCategory.decisionField) == "disabled_without_support")
    }
}
