/// The hub's answer to a push: one result per record, and what it now holds.
public struct PushResponse: Codable, Sendable, Equatable {
    public var hub: ReplicaID
    public var results: [PushResult]
    /// The delivery watermark the hub has recorded for this node.
    public var deliveredThrough: UInt64

    public init(hub: ReplicaID, results: [PushResult], deliveredThrough: UInt64) {
        self.hub = hub
        self.results = results
        self.deliveredThrough = deliveredThrough
    }
}

public struct PushResult: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// The record is merged at the hub (whether or not it changed the hub's copy).
        case merged
        /// The hub refused the record; `field` and `reason` say why. Nothing of it was stored.
        case refused
    }

    public var collection: String
    public var id: String
    public var outcome: Outcome
    public var field: String?
    public var reason: String?

    public init(collection: String, id: String, outcome: Outcome, field: String? = nil, reason: String? = nil) {
        self.collection = collection
        self.id = id
        self.outcome = outcome
        self.field = field
        self.reason = reason
    }
}
