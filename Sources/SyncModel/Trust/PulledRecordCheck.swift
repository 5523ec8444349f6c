/// What a node checks of each record it pulls before merging it (DESIGN §6): the same
/// care as the hub's acceptance rule, from the other side. A copy that breaks one of
/// these would trap or mislead the node later (a write of its own replica it never
/// made, beyond its counter, makes its next write to the record impossible), so it is
/// refused alone, its reason logged, and the rest of the batch merged.
public struct PulledRecordCheck: Sendable {
    public let office: String
    public let replica: ReplicaID
    /// The node's own counter: no copy can hold a write of this replica beyond it.
    public let latestCounter: UInt64

    public init(office: String, replica: ReplicaID, latestCounter: UInt64) {
        self.office = office
        self.replica = replica
        self.latestCounter = latestCounter
    }

    /// Why the node refuses `record`, or nil.
    public func refusal(_ record: Record) -> String? {
        guard record.office == office else {
            return "the hub sent a record of office \(record.office) to office \(office)"
        }
        guard OfficeRecords.collections.contains(record.collection) else {
            return "the hub sent a record of collection '\(record.collection)', which this node does not keep"
        }
        if let reason = OfficeRecords.shapeRefusal(record) { return reason }
        let own = record.vector[replica]
        if own > latestCounter {
            return "the copy claims writes of this node (\(replica)) up to \(own), but it has written only up to \(latestCounter): the hub's copy was forged; ask the district to check it ('halamj-hub case show')"
        }
        if let refusal = WriteRules.check(pushed: record) {
            return "\(refusal.field): \(refusal.reason), but the copy holds an office's write of it"
        }
        return nil
    }
}
