import SyncModel

/// A case's complaints in `case show`: each level with its filing day, due day, the
/// days left (when today is known) and its answer.
public enum ComplaintOutput {
    public static func rows(_ values: [String: String], today: CivilDate?) -> [(label: String, value: String)] {
        var rows: [(label: String, value: String)] = []
        for complaint in Complaints.all(in: values) {
            let level = complaint.level
            rows.append(("Гомдол \(level.rawValue)-р шат (complaint, level \(level.rawValue))", complaint.text))
            var clock = "\(complaint.filed.iso); хариулах хугацаа (due) \(complaint.due.iso)"
            if let today, !complaint.isAnswered { clock += " — " + complaint.clockText(today: today) }
            rows.append(("  Гаргасан (filed)", clock))
            if let answer = complaint.answer {
                let who = complaint.answeredBy == .hub ? "төв (district hub)" : "сум (soum)"
                rows.append(("  Хариу (answer)", answer.isEmpty ? who : "\(answer) — \(who)"))
                rows.append(("  Хариулсан (answered)", complaint.answered?.iso ?? ""))
            }
        }
        return rows
    }
}
