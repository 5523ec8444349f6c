import LocalNode
import SyncModel

extension StoreTransaction {
    /// The hub closes conflicts that need no person (workflow, checklist flags, hub
    /// authority) as soon as it sees them: it writes each policy's winner, a write
    /// whose context covers every sibling, so the siblings go everywhere after sync.
    func closeAutomatically(_ key: RecordKey, now: Int64) throws {
        guard let stored = try load(key) else { return }
        let closings = stored.record.automaticClosings
        if !closings.isEmpty {
            _ = try write(key, office: stored.record.office, changes: closings, now: now)
        }
    }
}
