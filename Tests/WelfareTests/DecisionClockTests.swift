import Testing
import SyncModel

/// The decision clock runs from the day the application was handed in, across
/// resubmissions, split between the soum and the district.
@Suite struct DecisionClockTests {
    func values(_ pairs: [String: String]) -> [String: String] {
        ["service": "elderly-age-gift", "status": "submitted"].merging(pairs) { _, new in new }
    }

    @Test func theClock_StartsAtTheApplication_AndIsOverdueOnDay31() throws {
        let clock = try #require(DecisionClock(values([
            WorkflowFields.applicationDate: "2026-11-01", WorkflowFields.submittedOn: "2026-11-20",
        ])))
        #expect(clock.start.iso == "2026-11-01")
        #expect(clock.due.iso == "2026-12-01")
        #expect(!Deadlines.isOverdue(due: clock.due, today: CivilDate(iso: "2026-12-01")!), "day 30 is on time")
        #expect(Deadlines.isOverdue(due: clock.due, today: CivilDate(iso: "2026-12-02")!), "day 31 is late")
        let today = CivilDate(iso: "2026-11-25")!
        #expect(clock.daysAtSoum(today: today) == 19)
        #expect(clock.daysAtDistrict(today: today) == 5)
        #expect(clock.daysLeft(today: today) == 6)
        let text = clock.text(today: today)
        #expect(text.contains("суманд 19 хоног"))
        #expect(text.contains("аймаг, дүүрэгт 5 хоног"))
        #expect(text.contains("6 хоног үлдсэн"))
    }

    @Test func aDecidedClock_StopsAtTheDecree_AndSaysWhetherItWasLate() throws {
        let late = try #require(DecisionClock(values([
            WorkflowFields.applicationDate: "2026-10-01", WorkflowFields.submittedOn: "2026-10-25",
            WorkflowFields.decreeDate: "2026-11-05", "status": "approved",
        ])))
        let today = CivilDate(iso: "2026-12-31")!
        #expect(late.daysAtDistrict(today: today) == 11, "not counted past the decree")
        #expect(late.text(today: today).contains("5 хоног хэтэрч шийдвэрлэсэн"))
        #expect(!DecisionClock.waitsForDecision(values(["status": "approved"])))
    }

    @Test func oldCases_WithoutAnApplicationDate_CountFromSubmission() throws {
        let clock = try #require(DecisionClock(values([WorkflowFields.submittedOn: "2026-11-10"])))
        #expect(!clock.fromApplication)
        #expect(clock.due.iso == "2026-12-10")
        #expect(DecisionClock(values([:])) == nil)
    }

    @Test func aCompleteDraft_IsWaiting_AnIncompleteOneIsNot() {
        var draft = ["service": "elderly-age-gift", "status": "draft", WorkflowFields.applicationDate: "2026-11-01"]
        #expect(!DecisionClock.waitsForDecision(draft), "papers still missing: the application is not complete")
        for document in Checklists.documents(for: .elderlyAgeGift) { draft[document.field] = "received" }
        #expect(DecisionClock.waitsForDecision(draft), "complete at the soum: the days there count")
        var care = ["service": "care-elderly", "status": "draft"]
        for document in Checklists.documents(for: .careElderly, stage: .soum) { care[document.field] = "received" }
        #expect(DecisionClock.waitsForDecision(care), "a care draft is complete without the district's papers")
    }
}
