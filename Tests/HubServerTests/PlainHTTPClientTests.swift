import Foundation
import Synchronization
import Testing
@testable import HalamjHTTP
@testable import HubServer
@testable import LocalNode

/// The socket client push batches go through (`PlainHTTPClient`): against the hub's
/// own server, and against a raw socket that answers in chunks, cuts the answer
/// short, or never answers.
@Suite struct PlainHTTPClientTests {
    let client = PlainHTTPClient(timeout: 2)

    /// A one-shot server on 127.0.0.1 that reads one request head (and its body, by
    /// Content-Length) and writes `answer` as it is, then closes.
    final class RawServer: Sendable {
        let port: UInt16
        let request = Mutex<[UInt8]>([])
        private let listener: Socket

        init(answer: [UInt8], stall: Bool = false) throws {
            listener = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 4)
            port = try listener.localPort()
            Thread.detachNewThread { [self] in serve(answer: answer, stall: stall) }
        }

        private func serve(answer: [UInt8], stall: Bool) {
            guard (try? listener.wait(for: .readable, until: .now + .seconds(5))) == true,
                  let connection = try? listener.accept() else { return }
            defer { connection.close() }
            var buffer: [UInt8] = []
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                if let end = HTTPRequestParser.headTerminator(in: buffer, from: 0, limit: Int.max) {
                    let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if buffer.count >= end + 4 + length { break }
                }
                guard (try? connection.wait(for: .readable, until: deadline)) == true,
                      case .received? = try? connection.receive(appendingTo: &buffer) else { return }
            }
            request.withLock { $0 = buffer }
            if stall { Thread.sleep(forTimeInterval: 4); return }
            try? connection.send(answer, until: .now + .seconds(5))
        }

        var url: URL { URL(string: "http://127.0.0.1:\(port)/v1/sync/push")! }

        deinit { listener.close() }
    }

    @Test func aLargeBody_ArrivesWhole_AndTheAnswerIsRead() async throws {
        let body = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let server = HTTPServer { request in
            HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("Retry-After", "7")],
                         body: Array("\(request.method) \(request.path)?\(request.query["a"] ?? "") \(request.body.count) \(request.body == Array(body)) \(request.headers["Authorization"] ?? "")".utf8))
        }
        let port = try server.start()
        defer { server.stop() }
        let answer = try await client.send(
            "POST", URL(string: "http://127.0.0.1:\(port)/v1/sync/push?a=b")!, headers: [("Authorization", "Bearer t")], body: body)
        #expect(answer.status == 200)
        #expect(answer.headers["retry-after"] == "7")
        #expect(String(decoding: answer.body, as: UTF8.self) == "POST /v1/sync/push?b 3000000 true Bearer t")
    }

    @Test func errorStatuses_AreReturnedWithTheirBody() async throws {
        let server = HTTPServer { _ in throw HTTPError(409, "replica-rewound", "nothing was stored") }
        let port = try server.start()
        defer { server.stop() }
        let answer = try await client.send("POST", URL(string: "http://127.0.0.1:\(port)/v1/sync/push")!, headers: [], body: Data("{}".utf8))
        #expect(answer.status == 409)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("replica-rewound"))
    }

    @Test func aChunkedAnswer_IsPutTogether() async throws {
        let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: 1\r\n\r\n"
        let server = try RawServer(answer: Array(raw.utf8))
        let answer = try await client.send("POST", server.url, headers: [("A", "b")], body: Data("xyz".utf8))
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == "hello world")
        let request = String(decoding: server.request.withLock { $0 }, as: UTF8.self)
        #expect(request.hasPrefix("POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nA: b\r\nContent-Length: 3\r\nConnection: close\r\n\r\nxyz"))
    }

    @Test func anAnswerWithoutLength_RunsToTheEndOfTheConnection() async throws {
        let server = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end".utf8))
        let answer = try await client.send("POST", server.url, headers: [], body: Data())
        #expect(String(decoding: answer.body, as: UTF8.self) == "until the end")
    }

    @Test func anAnswerCutShort_OrNeverGiven_OrNoServer_IsAFailure() async throws {
        let cut = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this".utf8))
        await #expect { try await client.send("POST", cut.url, headers: [], body: Data("x".utf8)) } throws: {
            ($0 as? PlainHTTPClient.Failure)?.description == "connection lost mid-answer"
        }
        let cutChunk = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort".utf8))
        await #expect { try await client.send("POST", cutChunk.url, headers: [], body: Data("x".utf8)) } throws: {
            ($0 as? PlainHTTPClient.Failure)?.description == "connection lost mid-answer"
        }
        let garbage = try RawServer(answer: Array("SSH-2.0-OpenSSH\r\n\r\n".utf8))
        await #expect { try await client.send("POST", garbage.url, headers: [], body: Data("x".utf8)) } throws: {
            ($0 as? PlainHTTPClient.Failure)?.description == "not an HTTP answer"
        }

        let silent = try RawServer(answer: [], stall: true)
        let started = ContinuousClock.now
        await #expect {
            try await PlainHTTPClient(timeout: 0.3).send("POST", silent.url, headers: [], body: Data("x".utf8))
        } throws: { ($0 as? PlainHTTPClient.Failure)?.description == "timed out" }
        #expect(ContinuousClock.now - started < .seconds(3), "a silent hub is given up on after the timeout")

        let closed = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 1)
        let port = try closed.localPort()
        closed.close()
        await #expect(throws: PlainHTTPClient.Failure.self) {
            try await client.send("POST", URL(string: "http://127.0.0.1:\(port)/")!, headers: [], body: Data("x".utf8))
        }
    }

    @Test func aRedirect_IsReturnedAsItIs_AndNeverFollowed() async throws {
        let elsewhere = Mutex(0)
        let target = HTTPServer { _ in
            elsewhere.withLock { $0 += 1 }
            return HTTPResponse(status: 200)
        }
        let targetPort = try target.start()
        defer { target.stop() }
        let location = "http://127.0.0.1:\(targetPort)/v1/sync/push"
        let server = try RawServer(answer: Array("HTTP/1.1 307 Temporary Redirect\r\nLocation: \(location)\r\nContent-Length: 0\r\n\r\n".utf8))
        let answer = try await client.send("POST", server.url, headers: [("Authorization", "Bearer soum-4305.secret")], body: Data("{}".utf8))
        #expect(answer.status == 307)
        #expect(answer.headers["location"] == location)
        #expect(elsewhere.withLock { $0 } == 0, "the token went nowhere else")
    }

    @Test func onlyPlainHTTPHubsAreSpokenTo() {
        #expect(PlainHTTPClient.handles(URL(string: "http://127.0.0.1:8443")!))
        #expect(PlainHTTPClient.handles(URL(string: "HTTP://hub43.example.mn/")!))
        #expect(!PlainHTTPClient.handles(URL(string: "https://hub43.example.mn")!))
    }
}
