import SyncModel

/// What a replica can say of its own sync state.
public struct NodeStatus: Sendable, Codable, Equatable {
    public var replica: String
    public var office: String?
    public var hub: String?
    public var latestCounter: UInt64
    /// Records holding something the hub has not acknowledged.
    public var pendingCount: Int
    /// Records the hub refused, with why.
    public var refused: [Refusal]
    /// Records this node refused to take from the hub, with why.
    public var refusedFromHub: [Refusal]
    /// When (ms) the oldest change not yet at the hub was made.
    public var oldestPendingAt: Int64?
    public var lastSyncAt: Int64?
    public var lastSyncAttemptAt: Int64?
    public var lastSyncError: String?
    public var lastPushAt: Int64?
    public var lastPullAt: Int64?
    /// The hub sequence pulled up to.
    public var pulledThrough: UInt64
    /// What the hub said it holds of our writes.
    public var hubHoldsThrough: UInt64?
    public var recordCount: Int
    /// Scans waiting to go up (issue 20), and the link's last measured rate.
    public var filesWaiting: FilesWaiting
    public var linkBytesPerSecond: Int?

    public struct Refusal: Sendable, Codable, Equatable {
        public var collection: String
        public var id: String
        public var reason: String
    }
}

extension ReplicaStore {
    public func status() throws -> NodeStatus {
        try read { tx in
            let db = tx.database
            func int(_ key: String) throws -> Int64? { try tx.metaInt(key) }
            return NodeStatus(
                replica: replica.rawValue, office: office,
                hub: try tx.meta(MetaKey.upstreamURL),
                latestCounter: try tx.latestCounter(),
                pendingCount: Int(try db.scalarInt("SELECT count(*) FROM records WHERE dirty = 1") ?? 0),
                refused: try db.query(
                    "SELECT collection, id, refusal FROM records WHERE refusal IS NOT NULL ORDER BY id"
                ) { NodeStatus.Refusal(collection: $0.text(0), id: $0.text(1), reason: $0.text(2)) },
                refusedFromHub: try db.query(
                    "SELECT collection, id, reason FROM pull_refusals ORDER BY collection, id"
                ) { NodeStatus.Refusal(collection: $0.text(0), id: $0.text(1), reason: $0.text(2)) },
                oldestPendingAt: try db.scalarInt("SELECT min(pending_at) FROM records WHERE dirty = 1"),
                lastSyncAt: try int(MetaKey.lastSyncAt),
                lastSyncAttemptAt: try int(MetaKey.lastSyncAttemptAt),
                lastSyncError: try tx.meta(MetaKey.lastSyncError),
                lastPushAt: try int(MetaKey.lastPushAt),
                lastPullAt: try int(MetaKey.lastPullAt),
                pulledThrough: UInt64(try int(MetaKey.pullSince) ?? 0),
                hubHoldsThrough: try int(MetaKey.upstreamDeliveredThrough).map { UInt64($0) },
                recordCount: Int(try db.scalarInt("SELECT count(*) FROM records") ?? 0),
                filesWaiting: try tx.filesWaiting(),
                linkBytesPerSecond: try tx.metaInt(MetaKey.linkBytesPerSecond).map(Int.init))
        }
    }
}
