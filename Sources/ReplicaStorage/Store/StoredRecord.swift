import SyncModel

/// A record as this replica keeps it: the record and its place in the change feed
/// and the outbound queue.
public struct StoredRecord: Sendable, Equatable {
    public var record: Record
    public var localSeq: Int64
    public var dirty: Bool
    /// The first own counter not yet delivered upstream.
    public var pendingSince: UInt64?
    /// When (ms) the record first held something upstream had not seen.
    public var pendingAt: Int64?
    /// Why upstream refused this record, until it is written again.
    public var refusal: String?

    package init(record: Record, localSeq: Int64, dirty: Bool, pendingSince: UInt64?, pendingAt: Int64?, refusal: String?) {
        self.record = record
        self.localSeq = localSeq
        self.dirty = dirty
        self.pendingSince = pendingSince
        self.pendingAt = pendingAt
        self.refusal = refusal
    }
}

/// The key of a record within a replica.
public struct RecordKey: Hashable, Sendable, CustomStringConvertible {
    public let collection: String
    public let id: String

    public init(collection: String, id: String) {
        self.collection = collection
        self.id = id
    }

    public init(_ record: Record) {
        self.init(collection: record.collection, id: record.id)
    }

    public var description: String { "\(collection)/\(id)" }
}
