/// A parsed request line and header section, with the framing decisions already made.
public struct HTTPRequestHead: Sendable, Equatable {
    /// How the body that follows the head is delimited.
    public enum BodyFraming: Sendable, Equatable {
        case none
        case contentLength(Int)
        case chunked
    }

    public var method: String
    /// The raw request-target, e.g. "/v1/sync/pull?since=3".
    public var target: String
    /// The percent-decoded path without the query, e.g. "/v1/sync/pull".
    public var path: String
    /// Percent-decoded query parameters; a repeated name keeps its last value.
    public var query: [String: String]
    public var version: String
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// Whether the connection may carry another request after this one.
    public var keepAlive: Bool
    /// The client waits for `100 Continue` before sending the body.
    public var expectsContinue: Bool
    /// Who sent the request: the connection's peer, or the client a trusted proxy named in
    /// `X-Forwarded-For` (`HTTPServerConfiguration.trustedProxies`). nil in process.
    public var clientAddress: String?
    /// The trusted proxy that forwarded the request, when `clientAddress` came from its header.
    public var proxyAddress: String?

    public init(
        method: String, target: String, path: String, query: [String: String], version: String,
        headers: HTTPHeaders, framing: BodyFraming, keepAlive: Bool, expectsContinue: Bool,
        clientAddress: String? = nil, proxyAddress: String? = nil
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
        self.clientAddress = clientAddress
        self.proxyAddress = proxyAddress
    }
}
