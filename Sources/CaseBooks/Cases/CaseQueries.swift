import SyncModel
import ReplicaStorage

/// A case past one of its deadlines.
public struct OverdueCase: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// No decision 30 days after the application was handed in.
        case decision
        /// A level-1 complaint (to the office's own management) not answered 30 days
        /// after it was filed. Its name is the one complaints had before levels.
        case complaint
        /// A level-2 complaint (to the higher body) not answered in 30 days.
        case complaintLevel2 = "complaint_level_2"

        /// The complaint's level; nil for a decision.
        public var complaintLevel: ComplaintLevel? {
            switch self {
            case .decision: nil
            case .complaint: .first
            case .complaintLevel2: .second
            }
        }
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
        let due = try store.read { try $0.casesOverdue(before: today.dayNumber, office: office) }
        for view in due.map(CaseView.init) {
            if let clock = DecisionClock.running(value: { view.values[$0] }) {
                let due = clock.due
                if Deadlines.isOverdue(due: due, today: today) {
                    result.append(OverdueCase(number: view.number, office: view.office, kind: .decision, due: due, daysLate: due.days(until: today)))
                }
            }
            for complaint in Complaints.all(in: view.values) where complaint.isOverdue(today: today) {
                result.append(OverdueCase(number: view.number, office: view.office,
                                          kind: complaint.level == .first ? .complaint : .complaintLevel2,
                                          due: complaint.due, daysLate: complaint.due.days(until: today)))
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
            guard Set(views.map(\.holder)).count > 1, let first = views.first else { return nil }
            return DuplicateApplication(
                registerNumber: first.values[CaseFields.registerNumber] ?? "", service: first.service ?? "",
                cases: views.sorted { $0.number < $1.number }.map {
                    .init(number: $0.number, office: $0.holder, status: $0.status ?? "")
                })
        }.sorted { ($0.registerNumber, $0.service) < ($1.registerNumber, $1.service) }
    }
}

extension CaseBook {
    /// Writes the double-application flag (`DoubleApplication`) on every case of every
    /// group, naming the others, where it does not say so already; returns the cases
    /// flagged now. A hub's write: it reaches each case's district and soum at their next sync.
    public func flagDuplicates(_ groups: [DuplicateApplication], now: Int64 = Clock.nowMillis()) throws -> [String] {
        guard isHub else { throw CaseError.notAHub("flags double applications") }
        return try transaction { tx in
            var flagged: [String] = []
            for group in groups {
                for one in group.cases {
                    let value = DoubleApplication.value(others: group.cases.filter { $0.number != one.number }.map { ($0.number, $0.office) })
                    let key = RecordKey(collection: CaseFields.collection, id: one.number)
                    guard let stored = try tx.load(key), stored.record.value(DoubleApplication.field) != value,
                          try tx.serves(office: stored.record.currentOffice) else { continue }
                    _ = try tx.write(key, office: stored.record.office, changes: [DoubleApplication.field: value], now: now)
                    flagged.append(one.number)
                }
            }
            return flagged
        }
    }
}
