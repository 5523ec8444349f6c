/// `GET /v1/sync/pull?since=<hub_seq>&limit=N`: records in the office's scope that
/// changed at the hub after `since`, in hub order.
public struct PullResponse: Codable, Sendable, Equatable {
    public var hub: ReplicaID
    public var records: [Record]
    /// The `since` to ask with next.
    public var next: UInt64
    /// Whether more records wait after `next`.
    public var more: Bool

    public init(hub: ReplicaID, records: [Record], next: UInt64, more: Bool) {
        self.hub = hub
        self.records = records
        self.next = next
        self.more = more
    }
}
