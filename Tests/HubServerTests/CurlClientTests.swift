import Foundation
import Synchronization
import Testing
import HalamjCompression
import HalamjTestSupport
@testable import HalamjHTTP
@testable import HubServer
@testable import ReplicaStorage
@testable import HubClient

/// The node's one HTTP client (`CurlClient`, libcurl's easy interface): against the hub's
/// own server, and against a raw socket that answers in chunks, trickles, stalls, cuts the
/// answer short, redirects or sends a gzip bomb. Every server is on 127.0.0.1, port 0.
@Suite struct CurlClientTests {
    static func client(_ change: (inout SyncConfiguration) -> Void = { _ in }) -> CurlClient {
        var configuration = SyncConfiguration()
        configuration.requestTimeout = 2
        change(&configuration)
        return CurlClient(configuration: configuration)
    }

    let client = Self.client()

    /// A one-shot server on 127.0.0.1 that reads one request (head, and body by
    /// Content-Length), then lets `answer` write what it likes; it counts the bytes both ways.
    final class RawServer: Sendable {
        /// The accepted connection, for `answer` to write to.
        final class Link: Sendable {
            let socket: Socket
            let server: RawServer

            init(socket: Socket, server: RawServer) {
                self.socket = socket
                self.server = server
            }

            /// Sends `bytes`; false once the client has gone.
            @discardableResult
            func send(_ bytes: [UInt8]) -> Bool {
                // Counted before the write: the client may read the answer and the test
                // look at the count before this thread runs again after the write.
                server.sent.withLock { $0 += bytes.count }
                guard (try? socket.send(bytes, until: .now + .seconds(5))) != nil else {
                    server.sent.withLock { $0 -= bytes.count }
                    return false
                }
                return true
            }

            /// Waits (at most `seconds`) for the client to close its end; whether it did.
            func waitForClose(seconds: Double) -> Bool {
                let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
                var scratch: [UInt8] = []
                while ContinuousClock.now < deadline {
                    guard (try? socket.wait(for: .readable, until: deadline)) == true else { continue }
                    switch try? socket.receive(appendingTo: &scratch) {
                    case .closed?, nil: return true
                    default: scratch.removeAll()
                    }
                }
                return false
            }
        }

        let port: UInt16
        /// Everything the client sent.
        let request = Mutex<[UInt8]>([])
        /// Bytes written to the client.
        let sent = Mutex(0)
        /// When the client closed the connection after the answer began, if it did.
        let clientClosed = Mutex<ContinuousClock.Instant?>(nil)
        private let listener: Socket

        init(answer: @escaping @Sendable (Link) -> Void) throws {
            listener = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 4)
            port = try listener.localPort()
            Thread.detachNewThread { [self] in serve(answer) }
        }

        convenience init(answer bytes: [UInt8]) throws {
            try self.init { $0.send(bytes) }
        }

        private func serve(_ answer: @Sendable (Link) -> Void) {
            guard (try? listener.wait(for: .readable, until: .now + .seconds(10))) == true,
                  let connection = try? listener.accept() else { return }
            defer { connection.close() }
            guard let buffer = readRequest(from: connection) else { return }
            request.withLock { $0 = buffer }
            answer(Link(socket: connection, server: self))
        }

        var url: URL { URL(string: "http://127.0.0.1:\(port)/v1/sync/push")! }
        var requestText: String { String(decoding: request.withLock { $0 }, as: UTF8.self) }

        deinit { listener.close() }
    }

    static func post(_ url: URL, _ body: String, headers: [(name: String, value: String)] = []) -> CurlClient.Request {
        CurlClient.Request(method: "POST", url: url, headers: headers, body: Data(body.utf8))
    }

    static func kind(_ error: any Error) -> TransportFailure.Kind? { (error as? TransportFailure)?.kind }

    // MARK: answers as they should be

    @Test func aLargeBody_ArrivesWhole_WithoutExpect_AndTheAnswerIsRead() async throws {
        let body = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let server = HTTPServer { request in
            let expect = request.headers["Expect"] ?? "none"
            return HTTPResponse(
                status: 200, headers: [("Content-Type", "application/json"), ("Retry-After", "7")],
                body: Array("\(request.method) \(request.path)?\(request.query["a"] ?? "") \(request.body.count) \(request.body == Array(body)) \(request.headers["Authorization"] ?? "") expect=\(expect)".utf8))
        }
        let port = try server.start()
        defer { server.stop() }
        let url = URL(string: "http://127.0.0.1:\(port)/v1/sync/push?a=b")!
        let answer = try await client.send(.init(method: "POST", url: url, headers: [("Authorization", "Bearer t")], body: body))
        #expect(answer.status == 200)
        #expect(answer.headers["retry-after"] == "7")
        #expect(String(decoding: answer.body, as: UTF8.self) == "POST /v1/sync/push?b 3000000 true Bearer t expect=none",
                "no 100-continue round trip before a large body")
    }

    @Test func errorStatuses_AreReturnedWithTheirBody() async throws {
        let server = HTTPServer { _ in throw HTTPError(409, "replica-rewound", "nothing was stored") }
        let port = try server.start()
        defer { server.stop() }
        let answer = try await client.send(Self.post(URL(string: "http://127.0.0.1:\(port)/v1/sync/push")!, "{}"))
        #expect(answer.status == 409)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("replica-rewound"))
    }

    @Test func aChunkedAnswer_IsPutTogether() async throws {
        let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: 1\r\n\r\n"
        let server = try RawServer(answer: Array(raw.utf8))
        let answer = try await client.send(Self.post(server.url, "xyz", headers: [("A", "b")]))
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == "hello world")
        let request = server.requestText
        #expect(request.hasPrefix("POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"), "\(request)")
        #expect(request.contains("\r\nA: b\r\n") && request.contains("\r\nContent-Length: 3\r\n") && request.hasSuffix("\r\n\r\nxyz"))
        #expect(!request.lowercased().contains("expect:") && !request.lowercased().contains("content-type:"), "\(request)")
    }

    @Test func anAnswerWithoutLength_RunsToTheEndOfTheConnection() async throws {
        let server = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end".utf8))
        let answer = try await client.send(CurlClient.Request(method: "GET", url: server.url))
        #expect(String(decoding: answer.body, as: UTF8.self) == "until the end")
        #expect(server.requestText.hasPrefix("GET /v1/sync/push HTTP/1.1\r\n"))
    }

    /// 200 KB at ~20 KB/s: ten seconds, five times the stall window, moving all along.
    @Test func aSlowHonestAnswer_Completes_AndProgressIsReportedAsItGrows() async throws {
        let size = 200_000
        let server = try RawServer { link in
            guard link.send(Array("HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\n\r\n".utf8)) else { return }
            for _ in 0..<(size / 2_000) {
                Thread.sleep(forTimeInterval: 0.1)
                guard link.send([UInt8](repeating: 0x61, count: 2_000)) else { return }
            }
        }
        let seen = Mutex<[WireBytes]>([])
        let started = ContinuousClock.now
        let answer = try await client.send(Self.post(server.url, "{}")) { wire in seen.withLock { $0.append(wire) } }
        #expect(answer.body.count == size)
        #expect(ContinuousClock.now - started > .seconds(8), "trickled as planned")
        let received = seen.withLock { $0.map(\.received) }
        #expect(received.count >= 5, "\(received)")
        #expect(received == received.sorted(), "counts only grow")
        #expect(received.last == answer.wire.received)
    }

    /// Every request goes on a connection of its own (`CurlClient` says why): the client
    /// closes the first once it has its answer, and the next request, body whole, comes on
    /// a new one, even though the server would have kept the first open.
    @Test func eachRequest_GoesOnAConnectionOfItsOwn_WithItsBodyWhole() async throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 4)
        defer { listener.close() }
        let port = try listener.localPort()
        let bodies = Mutex<[Int]>([])
        let firstClosedByClient = Mutex(false)
        let served = Thread {
            /// Reads one request from `connection`; its body's length, nil if none came whole.
            func read(_ connection: Socket) -> Int? {
                guard let request = readRequest(from: connection),
                      let end = HTTPRequestParser.headTerminator(in: request, from: 0, limit: Int.max) else { return nil }
                return request.count - end - 4
            }
            func accept() -> Socket? {
                guard (try? listener.wait(for: .readable, until: .now + .seconds(10))) == true else { return nil }
                return try? listener.accept()
            }
            guard let first = accept() else { return }
            if let length = read(first) {
                bodies.withLock { $0.append(length) }
                try? first.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".utf8), until: .now + .seconds(5))
            }
            // Kept open on this side: the client is the one to close it, at once.
            let waited = ContinuousClock.now
            let another = read(first)
            firstClosedByClient.withLock { $0 = another == nil && ContinuousClock.now - waited < .seconds(5) }
            first.close()
            guard let second = accept() else { return }
            defer { second.close() }
            if let length = read(second) {
                bodies.withLock { $0.append(length) }
                try? second.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8), until: .now + .seconds(5))
            }
        }
        served.start()
        let url = URL(string: "http://127.0.0.1:\(port)/v1/sync/push")!
        _ = try await client.send(Self.post(url, "first"))
        let answer = try await client.send(Self.post(url, String(repeating: "y", count: 100_000)))
        #expect(String(decoding: answer.body, as: UTF8.self) == "ok")
        #expect(bodies.withLock { $0 } == [5, 100_000])
        #expect(firstClosedByClient.withLock { $0 }, "no second request on the first connection")
    }

    // MARK: answers that never come whole

    @Test func aStalledAnswer_TimesOut_WithinTheStallWindow() async throws {
        let server = try RawServer { link in
            link.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nsome".utf8))
            _ = link.waitForClose(seconds: 15)
        }
        let started = ContinuousClock.now
        let request = Self.post(server.url, "{}", headers: [("Authorization", "Bearer soum-4305.secret")])
        await #expect { _ = try await Self.client { $0.requestTimeout = 1 }.send(request) } throws: {
            Self.kind($0) == .timedOut && !"\($0)".contains("\n") && !"\($0)".contains("secret")
        }
        #expect(ContinuousClock.now - started < .seconds(4), "given up after about a second of no progress")
    }

    @Test func aCancelledTask_StopsTheTransferPromptly() async throws {
        let server = try RawServer { link in
            link.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".utf8))
            _ = link.waitForClose(seconds: 15)
        }
        let client = Self.client { $0.requestTimeout = 60 }
        let request = Self.post(server.url, "{}")
        let transfer = Task { try await client.send(request) }
        try await Task.sleep(for: .milliseconds(500))
        let cancelled = ContinuousClock.now
        transfer.cancel()
        await #expect(throws: CancellationError.self) { _ = try await transfer.value }
        #expect(ContinuousClock.now - cancelled < .seconds(2.5), "libcurl looks at the flag about once a second")
    }

    @Test func anAnswerCutShort_OrNotHTTP_OrNoServer_IsAFailureOfItsKind() async throws {
        let cut = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this".utf8))
        await #expect { _ = try await client.send(Self.post(cut.url, "x")) } throws: { Self.kind($0) == .cut }
        let cutChunk = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort".utf8))
        await #expect { _ = try await client.send(Self.post(cutChunk.url, "x")) } throws: { Self.kind($0) == .cut }
        let nothing = try RawServer(answer: [])
        await #expect { _ = try await client.send(Self.post(nothing.url, "x")) } throws: { Self.kind($0) == .cut }
        let garbage = try RawServer(answer: Array("SSH-2.0-OpenSSH\r\n\r\n".utf8))
        await #expect { _ = try await client.send(Self.post(garbage.url, "x")) } throws: { Self.kind($0) == .malformed }
        let strange = try RawServer(answer: Array("HTTP/1.1 999 Whatever\r\nContent-Length: 0\r\n\r\n".utf8))
        await #expect { _ = try await client.send(Self.post(strange.url, "x")) } throws: { Self.kind($0) == .malformed }

        let closed = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 1)
        let port = try closed.localPort()
        closed.close()
        await #expect {
            _ = try await client.send(Self.post(URL(string: "http://127.0.0.1:\(port)/")!, "x"))
        } throws: { Self.kind($0) == .unreachable && !"\($0)".contains("\n") }
        await #expect {
            _ = try await client.send(Self.post(URL(string: "ftp://127.0.0.1:\(port)/")!, "x"))
        } throws: { Self.kind($0) == .malformed }
    }

    // MARK: hostile answers

    @Test func aHugeAnnouncedLength_OrAnEndlessBody_IsRefusedAtTheLimit() async throws {
        let client = Self.client { $0.maximumAnswerBytes = 100_000 }
        let huge = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nContent-Length: 999999999999999\r\n\r\n{}".utf8))
        await #expect { _ = try await client.send(Self.post(huge.url, "x")) } throws: {
            "\($0)" == "answer larger than the limit of 100000 bytes" && Self.kind($0) == .malformed
        }
        let endless = try RawServer(answer: Array("HTTP/1.1 200 OK\r\n\r\n".utf8) + [UInt8](repeating: 0x61, count: 300_000))
        await #expect { _ = try await client.send(Self.post(endless.url, "x")) } throws: {
            "\($0)" == "answer larger than the limit of 100000 bytes"
        }
    }

    /// 100 MB of zeros, gzipped to ~100 KB: inflated only up to the limit.
    @Test func aGzipBomb_IsRefusedAsTooLarge_WithoutBeingInflated() async throws {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 100 << 20))
        #expect(bomb.count < 200_000)
        let server = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n\r\n".utf8) + bomb)
        let client = Self.client { $0.maximumAnswerBytes = 1 << 20 }
        var request = Self.post(server.url, "{}")
        request.asksForGzip = true
        let peak = Mutex(try ResidentMemory.bytes())
        let before = peak.withLock { $0 }
        let sampling = Atomic(true)
        let sampler = Thread {
            while sampling.load(ordering: .relaxed) {
                if let now = try? ResidentMemory.bytes() { peak.withLock { $0 = max($0, now) } }
                Thread.sleep(forTimeInterval: 0.002)
            }
        }
        sampler.start()
        await #expect { _ = try await client.send(request) } throws: {
            "\($0)" == "answer larger than the limit of 1048576 bytes"
        }
        sampling.store(false, ordering: .relaxed)
        #expect(server.requestText.lowercased().contains("\r\naccept-encoding: gzip\r\n"))
        let growth = peak.withLock { $0 } - before
        #expect(growth < 40 << 20, "resident memory grew by \(growth >> 20) MiB")
    }

    @Test func anEncodedAnswerNotAskedFor_IsNeverTakenAsPlain() async throws {
        let packed = Gzip.compress(Array(#"{"hub":"hub-43"}"#.utf8))
        let server = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: \(packed.count)\r\n\r\n".utf8) + packed)
        await #expect { _ = try await client.send(Self.post(server.url, "{}")) } throws: { Self.kind($0) == .malformed }
        #expect(!server.requestText.lowercased().contains("accept-encoding"))
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
        let redirect = Array("HTTP/1.1 307 Temporary Redirect\r\nLocation: \(location)\r\nContent-Length: 0\r\n\r\n".utf8)
        let server = try RawServer(answer: redirect)
        let answer = try await client.send(Self.post(server.url, "{}", headers: [("Authorization", "Bearer soum-4305.secret")]))
        #expect(answer.status == 307)
        #expect(answer.headers["location"] == location)

        // Through `HubConnection`: the user is told the hub moved, and the token went nowhere else.
        let again = try RawServer(answer: redirect)
        var configuration = SyncConfiguration()
        configuration.maxAttempts = 1
        let connection = HubConnection(upstream: Upstream(url: again.url, token: "soum-4305.secret"), configuration: configuration)
        await #expect(throws: SyncError.redirected(location: location)) {
            _ = try await connection.send(method: "POST", path: "/v1/sync/push", body: Data("{}".utf8))
        }
        #expect(elsewhere.withLock { $0 } == 0, "the token went nowhere else")
    }

    // MARK: what is measured and where requests go

    /// A small body and a large one (libcurl sends them differently), an answer plain and
    /// one gzip-compressed (counted as it came, compressed).
    @Test(arguments: [(2_000, false), (2_000, true), (120_000, false), (120_000, true)])
    func wireByteCounts_AreWhatTheServerSaw(bodyBytes: Int, gzip: Bool) async throws {
        let plain = Array(String(repeating: #"{"record":"Иргэн"},"#, count: 3_000).utf8)
        let body = gzip ? Gzip.compress(plain) : plain
        let head = "HTTP/1.1 200 OK\r\n\(gzip ? "Content-Encoding: gzip\r\n" : "")Content-Length: \(body.count)\r\n\r\n"
        let server = try RawServer(answer: Array(head.utf8) + body)
        var request = Self.post(server.url, String(repeating: "x", count: bodyBytes), headers: [("Authorization", "Bearer t")])
        request.asksForGzip = gzip
        let answer = try await client.send(request)
        #expect(answer.body == Data(plain))
        let sent = server.request.withLock { $0.count }
        let received = server.sent.withLock { $0 }
        #expect(abs(answer.wire.sent - sent) <= sent / 50, "sent \(answer.wire.sent), the server read \(sent)")
        #expect(abs(answer.wire.received - received) <= received / 50, "received \(answer.wire.received), the server wrote \(received)")
    }

    @Test func aConfiguredProxy_CarriesTheRequest() async throws {
        let proxy = try RawServer(answer: Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".utf8))
        let client = Self.client { $0.proxy = "http://127.0.0.1:\(proxy.port)" }
        let answer = try await client.send(CurlClient.Request(method: "GET", url: URL(string: "http://hub43.example.invalid/v1/sync/pull?since=0")!))
        #expect(answer.status == 200)
        #expect(proxy.requestText.hasPrefix("GET http://hub43.example.invalid/v1/sync/pull?since=0 HTTP/1.1\r\n"), "\(proxy.requestText)")
    }
}

/// Reads one request (head and `Content-Length` body) from `connection` within 10 s;
/// its bytes, nil if none came whole.
private func readRequest(from connection: Socket) -> [UInt8]? {
    var buffer: [UInt8] = []
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if let end = HTTPRequestParser.headTerminator(in: buffer, from: 0, limit: Int.max) {
            let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if buffer.count >= end + 4 + length { return buffer }
        }
        guard (try? connection.wait(for: .readable, until: deadline)) == true,
              case .received? = try? connection.receive(appendingTo: &buffer) else { return nil }
    }
    return nil
}
