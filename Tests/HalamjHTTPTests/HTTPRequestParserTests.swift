import Testing
import HalamjTestSupport
@testable import HalamjHTTP

private struct IncompleteHead: Error {}

private func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) throws(HTTPError) -> HTTPRequestParser.ParseResult {
    try HTTPRequestParser.parseHead(Array(text.utf8), limits: limits)
}

private func parsedHead(_ text: String, limits: HTTPLimits = HTTPLimits()) throws -> HTTPRequestHead {
    guard case .head(let head, _) = try parse(text, limits: limits) else { throw IncompleteHead() }
    return head
}

/// The status the parser refuses `text` with, or nil if it accepts it.
private func rejection(_ text: String, limits: HTTPLimits = HTTPLimits()) -> Int? {
    do {
        _ = try parse(text, limits: limits)
        return nil
    } catch {
        return error.status
    }
}

@Suite struct HTTPRequestParserTests {
    @Test func simpleGet_IsParsed() throws {
        let text = "GET /v1/status HTTP/1.1\r\nHost: hub.example\r\nUser-Agent: test\r\n\r\n"
        guard case .head(let head, let length) = try parse(text) else {
            Issue.record("expected a complete head")
            return
        }
        #expect(length == text.utf8.count)
        #expect(head.method == "GET")
        #expect(head.target == "/v1/status")
        #expect(head.path == "/v1/status")
        #expect(head.query.isEmpty)
        #expect(head.version == "HTTP/1.1")
        #expect(head.headers.count == 2)
        #expect(head.headers["Host"] == "hub.example")
        #expect(head.framing == .none)
        #expect(head.keepAlive)
        #expect(!head.expectsContinue)
    }

    @Test func headLength_ExcludesBodyAndPipelinedBytes() throws {
        let requestHead = "POST /v1/sync/push HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
        guard case .head(let head, let length) = try parse(requestHead + "helloGET / HTTP/1.1\r\n\r\n") else {
            Issue.record("expected a complete head")
            return
        }
        #expect(length == requestHead.utf8.count)
        #expect(head.framing == .contentLength(5))
    }

    @Test func query_IsSplitAndPercentDecoded() throws {
        let head = try parsedHead("GET /v1/sync/pull?since=3&limit=500 HTTP/1.1\r\n\r\n")
        #expect(head.target == "/v1/sync/pull?since=3&limit=500")
        #expect(head.path == "/v1/sync/pull")
        #expect(head.query == ["since": "3", "limit": "500"])
    }

    @Test func pathAndQuery_ArePercentDecoded_LastValueWinning() throws {
        let head = try parsedHead("GET /cases/a%20b%2Fc?name=J%C3%B6rg%26Co&flag&x=1&x=2&plus=a+b HTTP/1.1\r\n\r\n")
        #expect(head.path == "/cases/a b/c")
        #expect(head.query == ["name": "Jörg&Co", "flag": "", "x": "2", "plus": "a+b"])
    }

    @Test(arguments: ["/a%zz", "/a%4", "/a%00b", "/a?x=%ff", "/a?%C3=1"])
    func malformedPercentEncoding_IsRejected(target: String) {
        #expect(rejection("GET \(target) HTTP/1.1\r\n\r\n") == 400)
    }

    @Test func absoluteFormTarget_IsReducedToItsPath() throws {
        let head = try parsedHead("GET http://hub.example:8080/v1/x?a=1 HTTP/1.1\r\n\r\n")
        #expect(head.path == "/v1/x")
        #expect(head.query == ["a": "1"])
        #expect(try parsedHead("GET https://hub.example HTTP/1.1\r\n\r\n").path == "/")
    }

    @Test func asteriskTarget_IsOnlyAcceptedForOptions() throws {
        #expect(try parsedHead("OPTIONS * HTTP/1.1\r\n\r\n").path == "*")
        #expect(rejection("GET * HTTP/1.1\r\n\r\n") == 400)
    }

    @Test(arguments: ["hub.example:443", "v1/x", "/a#frag", "/a|b", "/a\"b", "/ä"])
    func unsupportedOrInvalidTarget_IsRejected(target: String) {
        #expect(rejection("GET \(target) HTTP/1.1\r\n\r\n") == 400)
    }

    @Test func headers_AreLookedUpCaseInsensitively_InOrder() throws {
        let head = try parsedHead("GET / HTTP/1.1\r\ncontent-TYPE: text/plain\r\nX-Tag: a\r\nx-tag: b\r\n\r\n")
        #expect(head.headers["Content-Type"] == "text/plain")
        #expect(head.headers["CONTENT-type"] == "text/plain")
        #expect(head.headers["x-TAG"] == "a")
        #expect(head.headers.values("X-Tag") == ["a", "b"])
        #expect(head.headers["Missing"] == nil)
        #expect(head.headers.fields.map(\.name) == ["content-TYPE", "X-Tag", "x-tag"])
    }

    @Test func headerValues_AreTrimmedOfSurroundingWhitespace() throws {
        let head = try parsedHead("GET / HTTP/1.1\r\nX-A: \t spaced out \t\r\nX-B:tight\r\nX-C:\r\n\r\n")
        #expect(head.headers["X-A"] == "spaced out")
        #expect(head.headers["X-B"] == "tight")
        #expect(head.headers["X-C"] == "")
    }

    @Test func parseHead_ReturnsIncomplete_AtEverySplitPoint() throws {
        let bytes = Array("POST /v1/sync/push?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nhi".utf8)
        for split in 0..<(bytes.count - 2) {
            let result = try HTTPRequestParser.parseHead(Array(bytes[..<split]), limits: HTTPLimits())
            #expect(result == .incomplete, "split at \(split)")
        }
        guard case .head(_, let length) = try HTTPRequestParser.parseHead(bytes, limits: HTTPLimits()) else {
            Issue.record("expected a complete head")
            return
        }
        #expect(length == bytes.count - 2)
    }

    @Test func leadingEmptyLines_AreIgnored() throws {
        guard case .head(let head, let length) = try parse("\r\n\r\nGET / HTTP/1.1\r\n\r\n") else {
            Issue.record("expected a complete head")
            return
        }
        #expect(head.method == "GET")
        #expect(length == 22)
    }

    @Test func request_IsRejected_WhenHeaderTooLarge() {
        #expect(HTTPLimits.defaultMaxHeaderBytes == 16 * 1024)
        let prefix = "GET / HTTP/1.1\r\nX-Pad: "
        let oversize = prefix + String(repeating: "a", count: HTTPLimits.defaultMaxHeaderBytes) + "\r\n\r\n"
        #expect(rejection(oversize) == 431)
        // Still unterminated but already past the cap: refused without waiting for the rest.
        #expect(rejection(prefix + String(repeating: "a", count: HTTPLimits.defaultMaxHeaderBytes)) == 431)
    }

    @Test func request_IsAccepted_WhenHeaderIsExactlyAtTheLimit() throws {
        let prefix = "GET / HTTP/1.1\r\nX-Pad: "
        let padding = HTTPLimits.defaultMaxHeaderBytes - prefix.utf8.count - 4
        let exact = prefix + String(repeating: "a", count: padding) + "\r\n\r\n"
        #expect(exact.utf8.count == HTTPLimits.defaultMaxHeaderBytes)
        #expect(rejection(exact) == nil)
        let oneOver = prefix + String(repeating: "a", count: padding + 1) + "\r\n\r\n"
        #expect(rejection(oneOver) == 431)
    }

    @Test func request_IsRejected_WhenItHasTooManyHeaders() {
        #expect(HTTPLimits.defaultMaxHeaderCount == 100)
        func request(headers: Int) -> String {
            "GET / HTTP/1.1\r\n" + (0..<headers).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        }
        #expect(rejection(request(headers: HTTPLimits.defaultMaxHeaderCount)) == nil)
        #expect(rejection(request(headers: HTTPLimits.defaultMaxHeaderCount + 1)) == 431)
    }

    @Test func contentLengthBody_IsFramedByLength() throws {
        #expect(try parsedHead("POST / HTTP/1.1\r\nContent-Length: 42\r\n\r\n").framing == .contentLength(42))
        #expect(try parsedHead("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").framing == .none)
        #expect(try parsedHead("POST / HTTP/1.1\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n").framing == .contentLength(7))
        #expect(try parsedHead("POST / HTTP/1.1\r\nContent-Length: 7, 7\r\n\r\n").framing == .contentLength(7))
    }

    @Test(arguments: ["abc", "-1", "+5", "5 5", "", "1.0", "0x10", "5, 6", "99999999999999999999"])
    func request_IsRejected_WhenContentLengthIsInvalid(value: String) {
        #expect(rejection("POST / HTTP/1.1\r\nContent-Length: \(value)\r\n\r\n") == 400)
    }

    @Test func request_IsRejected_WhenDuplicateContentLengthsDiffer() {
        #expect(rejection("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n") == 400)
    }

    @Test func request_IsRejected_WhenContentLengthExceedsBodyLimit() {
        #expect(HTTPLimits.defaultMaxBodyBytes == 64 * 1024 * 1024)
        let limits = HTTPLimits(maxBodyBytes: 100)
        #expect(rejection("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n", limits: limits) == nil)
        #expect(rejection("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", limits: limits) == 413)
        #expect(rejection("POST / HTTP/1.1\r\nContent-Length: \(HTTPLimits.defaultMaxBodyBytes + 1)\r\n\r\n") == 413)
    }

    @Test func request_IsRejected_WhenBothContentLengthAndTransferEncoding() {
        #expect(rejection("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n") == 400)
        #expect(rejection("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n") == 400)
    }

    @Test func chunkedTransferEncoding_IsAccepted() throws {
        #expect(try parsedHead("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").framing == .chunked)
        #expect(try parsedHead("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n").framing == .chunked)
    }

    @Test(arguments: ["gzip, chunked", "deflate, chunked"])
    func request_IsRejected_WhenTransferEncodingIsUnsupported(value: String) {
        #expect(rejection("POST / HTTP/1.1\r\nTransfer-Encoding: \(value)\r\n\r\n") == 501)
    }

    /// Without chunked last, once, the body's end cannot be known (RFC 9112 §6.3).
    @Test(arguments: ["gzip", "chunked, gzip", "identity", "chunked, chunked", "chunked;q=1"])
    func request_IsBad_WhenChunkedIsNotTheFinalCodingOnce(value: String) {
        #expect(rejection("POST / HTTP/1.1\r\nTransfer-Encoding: \(value)\r\n\r\n") == 400)
    }

    @Test func request_IsRejected_WhenTransferEncodingIsEmptyOrOnHTTP10() {
        #expect(rejection("POST / HTTP/1.1\r\nTransfer-Encoding: \r\n\r\n") == 400)
        #expect(rejection("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0"])
    func request_IsRejected_WhenVersionIsUnsupported(version: String) {
        #expect(rejection("GET / \(version)\r\n\r\n") == 505)
    }

    @Test(arguments: ["HTTP/1.1x", "http/1.1", "HTTP/11", "HTTP/1", "HTTPS/1.1"])
    func request_IsRejected_WhenVersionIsMalformed(version: String) {
        #expect(rejection("GET / \(version)\r\n\r\n") == 400)
    }

    @Test(arguments: [
        "GET  / HTTP/1.1", "GET / HTTP/1.1 ", "GET /", "GET", " GET / HTTP/1.1", "G(T / HTTP/1.1", "GET\t/ HTTP/1.1",
    ])
    func request_IsRejected_WhenRequestLineIsMalformed(line: String) {
        #expect(rejection("\(line)\r\n\r\n") == 400)
    }

    @Test func request_IsRejected_WhenHeaderLineIsFolded() {
        #expect(rejection("GET / HTTP/1.1\r\nX-A: one\r\n two\r\n\r\n") == 400)
        #expect(rejection("GET / HTTP/1.1\r\nX-A: one\r\n\ttwo\r\n\r\n") == 400)
    }

    @Test func request_IsRejected_WhenWhitespacePrecedesTheColon() {
        #expect(rejection("GET / HTTP/1.1\r\nContent-Length : 5\r\n\r\n") == 400)
        #expect(rejection("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n") == 400)
    }

    @Test(arguments: [
        "NoColon", ": empty-name", "Bad Name: v", "X-A: nul\u{0}byte", "X-A: bell\u{7}", "X-A: del\u{7F}", "X-A: bare\rcr",
        "X-A: bare\nlf",
    ])
    func request_IsRejected_WhenHeaderLineIsMalformed(line: String) {
        #expect(rejection("GET / HTTP/1.1\r\n\(line)\r\n\r\n") == 400)
    }

    @Test func headerValue_MayContainObsTextAndTabs() throws {
        let bytes = Array("GET / HTTP/1.1\r\nX-A: a\tb ".utf8) + [0xC3, 0xA4] + Array("\r\n\r\n".utf8)
        guard case .head(let head, _) = try HTTPRequestParser.parseHead(bytes, limits: HTTPLimits()) else {
            Issue.record("expected a complete head")
            return
        }
        #expect(head.headers["X-A"] == "a\tb ä")
    }

    @Test func missingHost_IsTolerated_ButDuplicateHostIsRejected() throws {
        #expect(try parsedHead("GET / HTTP/1.1\r\n\r\n").headers["Host"] == nil)
        #expect(rejection("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400)
    }

    @Test func keepAlive_FollowsVersionAndConnectionHeader() throws {
        #expect(try parsedHead("GET / HTTP/1.1\r\n\r\n").keepAlive)
        #expect(try !parsedHead("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive)
        #expect(try !parsedHead("GET / HTTP/1.1\r\nConnection: Upgrade, Close\r\n\r\n").keepAlive)
        #expect(try !parsedHead("GET / HTTP/1.0\r\n\r\n").keepAlive)
        #expect(try parsedHead("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive)
    }

    @Test func expectContinue_IsRecognised_OnlyForHTTP11() throws {
        #expect(try parsedHead("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n").expectsContinue)
        #expect(try !parsedHead("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").expectsContinue)
    }

    @Test func request_IsRejected_WhenExpectationIsUnknown() {
        #expect(rejection("POST / HTTP/1.1\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\n") == 417)
    }

    @Test func rejection_CarriesAJSONErrorCode() {
        do {
            _ = try parse("GET / HTTP/2.0\r\n\r\n")
            Issue.record("expected a rejection")
        } catch {
            #expect(error.status == 505)
            #expect(error.code == "http-version-not-supported")
        }
    }
}
