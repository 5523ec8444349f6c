import ReplicaStorage
import SyncModel

extension StoreTransaction {
    /// The hub closes conflicts that need no person (workflow, checklist flags, hub
    /// authority) as soon as it sees them: it writes each policy's winner, a write
    /// whose context covers every sibling, so the siblings go everywhere after sync.
    /// `stored` is our copy as it stands in this transaction (just merged).
    func closeAutomatically(_ stored: StoredRecord, now: Int64) throws {
        let closings = stored.record.automaticClosings
        // A case moved to another district's office is closed there, by its hubs.
        if !closings.isEmpty, try !stored.record.wasTransferred || serves(office: stored.record.currentOffice) {
            _ = try write(RecordKey(stored.record), office: stored.record.office, changes: closings, now: now)
        }
    }
}
