import SyncModel
import ReplicaStorage

extension CaseBook {
    var isHub: Bool { store.role == .hub }

    /// The case and its service, for the workflow steps below.
    func load(_ number: String, in tx: StoreTransaction) throws -> (RecordKey, StoredRecord, Service) {
        let key = RecordKey(collection: CaseFields.collection, id: number)
        guard let stored = try tx.load(key) else { throw CaseError.notFound(number) }
        let value = stored.record.value(CaseFields.service) ?? ""
        guard let service = Service(rawValue: value) else { throw CaseError.unknownService(value) }
        return (key, stored, service)
    }

    /// Refuses a status change the workflow does not allow, with the reason.
    func checkTransition(_ service: Service, from: String?, to: String) throws {
        if let reason = CaseTransitions.refusal(
            service: service, from: from ?? CaseFields.initialStatus, to: to, byHub: isHub) {
            throw CaseError.transition(reason)
        }
    }

    /// One workflow step: checks, then writes `changes` in the same transaction.
    func step(
        _ number: String, now: Int64,
        _ changes: (StoredRecord, Service) throws -> [String: String]
    ) throws -> CaseView {
        let stored = try transaction { tx in
            let (key, stored, service) = try load(number, in: tx)
            let fields = try changes(stored, service)
            return try tx.write(key, office: stored.record.office, changes: fields, now: now)
        }
        return CaseView(stored)
    }

    /// The social worker has every document the soum collects (the district adds its
    /// own with the decision): the case goes to the district.
    public func submit(_ number: String, now: Int64 = Clock.nowMillis()) throws -> CaseView {
        let today = try store.localDate(now)
        return try step(number, now: now) { stored, service in
            try checkTransition(service, from: stored.record.value(CaseFields.status), to: "submitted")
            let missing = Checklists.missing(for: service, in: stored.record.currentValues, stage: .soum)
            guard missing.isEmpty else { throw CaseError.missingDocuments(missing) }
            try checkCareCategoryForSubmit(service, stored.record.currentValues)
            return [CaseFields.status: "submitted", WorkflowFields.submittedOn: today.iso]
        }
    }

    /// Marks one checklist document received (or missing again). A soum marks the
    /// papers it collects; the district's own (decree, agency letter) only a hub marks.
    public func markDocument(_ number: String, _ document: String, received: Bool, now: Int64 = Clock.nowMillis()) throws -> CaseView {
        try step(number, now: now) { _, service in
            let found = try self.document(document, of: service)
            return [found.field: received ? "received" : "missing"]
        }
    }

    /// The document `id` (or `doc_<id>`) of the service's checklist that this replica
    /// may mark.
    func document(_ id: String, of service: Service) throws -> Document {
        let documents = Checklists.documents(for: service)
        guard let found = documents.first(where: { $0.id == id || $0.field == id }) else {
            throw CaseError.unknownDocument(id, valid: documents.filter { isHub || $0.stage == .soum }.map(\.id))
        }
        guard isHub || found.stage == .soum else { throw CaseError.districtDocument(found) }
        return found
    }

    /// Sets the soum's whole checklist at once (the web form's boxes): one write, so
    /// either every box is saved or none. Documents whose state does not change are not
    /// written; the district's documents are not the soum's to set and stay as they are.
    public func markDocuments(_ number: String, received: Set<String>, now: Int64 = Clock.nowMillis()) throws -> CaseView {
        try step(number, now: now) { stored, service in
            if let district = Checklists.documents(for: service, stage: .district).first(where: { received.contains($0.id) }) {
                throw CaseError.districtDocument(district)
            }
            let documents = Checklists.documents(for: service, stage: .soum)
            let known = Set(documents.map(\.id))
            if let unknown = received.subtracting(known).sorted().first {
                throw CaseError.unknownDocument(unknown, valid: documents.map(\.id))
            }
            let missing = Set(Checklists.missing(for: service, in: stored.record.currentValues).map(\.id))
            var changes: [String: String] = [:]
            for document in documents where received.contains(document.id) == missing.contains(document.id) {
                changes[document.field] = received.contains(document.id) ? "received" : "missing"
            }
            guard !changes.isEmpty else { throw CaseError.noChanges }
            return changes
        }
    }

    /// Moves a case to `state` (a hub step: received, paid, placed, closed…).
    public func move(_ number: String, to state: String, extra: [String: String] = [:], now: Int64 = Clock.nowMillis()) throws -> CaseView {
        let today = try store.localDate(now)
        return try step(number, now: now) { stored, service in
            try checkTransition(service, from: stored.record.value(CaseFields.status), to: state)
            var extra = extra
            // The day of placement and discharge, for the district report's occupancy.
            if let day = CareOccupancy.dayField(entering: state), stored.record.value(CaseFields.status) != state {
                extra[day] = extra[day] ?? today.iso
            }
            return extra.merging([CaseFields.status: state]) { _, new in new }
        }
    }

    /// The governor's decree, recorded at the hub. A case still `submitted` is
    /// received by the same step. The decree is itself the checklist's
    /// `governor_decree` (ticked by this step); `received` marks other documents the
    /// district brings with it (the agency's letter). An approval needs every
    /// document, the district's included; a rejection needs none of the district's.
    public func decide(
        _ number: String, approve: Bool, decree: String, date: CivilDate, amount: Int?, reason: String?,
        received: [String] = [], now: Int64 = Clock.nowMillis()
    ) throws -> CaseView {
        guard isHub else { throw CaseError.notAHub("records decisions") }
        return try step(number, now: now) { stored, service in
            var documents: [String: String] = [:]
            for id in received { documents[try document(id, of: service).field] = "received" }
            if let decreeDocument = Checklists.documents(for: service).first(where: { $0.id == Checklists.governorDecree }) {
                documents[decreeDocument.field] = "received"
            }
            if approve {
                let values = stored.record.currentValues.merging(documents) { _, new in new }
                let missing = Checklists.missing(for: service, in: values, stage: .district)
                guard missing.isEmpty else { throw CaseError.missingDistrictDocuments(missing) }
            }
            var from = stored.record.value(CaseFields.status) ?? CaseFields.initialStatus
            let state = approve ? "approved" : "rejected"
            if from == "submitted" {
                try checkTransition(service, from: from, to: "received")
                from = "received"
            }
            try checkTransition(service, from: from, to: state)
            var changes = [
                CaseFields.status: state, WorkflowFields.decision: state,
                WorkflowFields.decreeNumber: decree, WorkflowFields.decreeDate: date.iso,
            ]
            if let amount { changes[WorkflowFields.approvedAmount] = String(amount) }
            if let reason { changes[WorkflowFields.decisionReason] = reason }
            changes.merge(try careDecisionGround(service, stored.record.currentValues, approve: approve)) { _, new in new }
            return changes.merging(documents) { state, _ in state }
        }
    }

    /// At a node after a pull: the office's own cases that came back from the hub move
    /// the case-number sequence past them (they may be newer than this copy, after a
    /// restore), so a number is never given twice.
    public func catchUpNumbers(_ keys: [RecordKey]) throws {
        guard let office = store.office else { return }
        let prefix = CaseNumber.officeCode(of: office) + "-"
        var highest: [Int: Int64] = [:]
        for key in keys where key.collection == CaseFields.collection && key.id.hasPrefix(prefix) {
            let parts = key.id.dropFirst(prefix.count).split(separator: "-")
            // Sequences past 12 digits are no office's (the hub refuses such ids): the
            // node's own numbering is never moved near Int64's end by one.
            guard parts.count == 2, let year = Int(parts[0]), let sequence = Int64(parts[1]),
                  sequence < 1_000_000_000_000 else { continue }
            highest[year] = max(highest[year] ?? 0, sequence)
        }
        guard !highest.isEmpty else { return }
        try transaction { tx in
            for (year, sequence) in highest where (try tx.metaInt(MetaKey.caseSequence(year: year)) ?? 0) < sequence {
                try tx.setMeta(MetaKey.caseSequence(year: year), String(sequence))
            }
        }
    }

    /// A case holding a decision this node has not acknowledged yet.
    package static func awaitsAcknowledgement(_ record: Record) -> Bool {
        guard record.collection == CaseFields.collection,
              let decree = record.value(WorkflowFields.decreeNumber) else { return false }
        return record.value(WorkflowFields.decisionDeliveredFor) != decree
    }

    /// At a node after a pull: each decision that arrived is acknowledged with a
    /// write the hub sees at the next push. Returns how many were acknowledged.
    @discardableResult
    public func acknowledgeDecisions(_ keys: [RecordKey], now: Int64 = Clock.nowMillis()) throws -> Int {
        guard store.role == .node else { return 0 }
        return try transaction { tx in
            var count = 0
            for key in keys where key.collection == CaseFields.collection {
                // A case moved away is acknowledged by the office that holds it now.
                guard let stored = try tx.load(key), stored.record.currentOffice == store.office, Self.awaitsAcknowledgement(stored.record),
                      let decree = stored.record.value(WorkflowFields.decreeNumber),
                      stored.record.vector[tx.replica] <= (try tx.latestCounter()) else { continue }
                _ = try tx.write(key, office: stored.record.office, changes: [
                    WorkflowFields.decisionDeliveredAt: String(now), WorkflowFields.decisionDeliveredFor: decree,
                ], now: now)
                count += 1
            }
            return count
        }
    }
}

/// One document of a case's checklist and whether it is here.
public struct ChecklistItem: Sendable, Equatable, Codable {
    public let id: String
    public let mongolian: String
    public let english: String
    public let received: Bool
    /// Who brings it: the soum before submitting, or the aimag/district with its decision.
    public let stage: Document.Stage
}

extension CaseBook {
    /// The documents the case's service asks for, each received or missing.
    public func checklist(_ number: String) throws -> [ChecklistItem] {
        try store.read { tx in
            let (_, stored, service) = try load(number, in: tx)
            let missing = Set(Checklists.missing(for: service, in: stored.record.currentValues).map(\.id))
            return Checklists.documents(for: service).map {
                ChecklistItem(id: $0.id, mongolian: $0.mongolian, english: $0.english, received: !missing.contains($0.id), stage: $0.stage)
            }
        }
    }
}
