/// A complete request as handed to the handler: its head, with every field readable
/// (and settable) as the request's own (`request.path`, `request.headers["Host"]`), and
/// its body.
@dynamicMemberLookup
public struct HTTPRequest: Sendable {
    /// The request line and headers, as the parser read them.
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// Who asked and why it failed, for the request's log line; shared by copies of the request.
    public let notes = RequestNotes()

    public init(head: HTTPRequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// A request made in process, not read from a socket: its body framed by its length,
    /// its connection kept alive.
    public init(
        method: String, target: String, path: String, query: [String: String] = [:],
        version: String = "HTTP/1.1", headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        let head = HTTPRequestHead(
            method: method, target: target, path: path, query: query, version: version, headers: headers,
            framing: body.isEmpty ? .none : .contentLength(body.count), keepAlive: true, expectsContinue: false)
        self.init(head: head, body: body)
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<HTTPRequestHead, Value>) -> Value {
        get { head[keyPath: field] }
        set { head[keyPath: field] = newValue }
    }
}
