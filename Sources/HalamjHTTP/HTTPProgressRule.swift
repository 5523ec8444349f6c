/// How slowly a body may move before the server gives up on it: at least `minimumBytes` in
/// every `window` seconds, and the whole transfer within `limit` seconds.
///
/// A rule on progress rather than one deadline for the whole: a node on a 32 kbit/s link
/// needs minutes for a large batch and must never be cut for it, while a peer that stops
/// (a dead link, a client that no longer reads) still releases its thread and its body
/// bytes within one window.
public struct HTTPProgressRule: Sendable, Equatable {
    /// 1 KiB in 20 s is 51 B/s, an eightieth of 32 kbit/s (4,000 B/s): a link that slow,
    /// sharing with other traffic, still moves it many times over.
    public static let defaultMinimumBytes = 1024
    /// Long enough for what an honest slow link does between bytes: a second of round trip,
    /// a token-bucket queue of several seconds, and the back-off when one segment is lost
    /// three times in a row (retransmission timeouts that double from about a second:
    /// some 1.5 + 3 + 6 s at a second of round trip).
    public static let defaultWindow: Double = 20
    /// A full push of 1,000 records (~4 MB) takes some 17 minutes at 32 kbit/s; nothing
    /// honest takes longer, and no connection is held forever.
    public static let defaultLimit: Double = 30 * 60

    /// Bytes that must move within each window; 0 turns the rate off, leaving only `limit`.
    public var minimumBytes: Int
    /// Seconds within which each `minimumBytes` must move.
    public var window: Double
    /// Seconds the whole transfer may take, however steadily it moves.
    public var limit: Double

    public init(
        minimumBytes: Int = HTTPProgressRule.defaultMinimumBytes,
        window: Double = HTTPProgressRule.defaultWindow,
        limit: Double = HTTPProgressRule.defaultLimit
    ) {
        self.minimumBytes = minimumBytes
        self.window = window
        self.limit = limit
    }
}
