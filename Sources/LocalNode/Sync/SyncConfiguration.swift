import SyncModel

/// How a node syncs: batch size, retries, backoff and timeouts.
public struct SyncConfiguration: Sendable {
    /// Records per push or pull batch, at most (fewer when the link is slow).
    public var batchSize = SyncProtocol.defaultBatchSize
    /// Tries per request before the hub counts as unreachable.
    public var maxAttempts = 4
    /// The first retry waits about this long (seconds); each further one twice as long.
    public var baseDelay = 0.25
    /// No wait between tries is longer than this (seconds).
    public var maxDelay = 30.0
    /// Seconds a request may take before it is abandoned and retried.
    public var requestTimeout = 60.0
    /// The largest answer body the node reads (bytes). An honest pull or push answer of
    /// the largest batch is a few MiB; anything past this is a broken or hostile answer.
    public var maximumAnswerBytes = Self.defaultMaximumAnswerBytes
    /// How long one push or pull request should take: the batch holds about as many
    /// records as the link moved in this many seconds (`BatchPace`), up to `batchSize`.
    /// Short enough that a cut link costs little and no proxy loses patience, long
    /// enough that round trips (a second each over a satellite) are a small share.
    public var targetBatchSeconds = 8.0
    /// Bound on how far ahead a peer's clock reading may be (ms).
    public var maximumDriftMillis = HybridClock.defaultMaximumDriftMillis

    public static let defaultMaximumAnswerBytes = 64 << 20

    public init() {}
}
