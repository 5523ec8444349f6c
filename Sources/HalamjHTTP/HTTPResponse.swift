import Foundation

/// A response from a handler; the server adds Date, Content-Length and Connection when writing it.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static let jsonContentType = "application/json; charset=utf-8"

    /// Sorted keys keep bodies byte-for-byte reproducible, which tests and caches rely on.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            // Not via HTTPError.response: that encodes JSON too and could recurse.
            let body = #"{"error":"internal","message":"The response could not be encoded."}"#
            return HTTPResponse(status: 500, headers: [("Content-Type", jsonContentType)], body: Array(body.utf8))
        }
        return HTTPResponse(status: status, headers: [("Content-Type", jsonContentType)], body: Array(data))
    }

    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// Headers the server owns; a handler's copies are dropped so framing cannot be contradicted.
    static let serverManagedHeaders = ["Content-Length", "Transfer-Encoding", "Connection", "Date"]

    /// The wire form: status line, headers, Date, Content-Length, Connection, blank line, body.
    /// Header fields with an invalid name or a CR/LF/NUL in the value are dropped (response splitting).
    public func serialized(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reasonPhrase(for: status))\r\n"
        for (name, value) in headers where Self.isWritable(name: name, value: value) {
            head += "\(name): \(value)\r\n"
        }
        head += "Date: \(HTTPDate.now())\r\n"
        // 1xx and 204 must not carry Content-Length (RFC 9110 §8.6); 304 carries no body.
        let hasBody = !(100...199).contains(status) && status != 204 && status != 304
        if hasBody {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Array(head.utf8)
        if hasBody {
            bytes += body
        }
        return bytes
    }

    private static func isWritable(name: String, value: String) -> Bool {
        HTTPSyntax.isToken(name.utf8)
            && !serverManagedHeaders.contains { HTTPSyntax.equalsIgnoringCase($0, name) }
            && value.utf8.allSatisfy(HTTPSyntax.isFieldValueByte)
    }

    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}
