/// What the hub knows of one office.
public struct Office: Sendable, Equatable, Codable {
    public var id: String
    public var code: String
    public var createdAt: Int64
    public var revokedAt: Int64?
    public var lastContactAt: Int64?
    public var lastPushAt: Int64?
    public var lastPullAt: Int64?
    /// The address the office's requests last came from ("last seen from"); see `SyncEvent.client`.
    public var lastAddress: String?
    /// Every write of the office up to this counter is at the hub.
    public var deliveredThrough: UInt64
    /// The office's own latest counter, as it last reported it.
    public var latestCounter: UInt64
    public var pendingCount: Int?
    public var oldestPendingSeconds: Int?
    public var softwareVersion: String?
    /// How far ahead of the hub's clock the office's clock was, when past the bound.
    public var clockAheadMillis: Int64?
    public var recordsIn: Int
    public var recordsOut: Int
    public var bytesIn: Int
    public var bytesOut: Int
}
