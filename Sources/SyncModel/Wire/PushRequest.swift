/// `POST /v1/sync/push`: a batch of dirty records and what the node can say about
/// its own progress (DESIGN §3, §6).
public struct PushRequest: Codable, Sendable, Equatable {
    public var replica: ReplicaID
    public var softwareVersion: String
    /// The highest counter N such that every local write up to N is now at the hub,
    /// counting this batch once it is merged.
    public var deliveredThrough: UInt64
    /// The node's latest counter.
    public var latestCounter: UInt64
    /// Records still dirty at the node, this batch included.
    public var pendingCount: Int
    /// Age in seconds of the oldest change not yet at the hub, if any.
    public var oldestPendingSeconds: Int?
    public var records: [Record]

    public init(
        replica: ReplicaID, softwareVersion: String = SyncProtocol.softwareVersion,
        deliveredThrough: UInt64, latestCounter: UInt64, pendingCount: Int,
        oldestPendingSeconds: Int?, records: [Record]
    ) {
        self.replica = replica
        self.softwareVersion = softwareVersion
        self.deliveredThrough = deliveredThrough
        self.latestCounter = latestCounter
        self.pendingCount = pendingCount
        self.oldestPendingSeconds = oldestPendingSeconds
        self.records = records
    }
}
