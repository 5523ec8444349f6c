import SyncModel
import Testing

@Suite("Deadlines")
struct DeadlinesTests {
    @Test("A decision is due 30 days after submission", arguments: [
        ("2026-11-25", "2026-12-25"), ("2026-12-15", "2027-01-14"), ("2024-02-01", "2024-03-02"),
        ("2023-02-01", "2023-03-03"),
    ])
    func decisionDue(_ submitted: String, _ due: String) {
        #expect(Deadlines.decisionDue(submitted: d(submitted)) == d(due))
        #expect(Deadlines.complaintAnswerDue(filed: d(submitted)) == d(due))
    }

    @Test("A case is overdue from the day after its due date, not on it", arguments: [
        (-1, false), (0, false), (1, true), (30, true),
    ])
    func overdue(_ daysAfterDue: Int, _ overdue: Bool) {
        let due = d("2026-12-25")
        let today = due.adding(days: daysAfterDue)
        #expect(Deadlines.isOverdue(due: due, today: today) == overdue)
        #expect(Deadlines.daysLeft(due: due, today: today) == -daysAfterDue)
    }

    @Test("The law's periods are 30 days")
    func periods() {
        #expect(Deadlines.decisionDays == 30 && Deadlines.complaintAnswerDays == 30)
    }
}
