/// The 30-day decision clock of one case (Deadlines, DESIGN §8): it runs from the
/// day the citizen handed in the application at the soum/khoroo (`application_date`),
/// not from the day the soum sent it on, and a resubmission does not restart it. The
/// days are split between the soum (until it last submitted) and the district (from
/// then until the decree or today), so the days lost at either are seen.
///
/// MY READING: the law counts from the "complete application"; the soum records the
/// day the papers were handed in, which is that day when the papers were complete (a
/// worker who received them later enters the later day). A case returned to the soum
/// for documents counts its days there as the soum's until it is submitted again.
/// Cases from before `application_date` existed count from their `submitted_on`.
public struct DecisionClock: Sendable, Equatable {
    /// The day the clock started.
    public let start: CivilDate
    /// Whether `start` is the application date (false: the older submitted date).
    public let fromApplication: Bool
    /// The last day of the soum's submissions, if it submitted.
    public let submitted: CivilDate?
    /// The decree's date, if decided.
    public let decided: CivilDate?
    /// The last day on which the decision is on time.
    public let due: CivilDate

    /// The clock of a case with these current values; nil when there is no start.
    public init?(_ values: [String: String]) {
        self.init { values[$0] }
    }

    /// The same, reading only the fields it needs (`value` gives a field's current
    /// value): what the store's index asks of every record it writes.
    public init?(value: (String) -> String?) {
        let application = value(WorkflowFields.applicationDate).flatMap(CivilDate.init(iso:))
        let submitted = value(WorkflowFields.submittedOn).flatMap(CivilDate.init(iso:))
        guard let start = application ?? submitted else { return nil }
        self.start = start
        fromApplication = application != nil
        self.submitted = submitted
        decided = value(WorkflowFields.decreeDate).flatMap(CivilDate.init(iso:))
        due = Deadlines.decisionDue(submitted: start)
    }

    /// The clock of a case still waiting for its decision (the one that can run
    /// late), reading only the fields it needs; nil otherwise.
    public static func running(value: (String) -> String?) -> DecisionClock? {
        waitsForDecision(value: value) ? DecisionClock(value: value) : nil
    }

    /// The clock a person is shown: while the case waits for its decision, and once
    /// decided (in time or late); nil for a case it does not concern.
    public static func shown(_ values: [String: String]) -> DecisionClock? {
        guard let clock = DecisionClock(values), waitsForDecision(values) || clock.decided != nil else { return nil }
        return clock
    }

    /// Whether the case still waits for its decision, so its clock can run late:
    /// submitted or received, or a draft whose soum papers are all in (the
    /// application is complete; the soum has not sent it on yet).
    public static func waitsForDecision(_ values: [String: String]) -> Bool {
        waitsForDecision { values[$0] }
    }

    /// The same, reading only the fields it needs.
    public static func waitsForDecision(value: (String) -> String?) -> Bool {
        switch value(CaseFields.status) ?? CaseFields.initialStatus {
        case "submitted", "received": return true
        case CaseFields.initialStatus:
            guard let service = value(CaseFields.service).flatMap(Service.init(rawValue:)) else { return false }
            return Checklists.documents(for: service, stage: .soum).allSatisfy {
                value($0.field).map(MergePolicy.receivedValues.contains) ?? false
            }
        default: return false
        }
    }

    /// The clock runs from `start` to the decree, or to `today` while undecided.
    func end(today: CivilDate) -> CivilDate { decided ?? today }

    /// Days from the application to the soum's (last) submission, or to `today`
    /// while the case is still at the soum.
    public func daysAtSoum(today: CivilDate) -> Int {
        max(0, start.days(until: submitted ?? end(today: today)))
    }

    /// Days from the soum's submission to the decree (or `today`); 0 before it submits.
    public func daysAtDistrict(today: CivilDate) -> Int {
        guard let submitted else { return 0 }
        return max(0, submitted.days(until: end(today: today)))
    }

    /// Days left to decide on time (0 on the last day, negative once late).
    public func daysLeft(today: CivilDate) -> Int {
        Deadlines.daysLeft(due: due, today: today)
    }

    /// The clock in words, Mongolian first: when it started, the days at the soum and
    /// at the district, and the days left (or late, or decided in time).
    public func text(today: CivilDate) -> String {
        var parts = ["\(start.iso)-аас \(Deadlines.decisionDays) хоног, \(due.iso) хүртэл"]
        parts.append("суманд \(daysAtSoum(today: today)) хоног")
        if submitted != nil { parts.append("аймаг, дүүрэгт \(daysAtDistrict(today: today)) хоног") }
        var english = "30 days from \(start.iso), due \(due.iso); \(daysAtSoum(today: today)) days at the soum"
        if submitted != nil { english += ", \(daysAtDistrict(today: today)) at the district" }
        if let decided {
            let late = due.days(until: decided)
            parts.append(late > 0 ? "\(late) хоног хэтэрч шийдвэрлэсэн" : "хугацаандаа шийдвэрлэсэн")
            english += late > 0 ? "; decided \(late) days late" : "; decided in time"
        } else {
            let left = daysLeft(today: today)
            parts.append(left >= 0 ? "\(left) хоног үлдсэн" : "\(-left) хоног хэтэрсэн")
            english += left >= 0 ? "; \(left) days left" : "; \(-left) days overdue"
        }
        return parts.joined(separator: ", ") + " (" + english + ")"
    }
}
