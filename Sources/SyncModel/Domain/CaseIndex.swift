/// What a store indexes about a case, so that deadline and double-payment questions
/// read only the cases that matter instead of every case (DESIGN §9: a hub holds a
/// country's cases).
public enum CaseIndex {
    /// The day (`CivilDate.dayNumber`) by which someone must act: a decision 30 days
    /// after the application was handed in (`DecisionClock`), each complaint level's
    /// answer 30 days after its filing; the earliest. Nil when nothing waits on this case.
    public static func dueDay(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection, !record.isDeleted else { return nil }
        var due = answerDays(record)
        // A benefit the facts ended: from that day the district closes the case.
        if let ends = PaymentSchedule.closingDay(record) { due.append(ends) }
        return due.min()?.dayNumber
    }

    /// The day by which the case's decision or a complaint's answer is due, the earliest
    /// if several; after it the case is overdue (`Deadlines.isOverdue`). Nil when nothing
    /// waits for an answer. Kept beside `dueDay` so that a count of overdue cases (the
    /// hub's status, for every office at once) is read off the index, not out of bodies.
    public static func overdueDay(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection, !record.isDeleted else { return nil }
        return answerDays(record).min()?.dayNumber
    }

    /// The day the running decision clock is due (`DecisionClock`); nil unless the case
    /// waits for a decision. The district's applications queue is read off it, oldest first.
    public static func decisionDay(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection, !record.isDeleted else { return nil }
        return DecisionClock.running(value: record.value)?.due.dayNumber
    }

    /// The earliest due day of a complaint not yet answered, at either level; nil when none
    /// waits. The district's complaints queue is read off it.
    public static func complaintDay(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection, !record.isDeleted else { return nil }
        return Complaints.all { record.value($0) }.filter { !$0.isAnswered }.map(\.due.dayNumber).min()
    }

    /// The day (UTC, `CivilDate.dayNumber`) the case's decree was written, while its soum
    /// has not acknowledged it (`decision_delivered_for` is not this decree); nil once it
    /// has, or with no decree. The desk's "not at the soum after N days" queue is read off it.
    public static func deliveryDay(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection, !record.isDeleted,
              let decree = record.value(WorkflowFields.decreeNumber),
              record.value(WorkflowFields.decisionDeliveredFor) != decree,
              let written = record.entries(WorkflowFields.decreeNumber).map(\.hlc.wallMillis).max()
        else { return nil }
        return Int(written / CivilDate.millisPerDay)
    }

    /// The case's service as its `Service.indexCode`; nil for another record, or a service
    /// this build does not know. The desk's queues filter by it without reading a body.
    public static func serviceCode(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection else { return nil }
        return record.value(CaseFields.service).flatMap(Service.init(rawValue:))?.indexCode
    }

    /// The running decision clock's due day and each unanswered complaint's.
    private static func answerDays(_ record: Record) -> [CivilDate] {
        var due: [CivilDate] = []
        // Only the fields each rule needs: this runs for every record a store writes.
        if let clock = DecisionClock.running(value: record.value) {
            due.append(clock.due)
        }
        // Both complaint levels, each until answered (Complaints).
        due += Complaints.all { record.value($0) }.filter { !$0.isAnswered }.map(\.due)
        return due
    }

    /// `<РД>|<service>` of an application that could be paid: the key two offices
    /// share when the same person applies for the same service at both.
    public static func applicationKey(_ record: Record) -> String? {
        guard record.collection == CaseFields.collection, !record.isDeleted,
              record.value(CaseFields.status) != "rejected",
              let rd = record.value(CaseFields.registerNumber), let service = record.value(CaseFields.service)
        else { return nil }
        return rd + "|" + service
    }
}
