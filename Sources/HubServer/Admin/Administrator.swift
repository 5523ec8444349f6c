/// What the hub knows of one administrator; never the token.
public struct Administrator: Sendable, Equatable, Codable {
    public var name: String
    public var createdAt: Int64
    /// The last request made with the token (to the minute); nil when it was never
    /// used since last-use times were recorded.
    public var lastUsedAt: Int64?
    public var revokedAt: Int64?
}
