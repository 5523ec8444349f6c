/// What a node checks of each record it pulls before merging it (DESIGN §6): the same
/// care as the hub's acceptance rule, from the other side. A copy that breaks one of
/// these would trap or mislead the node later (a write of its own replica it never
/// made, beyond its counter, makes its next write to the record impossible), so it is
/// refused alone, its reason logged, and the rest of the batch merged.
///
/// A district hub pulling from the national hub checks the same, for its offices.
public struct PulledRecordCheck: Sendable {
    /// What the puller holds: its office, or a district hub's offices.
    public let scope: SyncScope
    public let replica: ReplicaID
    /// The node's own counter: no copy can hold a write of this replica beyond it.
    public let latestCounter: UInt64

    public init(office: String, replica: ReplicaID, latestCounter: UInt64) {
        self.init(scope: .office(office), replica: replica, latestCounter: latestCounter)
    }

    public init(scope: SyncScope, replica: ReplicaID, latestCounter: UInt64) {
        self.scope = scope
        self.replica = replica
        self.latestCounter = latestCounter
    }

    /// Why the node refuses `record`, or nil.
    public func refusal(_ record: Record) -> String? {
        guard scope.covers(record) else {
            let office = record.wasTransferred ? "\(record.currentOffice) (opened by \(record.office))" : record.office
            return "the hub sent a record of office \(office) to \(scope.isDistrict ? "district \(scope)" : "office \(scope)")"
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
