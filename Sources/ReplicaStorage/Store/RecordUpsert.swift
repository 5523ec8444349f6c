import SyncModel

/// The one statement that writes a row of `records`, insert or update by key, and
/// what it binds. `StoreTransaction.save` runs it, and so do the bench's baselines:
/// a change here changes what they measure too.
package enum RecordUpsert {
    package static let sql = """
        INSERT INTO records (collection, id, office, body, local_seq, dirty, pending_since, pending_at, refusal,
                             conflicts, due_day, overdue_day, decision_day, complaint_day, delivery_day, service, application_key, echo_of)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (collection, id) DO UPDATE SET
            office = excluded.office, body = excluded.body, local_seq = excluded.local_seq, dirty = excluded.dirty,
            pending_since = excluded.pending_since, pending_at = excluded.pending_at,
            refusal = excluded.refusal, conflicts = excluded.conflicts, due_day = excluded.due_day, overdue_day = excluded.overdue_day,
            decision_day = excluded.decision_day, complaint_day = excluded.complaint_day, delivery_day = excluded.delivery_day, service = excluded.service,
            application_key = excluded.application_key, echo_of = excluded.echo_of
        """

    /// The case index columns of one row (`CaseIndex`); `.empty` leaves them empty.
    package struct Index: Sendable {
        package var dueDay: Int?
        package var overdueDay: Int?
        package var decisionDay: Int?
        package var complaintDay: Int?
        package var deliveryDay: Int?
        package var service: Int?
        package var applicationKey: String?

        package static let empty = Index()
    }

    /// `sql`'s arguments for `stored`, whose bytes are `body` and open conflicts
    /// `conflicts` (`records.conflicts`); the case index columns as `index` gives them
    /// (or left empty), `echoOf` as `StoreTransaction.save` explains it.
    package static func arguments(
        _ stored: StoredRecord, body: [UInt8], conflicts: Int, index: Index, echoOf: ReplicaID?
    ) -> [SQLValue] {
        [
            .text(stored.record.collection), .text(stored.record.id), .text(stored.record.currentOffice),
            .blob(body), .integer(stored.localSeq), .integer(stored.dirty ? 1 : 0),
            stored.pendingSince.map { .integer(Int64($0)) } ?? .null,
            stored.pendingAt.map { .integer($0) } ?? .null,
            stored.refusal.map { .text($0) } ?? .null,
            .integer(Int64(conflicts)),
        ] + indexArguments(index) + [
            echoOf.map { .text($0.rawValue) } ?? .null,
        ]
    }

    /// The statement that fills the case index columns of an existing row (`rowid`, last),
    /// when the index changed (`ReplicaStore.fillCaseIndex`): the same columns, in
    /// `indexArguments`' order.
    package static let indexUpdateSQL = """
        UPDATE records SET due_day = ?, overdue_day = ?, decision_day = ?, complaint_day = ?, delivery_day = ?, service = ?, application_key = ?
        WHERE rowid = ?
        """

    /// The case index columns' values, in the order both statements bind them.
    package static func indexArguments(_ index: Index) -> [SQLValue] {
        [
            index.dueDay.map { .integer(Int64($0)) } ?? .null,
            index.overdueDay.map { .integer(Int64($0)) } ?? .null,
            index.decisionDay.map { .integer(Int64($0)) } ?? .null,
            index.complaintDay.map { .integer(Int64($0)) } ?? .null,
            index.deliveryDay.map { .integer(Int64($0)) } ?? .null,
            index.service.map { .integer(Int64($0)) } ?? .null,
            index.applicationKey.map { .text($0) } ?? .null,
        ]
    }

    /// The case index columns of `record` at `replica` (`CaseIndex`): the days it is
    /// due and overdue after, everywhere; the key of its application, its service and the day
    /// of a decree not yet at its soum only at a hub, the one replica that looks for the same person
    /// applying at two offices (`duplicates`) and waits for soums to acknowledge. A node
    /// sees one office, so its rows stay out of those indexes and cost it nothing.
    ///
    /// A record held by an office this replica does not serve (moved away by a transfer,
    /// `StoreTransaction.serves`) is in no queue here: `served` false leaves it empty.
    package static func index(_ record: Record, at replica: ReplicaID, served: Bool = true) -> Index {
        guard served else { return .empty }
        return Index(
            dueDay: CaseIndex.dueDay(record), overdueDay: CaseIndex.overdueDay(record),
            decisionDay: CaseIndex.decisionDay(record), complaintDay: CaseIndex.complaintDay(record),
            deliveryDay: replica.isHub ? CaseIndex.deliveryDay(record) : nil,
            service: replica.isHub ? CaseIndex.serviceCode(record) : nil,
            applicationKey: replica.isHub ? CaseIndex.applicationKey(record) : nil)
    }
}
