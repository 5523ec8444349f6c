/// A complete request as handed to the handler.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The raw request-target, e.g. "/v1/sync/pull?since=3".
    public var target: String
    /// The percent-decoded path without the query, e.g. "/v1/sync/pull".
    public var path: String
    /// Percent-decoded query parameters; a repeated name keeps its last value.
    public var query: [String: String]
    public var version: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Who asked and why it failed, for the request's log line; shared by copies of the request.
    public let notes = RequestNotes()

    public init(
        method: String, target: String, path: String, query: [String: String] = [:],
        version: String = "HTTP/1.1", headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }

    public init(head: HTTPRequestHead, body: [UInt8]) {
        self.init(
            method: head.method, target: head.target, path: head.path, query: head.query,
            version: head.version, headers: head.headers, body: body
        )
    }
}
