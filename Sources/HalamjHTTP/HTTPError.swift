/// An error that becomes an HTTP response; handlers throw it anywhere to answer with a status.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    /// Machine-readable code, the `error` field of the JSON body.
    public let code: String
    public let message: String
    /// Extra response headers, e.g. Retry-After.
    public var headers: [(String, String)]
    /// Why the server failed, for its log only (never sent): an application's error turned into a 500.
    var cause: String?

    public init(_ status: Int, _ code: String, _ message: String, headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// `{"error": code, "message": message}` with this status.
    public var response: HTTPResponse {
        var response = HTTPResponse.json(ErrorBody(error: code, message: message), status: status)
        response.headers += headers
        return response
    }

    public var description: String { "HTTP \(status) \(code): \(message)" }
}

extension HTTPError {
    public static func badRequest(_ message: String) -> HTTPError {
        HTTPError(400, "bad-request", message)
    }

    public static let requestTimeout = HTTPError(408, "request-timeout", "The request head took too long, or its body stopped arriving.")

    public static let payloadTooLarge = HTTPError(413, "payload-too-large", "The request body is too large.")

    public static let expectationFailed = HTTPError(417, "expectation-failed", "Only the 100-continue expectation is supported.")

    public static let headerTooLarge = HTTPError(431, "header-too-large", "The request header section is too large.")

    public static let internalError = HTTPError(500, "internal", "The server failed to handle the request.")

    public static func notImplemented(_ message: String) -> HTTPError {
        HTTPError(501, "not-implemented", message)
    }

    /// Sent to connections past the server's connection cap.
    public static let serviceUnavailable = HTTPError(
        503, "unavailable", "The server is at its connection limit; retry shortly.", headers: [("Retry-After", "1")]
    )

    /// Sent, before reading the body, when the body does not fit in what the server may hold for
    /// request bodies at once (`HTTPBodyBudget`); honest clients retry, a flood waits its turn.
    public static let bodyBudgetExhausted = HTTPError(
        503, "unavailable", "The server is holding as many request bodies as it may; retry shortly.", headers: [("Retry-After", "1")]
    )

    public static let versionNotSupported = HTTPError(505, "http-version-not-supported", "Only HTTP/1.0 and HTTP/1.1 are supported.")
}
