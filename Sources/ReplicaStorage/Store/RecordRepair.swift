import SyncModel

/// A hub administrator's repairs of records an office should never have had (issue
/// 13): taken out of the hub, or given to the office they belong to. Both are outside
/// the merge rules on purpose and are audit-logged by the caller.
extension StoreTransaction {
    /// Removes the record from this replica and returns what it held (for the audit
    /// log), or nil when there is no such record. Replicas that pulled it keep their copy.
    public func purge(_ key: RecordKey) throws -> StoredRecord? {
        guard let held = try load(key) else { return nil }
        try database.execute("DELETE FROM records WHERE collection = ? AND id = ?", [.text(key.collection), .text(key.id)])
        return held
    }

    /// Gives the record to `office`: the same fields and vector under another owner,
    /// moved to the end of the change feed so the new office pulls it.
    public func reassign(_ key: RecordKey, to office: String, now: Int64) throws -> StoredRecord? {
        guard var held = try load(key) else { return nil }
        let record = held.record
        held.record = Record(
            collection: record.collection, id: record.id, office: office, fields: record.fields, vector: record.vector)
        held.localSeq = try nextLocalSeq()
        if try meta(MetaKey.upstreamURL) != nil {
            held.dirty = true
            held.pendingAt = held.pendingAt ?? now
        }
        // Not a move (`Holding`, `noteMove`): the record was never the first office's, which
        // is not sent it once more.
        try save(held)
        return held
    }
}
