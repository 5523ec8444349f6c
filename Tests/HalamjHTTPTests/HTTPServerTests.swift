import Foundation
import Synchronization
import Testing
import HalamjTestSupport
import SyncModel
@testable import HalamjHTTP

// Live servers on 127.0.0.1 with timing assertions: serialized so that they do not compete for the 2 cores.
@Suite(.serialized) struct HTTPServerTests {
    @Test func server_AnswersTwoRequests_OnOneKeepAliveConnection() throws {
        try withServer { server, port in
            let client = try TestHTTPClient(port: port)
            try client.send("GET /one?since=3&limit=500 HTTP/1.1\r\nHost: hub\r\n\r\n")
            let first = try #require(try client.readResponse())
            #expect(first.status == 200)
            #expect(first.text == "GET /one limit=500&since=3 ")
            #expect(first.headers["Connection"] == "keep-alive")
            try client.send("POST /two HTTP/1.1\r\nHost: hub\r\nContent-Length: 3\r\n\r\nabc")
            let second = try #require(try client.readResponse())
            #expect(second.status == 200)
            #expect(second.text == "POST /two  abc")
            #expect(server.openConnectionCount == 1)
        }
    }

    @Test func server_AnswersPipelinedRequests_InOrder() throws {
        try withServer { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nxyGET /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\nConnection: close\r\n\r\n")
            #expect(try client.readResponse()?.text == "POST /a  xy")
            #expect(try client.readResponse()?.text == "GET /b  ")
            let last = try #require(try client.readResponse())
            #expect(last.text == "GET /c  ")
            #expect(last.headers["Connection"] == "close")
            #expect(try client.isClosedByServer(within: .seconds(3)))
        }
    }

    @Test func response_AlwaysCarriesContentLengthAndDate() throws {
        try withServer(handler: { _ in HTTPResponse(status: 200, headers: [("Content-Length", "999"), ("X-Bad", "a\r\nInjected: 1")]) }) { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.headers.values("Content-Length") == ["0"])
            #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)
            #expect(response.headers["Injected"] == nil)
            #expect(response.headers["X-Bad"] == nil)
        }
    }

    @Test func http10Connection_IsClosed_UnlessKeepAliveRequested() throws {
        try withServer { _, port in
            let keeping = try TestHTTPClient(port: port)
            try keeping.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keeping.readResponse()?.headers["Connection"] == "keep-alive")
            try keeping.send("GET /b HTTP/1.0\r\n\r\n")
            #expect(try keeping.readResponse()?.headers["Connection"] == "close")
            #expect(try keeping.isClosedByServer(within: .seconds(3)))
        }
    }

    @Test func expectContinue_IsAnsweredBeforeTheBodyIsSent() throws {
        try withServer { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("PUT /upload HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try #require(try client.readResponse())
            #expect(interim.status == 100)
            try client.send("hello")
            let final = try #require(try client.readResponse())
            #expect(final.status == 200)
            #expect(final.text == "PUT /upload  hello")
        }
    }

    @Test func oversizeBody_IsAnswered413_WithoutContinue() throws {
        try withServer({ $0.maxBodyBytes = 1024 }) { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("PUT /upload HTTP/1.1\r\nContent-Length: 1025\r\nExpect: 100-continue\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == 413)
            #expect(response.headers["Connection"] == "close")
            #expect(try client.isClosedByServer(within: .seconds(3)))
        }
    }

    @Test func oversizeContentLength_IsAnswered413_WithoutReadingTheBody() throws {
        try withServer({ $0.maxBodyBytes = 1024 }) { _, port in
            let accepted = try TestHTTPClient(port: port)
            try accepted.send("POST / HTTP/1.1\r\nContent-Length: 1024\r\n\r\n" + String(repeating: "a", count: 1024))
            #expect(try accepted.readResponse()?.status == 200)
            let refused = try TestHTTPClient(port: port)
            try refused.send("POST / HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n")
            let response = try #require(try refused.readResponse())
            #expect(response.status == 413)
            let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            #expect(error.error == "payload-too-large")
        }
    }

    @Test func chunkedBody_IsDecodedForTheHandler() throws {
        try withServer { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n")
            try client.send("5;ext=1\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\nGET /next HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse()?.text == "POST /c  Wikipedia")
            #expect(try client.readResponse()?.text == "GET /next  ")
        }
    }

    @Test func chunkedBody_IsAnswered413_PastTheBodyLimit() throws {
        try withServer({ $0.maxBodyBytes = 8 }) { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\n")
            #expect(try client.readResponse()?.status == 413)
        }
    }

    @Test func handlerThrowingHTTPError_YieldsJSONErrorBody_AndKeepsTheConnection() throws {
        let handler: @Sendable (HTTPRequest) throws -> HTTPResponse = { request in
            if request.path == "/taken" { throw HTTPError(409, "conflict", "Already taken.", headers: [("X-Reason", "test")]) }
            return .text("ok")
        }
        try withServer(handler: handler) { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("GET /taken HTTP/1.1\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == 409)
            #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
            #expect(response.headers["X-Reason"] == "test")
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
            #expect(object == ["error": "conflict", "message": "Already taken."])
            try client.send("GET /open HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse()?.text == "ok")
        }
    }

    @Test func handlerThrowingOtherError_Yields500Internal() throws {
        struct Boom: Error {}
        try withServer(handler: { _ in throw Boom() }) { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == 500)
            let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            #expect(error.error == "internal")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func malformedRequest_IsAnswered400_AndClosed() throws {
        try withServer { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == 400)
            #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(response.body)).error == "bad-request")
            #expect(try client.isClosedByServer(within: .seconds(3)))
        }
    }

    @Test func request_IsRejected_WhenHeaderTooLarge() throws {
        try withServer { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nX-Pad: " + String(repeating: "a", count: HTTPLimits.defaultMaxHeaderBytes) + "\r\n\r\n")
            #expect(try client.readResponse()?.status == 431)
        }
    }

    @Test func connectionsPastTheCap_CutTheOldestIdleOne_SoANewClientIsServed() throws {
        try withServer({ $0.maxConnections = 2 }) { server, port in
            let first = try TestHTTPClient(port: port)
            let second = try TestHTTPClient(port: port)
            for client in [first, second] {
                try client.send("GET / HTTP/1.1\r\n\r\n")
                #expect(try client.readResponse()?.status == 200)
            }
            // Both now idle on keep-alive: the oldest makes room.
            let third = try TestHTTPClient(port: port)
            try third.send("GET / HTTP/1.1\r\n\r\n")
            #expect(try third.readResponse()?.status == 200)
            #expect(try first.isClosedByServer(within: .seconds(3)))
            #expect(eventually { server.openConnectionCount <= 2 })
        }
    }

    @Test func connectionsPastTheCap_AreAnswered503WithRetryAfter_WhenEveryOneIsMidRequest() throws {
        let release = DispatchSemaphore(value: 0)
        let entered = DispatchSemaphore(value: 0)
        let slow: @Sendable (HTTPRequest) throws -> HTTPResponse = { _ in
            entered.signal()
            _ = release.wait(timeout: .now() + 5)
            return HTTPResponse(status: 200)
        }
        try withServer({ $0.maxConnections = 2 }, handler: slow) { server, port in
            let first = try TestHTTPClient(port: port)
            let second = try TestHTTPClient(port: port)
            for client in [first, second] { try client.send("GET / HTTP/1.1\r\n\r\n") }
            #expect(entered.wait(timeout: .now() + 5) == .success)
            #expect(entered.wait(timeout: .now() + 5) == .success, "both requests are in the handler")
            let third = try TestHTTPClient(port: port)
            let refused = try #require(try third.readResponse())
            #expect(refused.status == 503)
            #expect(refused.headers["Retry-After"] == "1")
            #expect(try third.isClosedByServer(within: .seconds(3)))
            release.signal()
            release.signal()
            #expect(try first.readResponse()?.status == 200, "requests in flight are never cut to make room")
            #expect(try second.readResponse()?.status == 200)
        }
    }

    @Test func idleConnection_IsClosed_AfterIdleTimeout() throws {
        try withServer({ $0.idleTimeout = 0.3 }) { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse()?.status == 200)
            let start = ContinuousClock.now
            #expect(try client.isClosedByServer(within: .seconds(5)))
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(250))
            #expect(elapsed < .seconds(3))

            let silent = try TestHTTPClient(port: port)
            #expect(try silent.isClosedByServer(within: .seconds(5)))
        }
    }

    @Test func slowClient_DoesNotBlock_AConcurrentHonestRequest() throws {
        try withServer({ $0.headTimeout = 5 }) { _, port in
            let slowRequest = Array("GET /slow HTTP/1.1\r\nX-A: b\r\n\r\n".utf8)
            let slowResult = onThread { () throws -> Int? in
                let slow = try TestHTTPClient(port: port)
                for byte in slowRequest {
                    try slow.send([byte])
                    Thread.sleep(forTimeInterval: 0.1)
                }
                return try slow.readResponse()?.status
            }
            Thread.sleep(forTimeInterval: 0.3)
            let start = ContinuousClock.now
            let honest = try TestHTTPClient(port: port)
            try honest.send("GET /honest HTTP/1.1\r\n\r\n")
            #expect(try honest.readResponse(timeout: .seconds(2))?.text == "GET /honest  ")
            #expect(ContinuousClock.now - start < .seconds(1))
            // The slow client still gets its answer once its request is complete.
            #expect(slowResult(.seconds(10)) == .some(200))
        }
    }

    @Test func tricklingHead_IsAnswered408_AfterHeadTimeout() throws {
        try withServer({ $0.headTimeout = 0.5 }) { _, port in
            let client = try TestHTTPClient(port: port)
            let start = ContinuousClock.now
            // Keeps sending, one byte per 100 ms, but never finishes its head within the head timeout.
            for byte in "GET / HTTP/1.1\r\nX-Slow: abcdefghijklmnopqrstuvwxyz".utf8 {
                guard (try? client.send([byte])) != nil else { break }
                if ContinuousClock.now - start > .seconds(3) { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            let response = try #require(try client.readResponse())
            #expect(response.status == 408)
            #expect(try client.isClosedByServer(within: .seconds(3)))
        }
    }

    @Test func defaultConfiguration_HasTheDocumentedLimits() {
        let configuration = HTTPServerConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 0)
        #expect(configuration.maxHeaderBytes == 16 * 1024)
        #expect(configuration.maxHeaderCount == 100)
        #expect(configuration.maxBodyBytes == 64 * 1024 * 1024)
        #expect(configuration.bodyBudgetBytes == 128 * 1024 * 1024)
        #expect(configuration.maxConnections == 1024)
        #expect(configuration.headTimeout == 15)
        #expect(configuration.idleTimeout == 30)
        for rule in [configuration.requestProgress, configuration.responseProgress] {
            #expect(rule == HTTPProgressRule(minimumBytes: 1024, window: 20, limit: 1800))
        }
        #expect(configuration.stopTimeout == 5)
    }

    @Test func start_Throws_WhenCalledTwice() throws {
        try withServer { server, _ in
            #expect(throws: SocketError.self) { try server.start() }
        }
    }

    @Test func stoppedServer_RefusesNewConnections() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(), handler: echo)
        let port = try server.start()
        #expect(server.boundPort == port)
        let client = try TestHTTPClient(port: port)
        try client.send("GET / HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse()?.status == 200)
        let start = ContinuousClock.now
        server.stop()
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(try client.isClosedByServer(within: .seconds(3)))
        #expect(server.openConnectionCount == 0)
        #expect(throws: SocketError.self) { _ = try TestHTTPClient(port: port) }
        server.stop()
    }

    @Test func stop_WaitsForAnInFlightRequest() throws {
        let started = Mutex(false)
        let server = HTTPServer(configuration: HTTPServerConfiguration()) { _ in
            started.withLock { $0 = true }
            Thread.sleep(forTimeInterval: 0.5)
            return .text("done")
        }
        let port = try server.start()
        let result = onThread { () throws -> TestHTTPClient.Response? in
            let client = try TestHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\n\r\n")
            return try client.readResponse()
        }
        #expect(eventually { started.withLock { $0 } })
        server.stop()
        let response = try #require(result(.seconds(5)) ?? nil)
        #expect(response.status == 200)
        #expect(response.text == "done")
        #expect(response.headers["Connection"] == "close")
    }
}
