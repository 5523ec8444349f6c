import Foundation
import Synchronization
import Testing
import HalamjTestSupport
import SyncModel
@testable import HalamjHTTP

/// A head check that wants an `X-Key: open` header, as an application checks a token.
private let wantsKey: HTTPServer.HeadCheck = { head in
    guard head.headers["X-Key"] == "open" else {
        throw HTTPError(401, "unauthorized", "X-Key is missing or wrong.")
    }
    return nil
}

// Live servers on 127.0.0.1 with timing assertions: serialized so that they do not compete for the 2 cores.
@Suite(.serialized) struct HeadCheckTests {
    @Test func refusedHead_IsAnswered_WithoutReadingTheBody_AndTheConnectionIsClosed() throws {
        let handled = Mutex(0)
        let handler: @Sendable (HTTPRequest) throws -> HTTPResponse = { _ in
            handled.withLock { $0 += 1 }
            return .text("ok")
        }
        try withServer({ $0.headTimeout = 10 }, headCheck: wantsKey, handler: handler) { server, port in
            let client = try TestHTTPClient(port: port)
            let start = ContinuousClock.now
            try client.send("POST /upload HTTP/1.1\r\nContent-Length: 30000000\r\n\r\n")
            let response = try #require(try client.readResponse(timeout: .seconds(3)))
            #expect(ContinuousClock.now - start < .seconds(1), "answered from the head, not after a read timeout")
            #expect(response.status == 401)
            #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(response.body)).error == "unauthorized")
            #expect(response.headers["Connection"] == "close")
            #expect(try client.isClosedByServer(within: .seconds(3)))
            #expect(handled.withLock { $0 } == 0)
            #expect(server.bodyBudget.heldBytes == 0, "a refused head takes nothing from the body budget")

            let allowed = try TestHTTPClient(port: port)
            try allowed.send("POST /upload HTTP/1.1\r\nX-Key: open\r\nContent-Length: 2\r\n\r\nhi")
            #expect(try allowed.readResponse()?.status == 200)
        }
    }

    @Test func headCheck_RunsBefore100Continue_AndItsRefusalReplacesIt() throws {
        let checked = Mutex(0)
        let counting: HTTPServer.HeadCheck = { head in
            checked.withLock { $0 += 1 }
            return try wantsKey(head)
        }
        try withServer(headCheck: counting) { _, port in
            let refused = try TestHTTPClient(port: port)
            try refused.send("PUT /upload HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let refusal = try #require(try refused.readResponse())
            #expect(refusal.status == 401, "no 100 Continue first: the client need not send the body")
            #expect(try refused.isClosedByServer(within: .seconds(3)))

            let welcome = try TestHTTPClient(port: port)
            try welcome.send("PUT /upload HTTP/1.1\r\nX-Key: open\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try #require(try welcome.readResponse())
            #expect(interim.status == 100)
            #expect(checked.withLock { $0 } == 2, "the head was checked before 100 Continue was sent")
            try welcome.send("hello")
            #expect(try welcome.readResponse()?.text == "PUT /upload  hello")
        }
    }

    @Test func headCheckFailingWithAnotherError_Is500_AndTheConnectionIsClosed() throws {
        struct Boom: Error {}
        let log = CapturedLog()
        try withServer({ configuration in configuration.logger = log.logger("test") },
                       headCheck: { _ in throw Boom() }) { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("POST /upload HTTP/1.1\r\nContent-Length: 1000\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == 500)
            #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(response.body)).error == "internal")
            #expect(try client.isClosedByServer(within: .seconds(3)))
            #expect(eventually { !log.lines(containing: "error test: request", "method=POST", "route=/upload", "status=500", "cause=Boom()").isEmpty },
                    "\(log.text)")
        }
    }

    @Test(arguments: [401, 403])
    func failedAuthentication_ClosesTheConnection_InsteadOfKeepingItAlive(status: Int) throws {
        let handler: @Sendable (HTTPRequest) throws -> HTTPResponse = { _ in
            throw HTTPError(status, "refused", "Not with this credential.")
        }
        try withServer(handler: handler) { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("GET /secret HTTP/1.1\r\nAuthorization: Bearer guess-1\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == status)
            #expect(response.headers["Connection"] == "close")
            #expect(try client.isClosedByServer(within: .seconds(3)), "no open connection to try the next guess on")
        }
    }
}
