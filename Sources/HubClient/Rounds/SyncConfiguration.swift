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
    /// Deadlines are on progress, not on whole requests: a 1 MB push takes some 4 minutes
    /// at 32 kbit/s and must never be cut for it, while a stalled link must be given up on.
    ///
    /// Seconds (whole, at least 1) a request may go moving fewer than
    /// `minimumBytesPerSecond`, both ways together, before it is abandoned and retried:
    /// a link that stalled, or a hub that stopped answering (the wait for the hub's answer
    /// counts too, so this is also the longest the hub may work on a batch). libcurl
    /// averages the speed over the last 5 seconds, so a transfer that stops dead after
    /// moving fast is given up on up to 5 seconds later than this.
    public var requestTimeout = 60.0
    /// The slowest a request may move for `requestTimeout` seconds in a row (bytes a
    /// second): 32 B/s is less than 2 KiB a minute, laxer than the hub's own rule of 1 KiB
    /// in every 20 s (`HTTPProgressRule`), so the node never gives up on a body that the
    /// hub still takes; an honest 32 kbit/s link moves some 4,000 B/s.
    public var minimumBytesPerSecond = 32
    /// Seconds to wait for a connection to the hub (TCP, and TLS for `https://`).
    public var connectTimeout = 30.0
    /// The longest any one request may take however steadily it moves (seconds): the
    /// hub's own `--transfer-limit` (30 minutes; a push of 1,000 records, ~4 MB, takes
    /// some 17 minutes at 32 kbit/s).
    public var transferLimit = 30 * 60.0
    /// A proxy for every request (libcurl's syntax: `http://host:port`, `socks5h://…`);
    /// nil uses the `http_proxy`, `https_proxy` and `no_proxy` environment variables.
    public var proxy: String?
    /// A PEM file of certificate authorities to verify an `https://` hub with, instead of
    /// the system's (a district CA). The certificate and host name are always verified.
    public var caFile: String?
    /// The hub's public key, as libcurl takes it (`sha256//<base64>`, several joined by
    /// `;`, or a PEM/DER file): a certificate with any other key is refused.
    public var pinnedPublicKey: String?
    /// The largest answer body the node reads (bytes). An honest pull or push answer of
    /// the largest batch is a few MiB; anything past this is a broken or hostile answer.
    public var maximumAnswerBytes = Self.defaultMaximumAnswerBytes
    /// How long one push or pull request should take: the batch holds about as many
    /// records as the link moved in this many seconds (`BatchPace`), up to `batchSize`.
    /// Short enough that a cut link costs little and no proxy loses patience, long
    /// enough that round trips (a second each over a satellite) are a small share.
    public var targetBatchSeconds = 8.0
    /// The most bytes of scans one round sends (`sync --max-file-bytes`), after the
    /// records; nil sends every file waiting, 0 none. A file cut off by it resumes at the
    /// next round where it stopped.
    public var maxFileBytes: Int?
    /// Bound on how far ahead a peer's clock reading may be (ms).
    public var maximumDriftMillis = HybridClock.defaultMaximumDriftMillis

    public static let defaultMaximumAnswerBytes = 64 << 20

    public init() {}
}
