/// Deadlines of the law (shared/seeds/004_708948af4441f04f.txt, DESIGN §8): a
/// decision within 30 days of the complete application at the soum/khoroo, a complaint
/// answered within 30 days.
public enum Deadlines {
    public static let decisionDays = 30
    public static let complaintAnswerDays = 30

    /// The last day on which the decision is on time.
    public static func decisionDue(submitted: CivilDate) -> CivilDate {
        submitted.adding(days: decisionDays)
    }

    /// The last day on which the complaint's answer is on time.
    public static func complaintAnswerDue(filed: CivilDate) -> CivilDate {
        filed.adding(days: complaintAnswerDays)
    }

    /// Overdue from the day after `due`; on `due` itself it is still on time.
    public static func isOverdue(due: CivilDate, today: CivilDate) -> Bool {
        today > due
    }

    /// Days left until `due` (0 on the day, negative once overdue).
    public static func daysLeft(due: CivilDate, today: CivilDate) -> Int {
        today.days(until: due)
    }
}
