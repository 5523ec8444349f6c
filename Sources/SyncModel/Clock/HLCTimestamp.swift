/// A hybrid logical clock reading: wall-clock milliseconds, a logical counter for
/// events within one millisecond, and the replica that read it. Only a tie-breaker
/// between concurrent writes and a human-readable time: causality is decided by dots.
public struct HLCTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let wallMillis: Int64
    public let logical: UInt32
    public let replica: ReplicaID

    public init(wallMillis: Int64, logical: UInt32, replica: ReplicaID) {
        self.wallMillis = wallMillis
        self.logical = logical
        self.replica = replica
    }

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        if lhs.wallMillis != rhs.wallMillis { return lhs.wallMillis < rhs.wallMillis }
        if lhs.logical != rhs.logical { return lhs.logical < rhs.logical }
        return lhs.replica < rhs.replica
    }

    public var description: String { "\(wallMillis).\(logical)@\(replica)" }
}
