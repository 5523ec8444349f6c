/// What a store indexes about a case, so that deadline and double-payment questions
/// read only the cases that matter instead of every case (DESIGN §9: a hub holds a
/// country's cases).
public enum CaseIndex {
    /// The day (`CivilDate.dayNumber`) by which someone must act: a decision 30 days
    /// after the application was handed in (`DecisionClock`), each complaint level's
    /// answer 30 days after its filing; the earliest. Nil when nothing waits on this case.
    public static func dueDay(_ record: Record) -> Int? {
        guard record.collection == CaseFields.collection, !record.isDeleted else { return nil }
        var due: [CivilDate] = []
        // Only the fields each rule needs: this runs for every record a store writes.
        if let clock = DecisionClock.running(value: record.value) {
            due.append(clock.due)
        }
        // Both complaint levels, each until answered (Complaints).
        due += Complaints.all { record.value($0) }.filter { !$0.isAnswered }.map(\.due)
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
