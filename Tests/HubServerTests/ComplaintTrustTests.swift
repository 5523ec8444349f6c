import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import SyncModel
import HalamjHTTP

/// Complaints against the acceptance rule: someone holding soum-4305's token files
/// complaints (its right) but cannot forge the district's answer to one, at either
/// level, nor take away an answer the district gave.
extension TrustBoundaryTests {
    @Test func anOffice_CannotForgeTheDistrictsAnswerToAComplaint_AtEitherLevel() throws {
        let held = try pushedCase()
        // Filing is the office's own write: accepted.
        let filed = adding(["complaint": "Удаж байна", "complaint_filed": "2026-03-01", "complaint_ref": "soum-4305-1"],
                           by: office, counter: 2, to: held)
        #expect(try push([filed], latest: 2).map(\.outcome) == [.merged])
        let forgeries: [[String: String]] = [
            ["complaint_hub_answer": "Шийдвэрлэсэн", "complaint_hub_answered": "2026-03-02", "complaint_hub_answer_for": "soum-4305-1"],
            ["complaint_2": "Дээд шат", "complaint_2_filed": "2026-03-02", "complaint_2_ref": "soum-4305-3",
             "complaint_2_answer": "Шийдвэрлэсэн", "complaint_2_answered": "2026-03-02", "complaint_2_answer_for": "soum-4305-3"],
        ]
        for (index, forgery) in forgeries.enumerated() {
            let counter = UInt64(3 + index)
            let forged = adding(forgery, by: office, counter: counter, to: try #require(try self.held(caseNumber)))
            let result = try #require(try push([forged], latest: counter).first)
            #expect(result.outcome == .refused, "\(result)")
            #expect(result.field.map(Complaints.hubAnswerFields.contains) == true, "\(result)")
            #expect(result.reason?.contains("only the district hub sets") == true, "\(result)")
        }
        let record = try #require(try self.held(caseNumber))
        #expect(Complaints.all { record.value($0) }.map(\.isAnswered) == [false], "still waiting for the district")
        #expect(record.value("complaint_2_answer") == nil && record.value("complaint_hub_answer") == nil)
        // Written as the hub, with a counter the hub never sent: refused as well.
        let asHub = adding(["complaint_hub_answer": "Шийдвэрлэсэн", "complaint_hub_answer_for": "soum-4305-1"],
                           by: ReplicaID("hub-43")!, counter: 40, to: record)
        #expect(try push([asHub], latest: 4).first?.outcome == .refused)
        #expect(try self.held(caseNumber)?.value("complaint_hub_answer") == nil)
    }

    @Test func anOffice_CannotReplaceTheDistrictsAnswer_ItHasSeen() throws {
        let held = try pushedCase()
        let filed = adding(["complaint": "Удаж байна", "complaint_filed": "2026-03-01", "complaint_ref": "soum-4305-1"],
                           by: office, counter: 2, to: held)
        #expect(try push([filed], latest: 2).map(\.outcome) == [.merged])
        try districtWrites(["complaint_hub_answer": "Татгалзав", "complaint_hub_answered": "2026-03-05", "complaint_hub_answer_for": "soum-4305-1"])
        let seen = try #require(try self.held(caseNumber))
        let replaced = adding(["complaint_hub_answer": "Зөвшөөрөв"], by: office, counter: 3, to: seen)
        let result = try #require(try push([replaced], latest: 3).first)
        #expect(result.outcome == .refused && result.field == "complaint_hub_answer", "\(result)")
        #expect(try self.held(caseNumber)?.value("complaint_hub_answer") == "Татгалзав")
        // Filing again is the office's right: the answer then no longer counts for it.
        let again = adding(["complaint": "Дахин", "complaint_filed": "2026-03-10", "complaint_ref": "soum-4305-4"],
                           by: office, counter: 4, to: seen)
        #expect(try push([again], latest: 4).map(\.outcome) == [.merged])
        let record = try #require(try self.held(caseNumber))
        #expect(Complaints.complaint(.first) { record.value($0) }?.isAnswered == false)
    }
}
