/// Size limits applied while parsing a request.
public struct HTTPLimits: Sendable, Equatable {
    /// Request line plus header fields plus the blank line; past it the answer is 431.
    public static let defaultMaxHeaderBytes = 16 * 1024
    /// Header field lines per request; past it the answer is 431.
    public static let defaultMaxHeaderCount = 100
    /// Decoded body bytes, whether framed by Content-Length or chunked; past it the answer is 413.
    public static let defaultMaxBodyBytes = 64 * 1024 * 1024
    /// Request-body bytes held at once across all connections (`HTTPBodyBudget`); past it a request
    /// is answered 503 with Retry-After before its body is read. Two bodies at the per-body cap:
    /// at least one, or the largest allowed body could never be read, and two, so that one upload
    /// at the cap does not shut every other client out while it lasts.
    public static let defaultBodyBudgetBytes = 2 * defaultMaxBodyBytes
    /// One chunk-size line (with extensions) or one trailer line of a chunked body; past it the answer is 400.
    public static let maxChunkLineBytes = 4 * 1024

    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    public var maxBodyBytes: Int

    public init(
        maxHeaderBytes: Int = HTTPLimits.defaultMaxHeaderBytes,
        maxHeaderCount: Int = HTTPLimits.defaultMaxHeaderCount,
        maxBodyBytes: Int = HTTPLimits.defaultMaxBodyBytes
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}
