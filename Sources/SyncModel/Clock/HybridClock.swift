/// The hybrid logical clock of one replica. `tick` names a local write; `observe`
/// takes in a peer's reading, but never one that is further ahead of our wall clock
/// than `maximumDrift`: a soum PC whose clock is a year ahead must not drag every
/// replica's clock with it. Such readings are reported, and the write is still kept.
public struct HybridClock: Sendable, Equatable {
    public let replica: ReplicaID
    public private(set) var wallMillis: Int64
    public private(set) var logical: UInt32

    /// Default bound on how far ahead of our wall clock a peer's reading may be.
    public static let defaultMaximumDriftMillis: Int64 = 24 * 60 * 60 * 1000

    public init(replica: ReplicaID, wallMillis: Int64 = 0, logical: UInt32 = 0) {
        self.replica = replica
        self.wallMillis = wallMillis
        self.logical = logical
    }

    /// The reading for a new local event at physical time `now` (milliseconds).
    public mutating func tick(now: Int64) -> HLCTimestamp {
        if now > wallMillis {
            wallMillis = now
            logical = 0
        } else if logical == .max {
            // Wrapping the logical counter would order this event before the last one.
            wallMillis += 1
            logical = 0
        } else {
            logical += 1
        }
        return HLCTimestamp(wallMillis: wallMillis, logical: logical, replica: replica)
    }

    public enum Observation: Equatable, Sendable {
        /// The reading was within bounds; the clock moved to at least its value.
        case accepted
        /// The reading was `aheadMillis` ahead of our wall clock, past the bound; ignored.
        case tooFarAhead(aheadMillis: Int64)
    }

    /// Takes in a peer's reading so that our next tick orders after it.
    @discardableResult
    public mutating func observe(
        _ remote: HLCTimestamp, now: Int64,
        maximumDriftMillis: Int64 = HybridClock.defaultMaximumDriftMillis
    ) -> Observation {
        // Saturating: a reading decoded from the wire may hold any Int64.
        let (difference, overflow) = remote.wallMillis.subtractingReportingOverflow(now)
        let ahead = overflow ? (remote.wallMillis > now ? Int64.max : Int64.min) : difference
        if ahead > maximumDriftMillis { return .tooFarAhead(aheadMillis: ahead) }
        if remote.wallMillis > wallMillis {
            wallMillis = remote.wallMillis
            logical = remote.logical
        } else if remote.wallMillis == wallMillis, remote.logical > logical {
            logical = remote.logical
        }
        return .accepted
    }
}
