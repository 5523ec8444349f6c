import Foundation
import Testing
import HalamjHTTP
import LinkEmulation
import HalamjTestSupport

/// The emulation itself, briefly: the namespace's loopback really runs at its rate, the
/// proxy really adds its round trip and really cuts.
@Suite struct LinkEmulationTests {
    /// Sends `bytes` from `from` and reads them all at `to`; the seconds it took.
    static func transfer(_ bytes: Int, from sender: Socket, to receiver: Socket) throws -> Double {
        let started = ContinuousClock.now
        let payload = [UInt8](repeating: 0x61, count: bytes)
        Thread.detachNewThread { try? sender.send(payload, until: .now + .seconds(60)) }
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while received.count < bytes, ContinuousClock.now < deadline {
            guard try receiver.wait(for: .readable, until: deadline) else { break }
            if case .closed = try receiver.receive(appendingTo: &received) { break }
        }
        #expect(received.count == bytes)
        return (ContinuousClock.now - started).seconds
    }

    @Test(.enabled(if: LinkNamespace.unavailableReason() == nil, "emulating a slow link needs root and iproute2 (ip netns, tc)"), .timeLimit(.minutes(1)))
    func theNamespacesLoopback_RunsAtTheLinksRate() throws {
        let link = try LinkNamespace(shape: .thirtyTwoKilobits)
        defer { link.remove() }
        let (listener, client) = try link.onThreadInside {
            let listener = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 4)
            return (listener, try Socket.connect(host: "127.0.0.1", port: try listener.localPort()))
        }
        defer { listener.close(); client.close() }
        #expect(try listener.wait(for: .readable, until: .now + .seconds(5)))
        let server = try listener.accept()
        defer { server.close() }

        // 20 KiB at 4,000 B/s: 5.1 s of link time, less the burst tbf lets through at once.
        let bytes = 20 * 1024
        let shape = link.shape
        let seconds = try Self.transfer(bytes, from: client, to: server)
        let counted = try link.shaperCounters()
        #expect(seconds >= shape.seconds(for: bytes - shape.burstBytes) * 0.95, "\(seconds) s")
        #expect(seconds < 15, "\(seconds) s")
        #expect(counted.bytes >= bytes, "tbf counted every byte with its headers: \(counted)")
    }

    @Test(.enabled(if: LinkNamespace.unavailableReason() == nil, "emulating a slow link needs root and iproute2 (ip netns, tc)"), .timeLimit(.minutes(1)))
    func anEmulatedLink_CarriesBothWaysThroughTheNamespace_AfterItsRoundTrip() throws {
        let server = try EchoServer()
        defer { server.stop() }
        let link = try EmulatedLink(to: server.port, shape: .thirtyTwoKilobits, behaviour: .roundTrip(.seconds(1)))
        defer { link.stop() }
        let client = try Socket.connect(host: "127.0.0.1", port: link.entry.port)
        defer { client.close() }
        let before = try link.shaperCounters()
        let seconds = try Self.exchange("ping", over: client)
        let crossed = try link.shaperCounters() - before
        #expect(seconds >= 1.5 && seconds < 4, "handshake and round trip: \(seconds) s")
        #expect(crossed.bytes >= 8 && crossed.packets >= 2, "both ways through tbf: \(crossed)")
    }

    @Test(.timeLimit(.minutes(1)))
    func theProxy_AddsItsRoundTripToEveryExchange_AndTheHandshakesOnANewConnection() throws {
        let server = try EchoServer()
        defer { server.stop() }
        let proxy = try LinkProxy(upstreamPort: server.port, behaviour: .roundTrip(.seconds(1)))
        defer { proxy.stop() }
        let client = try Socket.connect(host: "127.0.0.1", port: proxy.port)
        defer { client.close() }

        let first = try Self.exchange("ping", over: client)
        let second = try Self.exchange("pong", over: client)
        #expect(first >= 1.5 && first < 3, "handshake and exchange: \(first) s")
        #expect(second >= 1.0 && second < 1.5, "one round trip: \(second) s")
        #expect(proxy.traffic == LinkProxy.Traffic(up: 8, down: 8))

        let direct = try Socket.connect(host: "127.0.0.1", port: server.port)
        defer { direct.close() }
        #expect(try Self.exchange("ping", over: direct) < 0.5, "the delay is the proxy's")
    }

    @Test(.timeLimit(.minutes(1)))
    func theProxy_CutsEveryOpenConnectionOnItsSchedule() throws {
        let server = try EchoServer()
        defer { server.stop() }
        let proxy = try LinkProxy(upstreamPort: server.port, behaviour: LinkBehaviour(cutEvery: .seconds(1)))
        defer { proxy.stop() }
        let client = try Socket.connect(host: "127.0.0.1", port: proxy.port)
        defer { client.close() }
        #expect(try Self.exchange("ping", over: client) < 0.5)

        var buffer: [UInt8] = []
        let started = ContinuousClock.now
        #expect(try client.wait(for: .readable, until: .now + .seconds(3)))
        #expect(try client.receive(appendingTo: &buffer) == .closed, "reset by the cut")
        #expect((ContinuousClock.now - started).seconds < 1.5)
        #expect(proxy.cuts.hitTraffic >= 1 && proxy.cuts.connections >= 1, "\(proxy.cuts)")
    }

    @Test(.enabled(if: LinkNamespace.unavailableReason() == nil, "emulating a slow link needs root and iproute2 (ip netns, tc)"))
    func namespacesLeftByAKilledRun_AreRemoved_AndLiveOnesKept() throws {
        // A process that has ended: its pid names the abandoned namespace.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let abandoned = "halamj-test-\(ended.processIdentifier)-1"
        #expect(try Programs.runAbsolute(ip, ["netns", "add", abandoned], in: URL(fileURLWithPath: "/")).status == 0)
        let live = try LinkNamespace(shape: .thirtyTwoKilobits)
        defer { live.remove() }

        let removed = LinkNamespace.removeAbandoned()
        #expect(removed.contains(abandoned))
        #expect(!removed.contains(live.name))
        let list = try Programs.runAbsolute(ip, ["netns", "list"], in: URL(fileURLWithPath: "/")).stdout
        #expect(!list.contains(abandoned + " ") && !list.contains(abandoned + "\n"))
        #expect(list.contains(live.name))
    }

    /// iproute2's `ip`, for what the library does not do itself.
    let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "ip"

    /// Sends `text` and waits for as many bytes back; the seconds it took.
    static func exchange(_ text: String, over socket: Socket) throws -> Double {
        let started = ContinuousClock.now
        try socket.send(Array(text.utf8), until: .now + .seconds(5))
        var answer: [UInt8] = []
        while answer.count < text.utf8.count {
            guard try socket.wait(for: .readable, until: .now + .seconds(10)),
                  case .received = try socket.receive(appendingTo: &answer) else { break }
        }
        #expect(answer == Array(text.utf8))
        return (ContinuousClock.now - started).seconds
    }
}

/// Sends back whatever each connection sends it.
final class EchoServer: Sendable {
    let listener: Socket
    let port: UInt16

    init() throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 8)
        port = try listener.localPort()
        Thread.detachNewThread { [listener] in
            defer { listener.close() }
            while true {
                guard let ready = try? listener.wait(for: .readable, until: .now + .seconds(1)) else { return }
                guard ready else { continue }
                guard let connection = try? listener.accept() else { return }
                Thread.detachNewThread {
                    defer { connection.close() }
                    var buffer: [UInt8] = []
                    while (try? connection.wait(for: .readable, until: .now + .seconds(30))) == true {
                        buffer.removeAll()
                        guard case .received? = try? connection.receive(appendingTo: &buffer),
                              (try? connection.send(buffer, until: .now + .seconds(5))) != nil else { return }
                    }
                }
            }
        }
    }

    /// Wakes the accept loop, which ends and closes the listener.
    func stop() { listener.shutdown() }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
