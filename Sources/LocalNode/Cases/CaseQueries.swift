import SyncModel

/// A case past one of its deadlines.
public struct OverdueCase: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// No decision 30 days after submission.
        case decision
        /// A complaint not answered 30 days after it was filed.
        case complaint
    }

    public let number: String
    public let office: String
    public let kind: Kind
    public let due: CivilDate
    public let daysLate: Int
}

/// The same register number applying for the same service at two or more offices:
/// the risk of paying twice.
public struct DuplicateApplication: Sendable, Equatable, Codable {
    public let registerNumber: String
    public let service: String
    /// (case number, office), by case number.
    public let cases: [Case]

    public struct Case: Sendable, Equatable, Codable {
        public let number: String
        public let office: String
        public let status: String
    }
}

extension CaseBook {
    /// Cases past their decision or complaint deadline on `today`, most late first.
    /// Reads only the cases the due-day index names.
    public func overdue(today: CivilDate, office: String? = nil) throws -> [OverdueCase] {
        var result: [OverdueCase] = []
        let due = try store.read { try $0.casesDue(before: today.dayNumber, office: office) }
        for view in due.map(CaseView.init) {
            if ["submitted", "received"].contains(view.status ?? ""),
               let submitted = view.values[WorkflowFields.submittedOn].flatMap(CivilDate.init(iso:)) {
                let due = Deadlines.decisionDue(submitted: submitted)
                if Deadlines.isOverdue(due: due, today: today) {
                    result.append(OverdueCase(number: view.number, office: view.office, kind: .decision, due: due, daysLate: due.days(until: today)))
                }
            }
            if (view.values[WorkflowFields.complaintAnswered] ?? "").isEmpty,
               let filed = view.values[WorkflowFields.complaintFiled].flatMap(CivilDate.init(iso:)) {
                let due = Deadlines.complaintAnswerDue(filed: filed)
                if Deadlines.isOverdue(due: due, today: today) {
                    result.append(OverdueCase(number: view.number, office: view.office, kind: .complaint, due: due, daysLate: due.days(until: today)))
                }
            }
        }
        return result.sorted { ($0.daysLate, $1.number) > ($1.daysLate, $0.number) }
    }

    /// Register numbers applying for one service at more than one office, read
    /// through the application-key index.
    public func duplicateApplications() throws -> [DuplicateApplication] {
        var groups: [String: [CaseView]] = [:]
        for stored in try store.read({ try $0.sharedApplications() }) {
            guard let key = CaseIndex.applicationKey(stored.record) else { continue }
            groups[key, default: []].append(CaseView(stored))
        }
        return groups.values.compactMap { views in
            guard Set(views.map(\.office)).count > 1, let first = views.first else { return nil }
            return DuplicateApplication(
                registerNumber: first.values[CaseFields.registerNumber] ?? "", service: first.service ?? "",
                cases: views.sorted { $0.number < $1.number }.map {
                    .init(number: $0.number, office: $0.office, status: $0.status ?? "")
                })
        }.sorted { ($0.registerNumber, $0.service) < ($1.registerNumber, $1.service) }
    }
}
