import Foundation
import Testing
import HalamjTestSupport
import SyncModel
@testable import HalamjHTTP

@Suite struct HTTPResponseTests {
    private func wire(_ response: HTTPResponse, keepAlive: Bool = true) -> String {
        String(decoding: response.serialized(keepAlive: keepAlive), as: UTF8.self)
    }

    @Test func serialized_HasStatusLineHeadersAndBody() {
        let text = wire(.text("hi", status: 201), keepAlive: false)
        #expect(text.hasPrefix("HTTP/1.1 201 Created\r\nContent-Type: text/plain; charset=utf-8\r\nDate: "))
        #expect(text.hasSuffix(" GMT\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"))
    }

    @Test func serialized_OmitsContentLengthAndBody_For204() {
        let text = wire(HTTPResponse(status: 204, body: Array("ignored".utf8)))
        #expect(!text.contains("Content-Length"))
        #expect(text.hasSuffix("Connection: keep-alive\r\n\r\n"))
    }

    @Test func serialized_DropsServerManagedAndUnsafeHandlerHeaders() {
        let response = HTTPResponse(status: 200, headers: [
            ("Content-Length", "5"), ("transfer-encoding", "chunked"), ("Connection", "upgrade"), ("Date", "x"),
            ("X-Split", "a\r\nSet-Cookie: evil"), ("Bad Name", "v"), ("X-Fine", "yes"),
        ])
        let text = wire(response)
        #expect(text.components(separatedBy: "Content-Length").count == 2)
        #expect(!text.contains("chunked") && !text.contains("upgrade") && !text.contains("evil") && !text.contains("Bad Name"))
        #expect(text.contains("\r\nX-Fine: yes\r\n"))
    }

    @Test func json_UsesSortedKeysAndJSONContentType() {
        let response = HTTPResponse.json(["b": 1, "a": 2], status: 202)
        #expect(response.status == 202)
        #expect(response.headers.first { $0.0 == "Content-Type" }?.1 == "application/json; charset=utf-8")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"a":2,"b":1}"#)
    }

    @Test func httpError_BecomesErrorBodyJSON_WithItsHeaders() throws {
        let response = HTTPError(429, "rate_limited", "Slow down.", headers: [("Retry-After", "3")]).response
        #expect(response.status == 429)
        #expect(response.headers.contains { $0 == ("Retry-After", "3") })
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(response.body)) == ErrorBody(error: "rate_limited", message: "Slow down."))
    }

    @Test func httpDate_IsIMFFixdate() {
        #expect(HTTPDate.string(fromUnixTime: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(fromUnixTime: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
