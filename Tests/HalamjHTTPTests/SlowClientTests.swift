import Foundation
import Testing
import HalamjTestSupport
@testable import HalamjHTTP

/// Deadlines are on progress: a client on a slow link that keeps sending, or keeps reading,
/// is served however long it takes; one that stops is cut after the window.
@Suite(.serialized) struct SlowClientTests {
    /// Short deadlines so that "longer than the deadline" takes seconds: the head within 1 s,
    /// then at least `minimumBytes` every second each way.
    static func withShortWindows(
        minimumBytes: Int = 64,
        answer: [UInt8]? = nil,
        _ body: (HTTPServer, UInt16) throws -> Void
    ) throws {
        let rule = HTTPProgressRule(minimumBytes: minimumBytes, window: 1, limit: 30)
        let handler: @Sendable (HTTPRequest) throws -> HTTPResponse = { request in
            if let answer { return HTTPResponse(status: 200, body: answer) }
            return try echo(request)
        }
        try withServer({ configuration in
            configuration.headTimeout = 1
            configuration.requestProgress = rule
            configuration.responseProgress = rule
        }, handler: handler, body)
    }

    /// A request whose body comes in `pieces` of `pieceBytes`, one every `interval` seconds.
    static func sendSlowly(_ client: TestHTTPClient, pieces: Int, pieceBytes: Int, every interval: Double) throws {
        try client.send("POST /upload HTTP/1.1\r\nHost: hub\r\nContent-Length: \(pieces * pieceBytes)\r\n\r\n")
        for _ in 0..<pieces {
            Thread.sleep(forTimeInterval: interval)
            try client.send([UInt8](repeating: UInt8(ascii: "a"), count: pieceBytes))
        }
    }

    /// Reads `count` bytes `chunk` at a time, one read every `interval` seconds; what arrived.
    static func readSlowly(_ client: TestHTTPClient, count: Int, chunk: Int, every interval: Double) throws -> Int {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while received.count < count, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: interval)
            guard try client.socket.wait(for: .readable, until: deadline) else { break }
            if try client.socket.receive(appendingTo: &received, maxCount: chunk) == .closed { break }
        }
        return received.count
    }

    /// An answer far larger than the kernel buffers on both sides hold, and a client whose small
    /// receive buffer makes the server wait on its reads.
    static let answerBytes = 8 * 1024 * 1024
    static let smallReceiveBuffer: Int32 = 64 * 1024

    @Test func bodySentSlowlyButSteadily_IsAnswered_AfterLongerThanTheHeadDeadline() throws {
        try Self.withShortWindows { _, port in
            let client = try TestHTTPClient(port: port)
            let start = ContinuousClock.now
            // 14 pieces of 100 bytes every 300 ms: some 4 s, four times the head deadline and the window.
            try Self.sendSlowly(client, pieces: 14, pieceBytes: 100, every: 0.3)
            let response = try #require(try client.readResponse(timeout: .seconds(5)))
            #expect(ContinuousClock.now - start > .seconds(4))
            #expect(response.status == 200)
            #expect(response.text == "POST /upload  " + String(repeating: "a", count: 1400))
        }
    }

    @Test func bodyThatStops_IsAnswered408_AfterTheWindow_AndItsBudgetFreed() throws {
        try Self.withShortWindows { server, port in
            let client = try TestHTTPClient(port: port)
            try client.send("POST /upload HTTP/1.1\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "a", count: 200))
            let start = ContinuousClock.now
            let response = try #require(try client.readResponse(timeout: .seconds(5)))
            let waited = ContinuousClock.now - start
            #expect(response.status == 408)
            #expect(waited > .milliseconds(800) && waited < .seconds(3), "cut after one window (1 s), took \(waited)")
            #expect(try client.isClosedByServer(within: .seconds(3)))
            #expect(eventually { server.bodyBudget.heldBytes == 0 })
        }
    }

    @Test func bodyThatTrickles_BelowTheMinimum_IsCut() throws {
        try Self.withShortWindows { _, port in
            let client = try TestHTTPClient(port: port)
            try client.send("POST /upload HTTP/1.1\r\nContent-Length: 1000\r\n\r\n")
            // 10 bytes every 200 ms is 50 B/s: it keeps coming, but under 64 bytes a second.
            let start = ContinuousClock.now
            while ContinuousClock.now - start < .seconds(3), (try? client.send(String(repeating: "a", count: 10))) != nil {
                Thread.sleep(forTimeInterval: 0.2)
            }
            let response = try #require(try client.readResponse())
            #expect(response.status == 408)
        }
    }

    @Test func answerReadSlowlyButSteadily_ArrivesWhole() throws {
        let answer = [UInt8](repeating: UInt8(ascii: "b"), count: Self.answerBytes)
        try Self.withShortWindows(minimumBytes: 64 * 1024, answer: answer) { _, port in
            let client = try TestHTTPClient(port: port, receiveBufferBytes: Self.smallReceiveBuffer)
            try client.send("GET /large HTTP/1.1\r\n\r\n")
            let start = ContinuousClock.now
            // At most 64 KiB every 20 ms (3.2 MB/s): some 3 s, three windows, for the whole answer.
            let received = try Self.readSlowly(client, count: Self.answerBytes + 100, chunk: 64 * 1024, every: 0.02)
            let took = ContinuousClock.now - start
            #expect(received > Self.answerBytes, "the head and the whole body")
            #expect(took > .seconds(2), "read over more than the window: \(took)")
        }
    }

    @Test func clientThatStopsReading_IsCut_AfterTheWindow_AndItsResourcesFreed() throws {
        let answer = [UInt8](repeating: UInt8(ascii: "b"), count: Self.answerBytes)
        try Self.withShortWindows(answer: answer) { server, port in
            let client = try TestHTTPClient(port: port, receiveBufferBytes: Self.smallReceiveBuffer)
            try client.send("POST /large HTTP/1.1\r\nContent-Length: 500\r\n\r\n" + String(repeating: "a", count: 500))
            #expect(eventually { server.openConnectionCount == 1 })
            let start = ContinuousClock.now
            #expect(eventually(within: .seconds(5)) { server.openConnectionCount == 0 }, "the stalled answer is given up")
            let took = ContinuousClock.now - start
            #expect(took > .milliseconds(500) && took < .seconds(3), "cut after one window (1 s), took \(took)")
            #expect(server.bodyBudget.heldBytes == 0)
        }
    }
}
