/// What a store indexes about a case, so that deadline and double-payment questions
/// read only the cases that matter instead of every case (DESIGN §9: a hub holds a
/// country's cases).
public enum CaseIndex {
    /// The day (`CivilDate.dayNumber`) by which the district must act: a decision 30
    /// days after submission, a complaint's answer 30 days after filing; the earlier
    /// of the two. Nil when nothing waits on this case.
    public static func dueDay(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection, !record.isDeleted else { return nil }
        var due: [CivilDate] = []
        if let status = record.value(CaseFields.status), status == "submitted" || status == "received",
           let submitted = record.value(WorkflowFields.submittedOn).flatMap(CivilDate.init(iso:)) {
            due.append(Deadlines.decisionDue(submitted: submitted))
        }
        if (record.value(WorkflowFields.complaintAnswered) ?? "").isEmpty,
           let filed = record.value(WorkflowFields.complaintFiled).flatMap(CivilDate.init(iso:)) {
            due.append(Deadlines.complaintAnswerDue(filed: filed))
        }
        // A benefit the facts ended: from that day the district closes the case.
        if let ends = PaymentSchedule.closingDay(record) { due.append(ends) }
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
