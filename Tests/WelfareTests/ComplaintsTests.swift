import Testing
import SyncModel

/// Complaints in two levels, each with its own 30-day clock (Complaints).
@Suite struct ComplaintsTests {
    func caseRecord(_ values: [String: String]) -> Record {
        let office = ReplicaID("soum-4305")!
        var record = Record(collection: CaseFields.collection, id: "4305-2026-000001", office: office.rawValue)
        record.write(values.merging(["service": "elderly-age-gift", "status": "draft"]) { a, _ in a },
                     dot: Dot(replica: office, counter: 1), hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: office))
        return record
    }

    @Test func aComplaintWrittenBeforeLevels_ReadsAsLevel1_WithItsAnswer() {
        let values = ["complaint": "Шийдвэрийг эсэргүүцэж байна", "complaint_filed": "2026-03-01",
                      "complaint_answer": "Хэвээр үлдээв", "complaint_answered": "2026-03-10"]
        let all = Complaints.all(in: values)
        #expect(all.map(\.level) == [.first])
        #expect(all.first?.text == "Шийдвэрийг эсэргүүцэж байна")
        #expect(all.first?.answer == "Хэвээр үлдээв" && all.first?.answered == d("2026-03-10"))
        #expect(all.first?.due == d("2026-03-31"))
        #expect(CaseIndex.dueDay(caseRecord(values)) == nil, "answered: nothing waits")
    }

    @Test func theDueDay_IsTheEarliestUnansweredLevel_AndEachLevelHasItsOwnClock() {
        var values = ["complaint": "а", "complaint_filed": "2026-03-01", "complaint_2": "б", "complaint_2_filed": "2026-03-20"]
        #expect(CaseIndex.dueDay(caseRecord(values)) == d("2026-03-31").dayNumber)
        values["complaint_answer"] = "хариу"
        values["complaint_answered"] = "2026-03-15"
        #expect(CaseIndex.dueDay(caseRecord(values)) == d("2026-04-19").dayNumber, "level 2 alone waits")
        let second = Complaints.complaint(.second) { values[$0] }
        #expect(second?.daysLeft(today: d("2026-04-19")) == 0)
        #expect(second?.isOverdue(today: d("2026-04-19")) == false)
        #expect(second?.isOverdue(today: d("2026-04-20")) == true, "overdue on day 31")
        #expect(second?.clockText(today: d("2026-04-22")) == "3 хоног хэтэрсэн (3 days overdue)")
    }

    @Test func theHubsAnswer_CountsOnlyForTheFilingItNames() {
        var values = ["complaint_2": "б", "complaint_2_filed": "2026-03-20", "complaint_2_ref": "soum-4305-1",
                      "complaint_2_answer": "Хэвээр", "complaint_2_answered": "2026-03-25", "complaint_2_answer_for": "soum-4305-1"]
        #expect(Complaints.complaint(.second) { values[$0] }?.answeredBy == .hub)
        // Filed again: the hub's earlier answer is not this one's.
        values["complaint_2_ref"] = "soum-4305-2"
        values["complaint_2_filed"] = "2026-04-01"
        let again = Complaints.complaint(.second) { values[$0] }
        #expect(again?.isAnswered == false)
        #expect(again?.clockText(today: d("2026-04-01")) == "30 хоног үлдсэн (30 days left)")
    }

    @Test func level2_FollowsALevel1AnswerOrItsThirtyDays() {
        var values: [String: String] = [:]
        #expect(Complaints.escalationRefusal({ values[$0] }, today: d("2026-03-01")).map(isBilingual) == true)
        values = ["complaint": "а", "complaint_filed": "2026-03-01"]
        let early = Complaints.escalationRefusal({ values[$0] }, today: d("2026-03-31"))
        #expect(early?.contains("2026-03-31") == true && early.map(isBilingual) == true)
        #expect(Complaints.escalationRefusal({ values[$0] }, today: d("2026-04-01")) == nil, "level 1 overdue")
        values["complaint_answer"] = "хариу"
        values["complaint_answered"] = "2026-03-05"
        #expect(Complaints.escalationRefusal({ values[$0] }, today: d("2026-03-06")) == nil, "level 1 answered")
    }

    @Test func theHubsAnswers_AreHubAuthority_AndTheFilingsAreNot() {
        for field in Complaints.hubAnswerFields {
            #expect(FieldPolicies.policy(collection: CaseFields.collection, field: field) == .hubAuthority, "\(field)")
        }
        for field in ["complaint", "complaint_filed", "complaint_ref", "complaint_answer", "complaint_answered", "complaint_2", "complaint_2_filed"] {
            #expect(FieldPolicies.policy(collection: CaseFields.collection, field: field) == .lastWriterWins, "\(field)")
        }
        #expect(Complaints.fields.allSatisfy(CaseFields.isValidFieldName))
    }
}
