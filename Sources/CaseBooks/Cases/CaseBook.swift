import Foundation
import SyncModel
import ReplicaStorage

/// The welfare cases of one replica: open, edit, list and show. Every edit is a
/// local write of the replica's store.
public struct CaseBook: Sendable {
    public let store: ReplicaStore
    /// A write the caller adds to every transaction this book commits (the hub's audit
    /// entry for a desk action): the case's change and it commit together, or neither.
    public let alongside: (@Sendable (StoreTransaction) throws -> Void)?

    public init(store: ReplicaStore, alongside: (@Sendable (StoreTransaction) throws -> Void)? = nil) {
        self.store = store
        self.alongside = alongside
    }

    /// A transaction of the store with `alongside` written last, inside it.
    func transaction<T: Sendable>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try store.transaction { tx in
            let result = try body(tx)
            try alongside?(tx)
            return result
        }
    }

    /// Opens a new case at this node, numbered by the office without asking the hub.
    public func open(
        service: Service, registerNumber: RegisterNumber, name: String,
        fields extra: [String: String] = [:], now: Int64 = Clock.nowMillis()
    ) throws -> CaseView {
        guard store.role == .node, let office = store.office else { throw CaseError.notANode }
        // The office's own day: a case opened at 07:30 in Ulaanbaatar is that day's
        // (and, on 1 January, that year's), not yesterday's in UTC.
        let today = try store.localDate(now)
        var changes = try validated(extra, today: today)
        try checkCareCategory(changes, service: service)
        changes[CaseFields.service] = service.rawValue
        changes[CaseFields.registerNumber] = registerNumber.text
        changes[CaseFields.name] = name
        changes[CaseFields.status] = changes[CaseFields.status] ?? CaseFields.initialStatus
        changes[WorkflowFields.applicationDate] = changes[WorkflowFields.applicationDate] ?? today.iso
        let year = today.year
        let stored = try transaction { tx in
            var number: String
            repeat {
                let sequence = try tx.increment(MetaKey.caseSequence(year: year))
                number = CaseNumber.make(office: office, year: year, sequence: Int(sequence))
            } while try tx.load(RecordKey(collection: CaseFields.collection, id: number)) != nil
            return try tx.write(
                RecordKey(collection: CaseFields.collection, id: number),
                office: office, changes: changes, now: now)
        }
        return CaseView(stored)
    }

    /// Sets fields of an existing case.
    public func set(_ number: String, _ changes: [String: String], now: Int64 = Clock.nowMillis()) throws -> CaseView {
        guard !changes.isEmpty else { throw CaseError.noChanges }
        let changes = try validated(changes, today: try store.localDate(now))
        let key = RecordKey(collection: CaseFields.collection, id: number)
        let stored = try transaction { tx in
            guard let existing = try tx.load(key) else { throw CaseError.notFound(number) }
            if changes[CareCategory.field] != nil {
                let value = changes[CaseFields.service] ?? existing.record.value(CaseFields.service) ?? ""
                guard let service = Service(rawValue: value) else { throw CaseError.unknownService(value) }
                try checkCareCategory(changes, service: service)
            }
            // The day handed in starts the 30-day clock: once the case has left the soum,
            // only the district may correct it (a later day would hide the soum's delay).
            if changes[WorkflowFields.applicationDate] != nil, !isHub,
               (existing.record.value(CaseFields.status) ?? CaseFields.initialStatus) != CaseFields.initialStatus {
                throw CaseError.invalidValue(
                    field: WorkflowFields.applicationDate,
                    reason: "илгээсэн хэргийн өргөдөл өгсөн өдрийг аймаг, дүүрэг л засна (once submitted, only the district corrects the day the application was handed in)")
            }
            if let state = changes[CaseFields.status] {
                let value = existing.record.value(CaseFields.service) ?? ""
                guard let service = Service(rawValue: value) else { throw CaseError.unknownService(value) }
                try checkTransition(service, from: existing.record.value(CaseFields.status), to: state)
            }
            return try tx.write(key, office: existing.record.office, changes: changes, now: now)
        }
        return CaseView(stored)
    }

    /// Marks a case deleted. An edit this replica had not seen yet keeps it listed as
    /// a conflict instead of vanishing with it.
    public func delete(_ number: String, now: Int64 = Clock.nowMillis()) throws -> CaseView {
        let key = RecordKey(collection: CaseFields.collection, id: number)
        let stored = try transaction { tx in
            guard let existing = try tx.load(key) else { throw CaseError.notFound(number) }
            return try tx.write(key, office: existing.record.office, changes: existing.record.deletionChanges, now: now)
        }
        return CaseView(stored)
    }

    /// Brings a deleted case back.
    public func restore(_ number: String, now: Int64 = Clock.nowMillis()) throws -> CaseView {
        let key = RecordKey(collection: CaseFields.collection, id: number)
        let stored = try transaction { tx in
            guard let existing = try tx.load(key) else { throw CaseError.notFound(number) }
            return try tx.write(key, office: existing.record.office, changes: Record.restoreChanges, now: now)
        }
        return CaseView(stored)
    }

    public func show(_ number: String) throws -> CaseView {
        let key = RecordKey(collection: CaseFields.collection, id: number)
        guard let stored = try store.read({ try $0.load(key) }) else { throw CaseError.notFound(number) }
        return CaseView(stored)
    }

    /// Every case, of one office if given, by number.
    public func list(office: String? = nil) throws -> [CaseView] {
        try store.read { try $0.records(collection: CaseFields.collection, office: office) }.map(CaseView.init)
    }

    /// `changes` checked and normalised; `today` is the office's day (dates after it refused).
    private func validated(_ changes: [String: String], today: CivilDate) throws -> [String: String] {
        var result: [String: String] = [:]
        for (field, value) in changes {
            guard CaseFields.isValidFieldName(field) else { throw CaseError.invalidFieldName(field) }
            switch field {
            case CaseFields.service:
                guard Service(rawValue: value) != nil else {
                    throw CaseError.invalidValue(
                        field: field,
                        reason: "unknown service '\(value)'; one of: \(Service.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                result[field] = value
            case CaseFields.registerNumber:
                do {
                    result[field] = try RegisterNumber.parse(value, bornBy: today).text
                } catch {
                    throw CaseError.invalidValue(field: field, reason: error.description)
                }
            case WorkflowFields.applicationDate:
                guard let date = CivilDate(iso: value) else {
                    throw CaseError.invalidValue(field: field, reason: "огноо YYYY-MM-DD хэлбэртэй байна (a date as YYYY-MM-DD, e.g. \(today.iso))")
                }
                guard date <= today else {
                    throw CaseError.invalidValue(field: field, reason: "өргөдөл өгсөн өдөр ирээдүйд байж болохгүй (the day the application was handed in cannot be after today, \(today.iso))")
                }
                result[field] = date.iso
            case _ where Complaints.fields.contains(field):
                // Only through fileComplaint/answerComplaint, which check who may answer.
                throw CaseError.invalidValue(field: field, reason: "гомдлыг 'case complain', хариуг 'case answer' командаар бүртгэнэ "
                    + "(complaints are filed with 'case complain' and answered with 'case answer', which check who may answer)")
            default:
                result[field] = value
            }
        }
        return result
    }
}
