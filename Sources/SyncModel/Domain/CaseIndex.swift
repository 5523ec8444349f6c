/// What a store indexes about a case, so that deadline and double-payment questions
/// read only the cases that matter instead of every case (DESIGN §9: a hub holds a
/// country's cases).
public enum CaseIndex {
    /// The day (`CivilDate.dayNumber`) by which someone must act: a decision 30 days
    /// after the application was handed in (`DecisionClock`), a complaint's answer 30
    /// days after filing; the earlier of the two. Nil when nothing waits on this case.
    public static func dueDay(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection, !record.isDeleted else { return nil }
        var due: [CivilDate] = []
        let values = record.currentValues
        if DecisionClock.waitsForDecision(values), let clock = DecisionClock(values) {
            due.append(clock.due)
        }
        if (record.value(WorkflowFields.complaintAnswered) ?? "").isEmpty,
           let filed = record.value(WorkflowFields.complaintFiled).flatMap(CivilDate.init(iso:)) {
            due.append(Deadlines.complaintAnswerDue(filed: filed))
        }
        return due.min()?.dayNumber
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
