import Foundation
import Synchronization
import HalamjHTTP
#if canImport(Glibc)
import Glibc
#endif

/// What a `LinkProxy` does to the bytes it relays, besides counting them.
public struct LinkBehaviour: Sendable {
    /// Each direction's bytes are held this long before they go on: half a round trip.
    public var delayEachWay: Duration
    /// With a delay, a new connection's first bytes also wait for the TCP handshake a real
    /// link would make them wait for (SYN there, SYN-ACK back): the kernel completes the
    /// proxy's own handshake at once, so without this a new connection would be free.
    public var delaysHandshake: Bool
    /// Every connection open at each multiple of this period is cut mid-transfer, both
    /// sides, as by a radio link that drops; nil never cuts.
    public var cutEvery: Duration?

    public init(delayEachWay: Duration = .zero, delaysHandshake: Bool = true, cutEvery: Duration? = nil) {
        self.delayEachWay = delayEachWay
        self.delaysHandshake = delaysHandshake
        self.cutEvery = cutEvery
    }

    /// Relays untouched (and counts).
    public static let plain = LinkBehaviour()

    /// `roundTrip` added to every request and its answer (half each way), and to each new
    /// connection's handshake.
    public static func roundTrip(_ roundTrip: Duration, cutEvery: Duration? = nil) -> LinkBehaviour {
        LinkBehaviour(delayEachWay: roundTrip / 2, cutEvery: cutEvery)
    }
}

/// A TCP relay to one upstream port that plays the far end of a link: it counts the bytes
/// each way (HTTP heads included, TCP/IP headers not), delays them (`LinkBehaviour`) and
/// cuts every connection on a schedule or when told (`cutAll`).
///
/// The listener may be inside a `LinkNamespace` and the upstream connections made from
/// another, so that the slow loopback lies between the clients and the proxy only:
/// a node run inside the namespace reaches a hub outside through it. Two proxies chained
/// through a namespace (out of the caller's namespace into it and out again) put the slow
/// link between a client and a server that are both outside, in this process.
///
/// Blocking sockets, a thread per direction of each connection (two more with a delay);
/// `stop()` cuts everything and waits (bounded) for the threads.
public final class LinkProxy: Sendable {
    public let port: UInt16
    public let behaviour: LinkBehaviour
    private let upstreamPort: UInt16
    private let upstreamNamespace: LinkNamespace?
    private let listener: Socket
    private let state = Mutex(State())
    private let upBytes = Atomic<Int>(0)
    private let downBytes = Atomic<Int>(0)
    private let started = ContinuousClock.now

    private struct State {
        var stopping = false
        var relays: [Int: Relay] = [:]
        var nextID = 0
        var threads = 0
        var accepted = 0
        var cuts = Cuts()
        var ended: [ConnectionRecord] = []
    }

    /// One relayed connection as the link saw it; times in seconds from the proxy's start.
    public struct ConnectionRecord: Sendable {
        public var opened: Double
        public var closed = 0.0
        public var up = 0
        public var down = 0
        public var firstUp: Double?
        public var lastUp: Double?
        public var firstDown: Double?
        public var lastDown: Double?
        public var wasCut = false
        /// The first line the client sent (an HTTP request line), to tell requests apart.
        public var firstLine = ""

        /// `12.3–15.6 s POST /v1/sync/push: 41,233 B up (12.3–14.9), 311 B down (15.5–15.6)`
        public var description: String {
            func span(_ a: Double?, _ b: Double?) -> String {
                guard let a, let b else { return "" }
                return String(format: " (%.1f–%.1f)", a, b)
            }
            return String(format: "%.1f–%.1f s ", opened, closed) + firstLine + ": \(up) B up\(span(firstUp, lastUp)), "
                + "\(down) B down\(span(firstDown, lastDown))" + (wasCut ? ", cut" : "")
        }
    }

    /// What the cuts did so far.
    public struct Cuts: Sendable, Equatable {
        /// Cuts made (scheduled or by `cutAll`).
        public var made = 0
        /// Of those, cuts that found at least one connection open.
        public var hitTraffic = 0
        /// Connections cut, over all cuts.
        public var connections = 0
    }

    /// Bytes from the clients towards upstream (`up`, as read from the clients) and back
    /// (`down`, as handed to them): what crossed between the clients and the proxy.
    public struct Traffic: Sendable, Equatable {
        public var up: Int
        public var down: Int
        public var total: Int { up + down }

        public init(up: Int, down: Int) {
            self.up = up
            self.down = down
        }

        public static func - (a: Traffic, b: Traffic) -> Traffic { Traffic(up: a.up - b.up, down: a.down - b.down) }
    }

    /// Listens on 127.0.0.1 (port 0) in `listeningIn` (this process's namespace when nil) and
    /// relays each connection to 127.0.0.1:`upstreamPort` as seen from `connectingIn`.
    public init(
        upstreamPort: UInt16, listeningIn: LinkNamespace? = nil, connectingIn: LinkNamespace? = nil,
        behaviour: LinkBehaviour = .plain
    ) throws {
        signal(SIGPIPE, SIG_IGN)
        self.upstreamPort = upstreamPort
        upstreamNamespace = connectingIn
        self.behaviour = behaviour
        let listen = { @Sendable in try Socket.listen(host: "127.0.0.1", port: 0, backlog: 64) }
        listener = try listeningIn.map { try $0.onThreadInside(listen) } ?? listen()
        do {
            port = try listener.localPort()
        } catch {
            listener.close()
            throw error
        }
        state.withLock { $0.threads = behaviour.cutEvery == nil ? 1 : 2 }
        Thread.detachNewThread { [self] in acceptLoop() }
        if let period = behaviour.cutEvery {
            Thread.detachNewThread { [self] in cutLoop(every: period) }
        }
    }

    /// The address a client uses (from the namespace the proxy listens in).
    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    public var traffic: Traffic { Traffic(up: upBytes.load(ordering: .relaxed), down: downBytes.load(ordering: .relaxed)) }

    /// Connections accepted so far.
    public var connectionsAccepted: Int { state.withLock { $0.accepted } }

    public var cuts: Cuts { state.withLock { $0.cuts } }

    /// The connections that have ended, in the order they ended.
    public var endedConnections: [ConnectionRecord] { state.withLock { $0.ended } }

    /// Waits (up to `limit`) until every connection accepted so far has ended, as each
    /// does soon after its client has its answer; false if some are still open.
    @discardableResult
    public func waitForConnectionsToEnd(within limit: Duration = .seconds(2)) -> Bool {
        let deadline = ContinuousClock.now + limit
        while state.withLock({ $0.ended.count < $0.accepted }) {
            guard ContinuousClock.now < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }

    private var elapsed: Double { (ContinuousClock.now - started).seconds }

    /// Resets every connection open now, both sides, whatever they were sending; returns
    /// how many there were. New connections are accepted as before.
    @discardableResult
    public func cutAll() -> Int {
        state.withLock { state in
            state.cuts.made += 1
            if !state.relays.isEmpty { state.cuts.hitTraffic += 1 }
            state.cuts.connections += state.relays.count
            for relay in state.relays.values { relay.cut(reset: true) }
            return state.relays.count
        }
    }

    /// Stops listening, closes every connection and waits (up to 10 s) for the threads.
    public func stop() {
        let first = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.stopping = true
            for relay in state.relays.values { relay.cut(reset: false) }
            return true
        }
        guard first else { return }
        listener.shutdown()
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, state.withLock({ $0.threads > 0 }) {
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    deinit { stop() }

    // MARK: - Threads

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func acceptLoop() {
        defer {
            listener.close()
            state.withLock { $0.threads -= 1 }
        }
        while !isStopping {
            do {
                guard try listener.wait(for: .readable, until: .now + .milliseconds(200)) else { continue }
                let client = try listener.accept()
                let admitted = state.withLock { state -> Bool in
                    guard !state.stopping else { return false }
                    state.threads += 1
                    state.accepted += 1
                    return true
                }
                guard admitted else {
                    client.close()
                    return
                }
                let accepted = ContinuousClock.now
                Thread.detachNewThread { [self] in
                    defer { state.withLock { $0.threads -= 1 } }
                    relay(client, acceptedAt: accepted)
                }
            } catch let error as SocketError where [EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED].contains(error.code) {
                continue
            } catch {
                return
            }
        }
    }

    private func cutLoop(every period: Duration) {
        defer { state.withLock { $0.threads -= 1 } }
        var next = ContinuousClock.now + period
        while !isStopping {
            if ContinuousClock.now >= next {
                cutAll()
                next += period
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Dials upstream for one accepted client and relays both ways until both ends close,
    /// a cut, or `stop()`.
    private func relay(_ client: Socket, acceptedAt accepted: ContinuousClock.Instant) {
        let dial = { @Sendable [upstreamPort] in try Socket.connect(host: "127.0.0.1", port: upstreamPort) }
        guard let upstream = try? (upstreamNamespace.map { try $0.onThreadInside(dial) } ?? dial()) else {
            client.close()
            var record = ConnectionRecord(opened: (accepted - started).seconds)
            record.closed = elapsed
            record.firstLine = "(upstream refused the connection)"
            state.withLock { $0.ended.append(record) }
            return
        }
        for socket in [client, upstream] { try? socket.setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1) }
        let delayed = behaviour.delayEachWay > .zero
        let relay = Relay(client: client, upstream: upstream, parts: delayed ? 4 : 2, opened: (accepted - started).seconds)
        let registered = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            relay.id = state.nextID
            state.nextID += 1
            state.relays[relay.id] = relay
            state.threads += relay.parts - 1
            return true
        }
        guard registered else {
            client.close()
            upstream.close()
            state.withLock { $0.ended.append(relay.record.withLock { $0 }) }
            return
        }
        let firstDue = behaviour.delaysHandshake ? accepted + behaviour.delayEachWay * 3 : accepted
        if delayed {
            let upLine = DelayLine(), downLine = DelayLine()
            spawn(relay) { [self] in read(relay, up: true, into: upLine, notBefore: firstDue) }
            spawn(relay) { [self] in write(relay, up: true, from: upLine) }
            spawn(relay) { [self] in write(relay, up: false, from: downLine) }
            read(relay, up: false, into: downLine, notBefore: accepted)
        } else {
            spawn(relay) { [self] in pump(relay, up: true) }
            pump(relay, up: false)
        }
        finish(relay)
    }

    private func spawn(_ relay: Relay, _ work: @escaping @Sendable () -> Void) {
        Thread.detachNewThread { [self] in
            work()
            finish(relay)
            state.withLock { $0.threads -= 1 }
        }
    }

    /// One part of a relay is done; the last one closes both sockets, once no cut can
    /// reach them any more.
    private func finish(_ relay: Relay) {
        guard relay.partsDone.add(1, ordering: .acquiringAndReleasing).newValue == relay.parts else { return }
        var record = relay.record.withLock { $0 }
        record.closed = elapsed
        record.wasCut = relay.isCut
        state.withLock {
            _ = $0.relays.removeValue(forKey: relay.id)
            $0.ended.append(record)
        }
        relay.client.close()
        relay.upstream.close()
    }

    private func count(_ bytes: [UInt8], up: Bool, on relay: Relay) {
        if up { upBytes.add(bytes.count, ordering: .relaxed) } else { downBytes.add(bytes.count, ordering: .relaxed) }
        let now = elapsed
        relay.record.withLock { record in
            if up {
                if record.firstUp == nil {
                    record.firstUp = now
                    let line = bytes.prefix(200).split(separator: 13, maxSplits: 1, omittingEmptySubsequences: false).first ?? []
                    record.firstLine = String(decoding: line, as: UTF8.self)
                }
                record.lastUp = now
                record.up += bytes.count
            } else {
                if record.firstDown == nil { record.firstDown = now }
                record.lastDown = now
                record.down += bytes.count
            }
        }
    }

    /// Reads what arrives next from `source` into `buffer` (emptied first); false at the end.
    private static func receive(_ source: Socket, into buffer: inout [UInt8], relay: Relay) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        while !relay.isCut {
            guard (try? source.wait(for: .readable, until: .now + .seconds(1))) != nil else { return false }
            switch try? source.receive(appendingTo: &buffer) {
            case .received?: return true
            case .wouldBlock?: continue
            case .closed?, nil: return false
            }
        }
        return false
    }

    /// Without a delay: reads and forwards at once.
    private func pump(_ relay: Relay, up: Bool) {
        let (source, target) = up ? (relay.client, relay.upstream) : (relay.upstream, relay.client)
        var buffer: [UInt8] = []
        while Self.receive(source, into: &buffer, relay: relay) {
            count(buffer, up: up, on: relay)
            guard (try? target.send(buffer, until: .now + .seconds(600))) != nil else {
                relay.stopReading(source)
                return
            }
        }
        relay.endWrites(of: target)
    }

    /// With a delay: reads into the line, each chunk due `delayEachWay` after it came (and
    /// not before `notBefore`). Holds at most a megabyte, so a fast sender still feels the
    /// link push back.
    private func read(_ relay: Relay, up: Bool, into line: DelayLine, notBefore: ContinuousClock.Instant) {
        let source = up ? relay.client : relay.upstream
        var buffer: [UInt8] = []
        while Self.receive(source, into: &buffer, relay: relay) {
            if up { count(buffer, up: true, on: relay) }
            line.put(buffer, due: max(ContinuousClock.now + behaviour.delayEachWay, notBefore))
            while line.queuedBytes > 1 << 20, !relay.isCut { Thread.sleep(forTimeInterval: 0.01) }
        }
        line.end()
    }

    /// With a delay: forwards each chunk of the line once it is due.
    private func write(_ relay: Relay, up: Bool, from line: DelayLine) {
        let target = up ? relay.upstream : relay.client
        while let chunk = line.take(while: { !relay.isCut }) {
            while ContinuousClock.now < chunk.due, !relay.isCut {
                Thread.sleep(forTimeInterval: min(0.01, max(0, (ContinuousClock.now.duration(to: chunk.due)).seconds)))
            }
            guard !relay.isCut else { return }
            // Counted as it goes: the peer may have it before `send` returns.
            if !up { count(chunk.bytes, up: false, on: relay) }
            guard (try? target.send(chunk.bytes, until: .now + .seconds(600))) != nil else {
                relay.stopReading(up ? relay.client : relay.upstream)
                return
            }
        }
        if !relay.isCut { relay.endWrites(of: target) }
    }
}

/// One client connection and its upstream connection.
private final class Relay: @unchecked Sendable {
    let client: Socket
    let upstream: Socket
    /// Threads working on it; the last to finish closes the sockets.
    let parts: Int
    let partsDone = Atomic<Int>(0)
    private let wasCut = Atomic<Bool>(false)
    /// Set once, under the proxy's lock, before any other thread sees the relay.
    var id = 0
    let record: Mutex<LinkProxy.ConnectionRecord>

    init(client: Socket, upstream: Socket, parts: Int, opened: Double) {
        self.client = client
        self.upstream = upstream
        self.parts = parts
        record = Mutex(LinkProxy.ConnectionRecord(opened: opened))
    }

    var isCut: Bool { wasCut.load(ordering: .acquiring) }

    /// Ends the connection both ways at once, whatever is on its way; with `reset`, the
    /// close that follows resets it (SO_LINGER 0), as when a link drops mid-transfer. Only
    /// shuts down here: `finish` closes, so no reused descriptor is ever hit.
    func cut(reset: Bool) {
        wasCut.store(true, ordering: .releasing)
        for socket in [client, upstream] {
            if reset {
                var option = linger(l_onoff: 1, l_linger: 0)
                _ = setsockopt(socket.descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
            }
            socket.shutdown()
        }
    }

    /// The source side ended: pass the end on (FIN), the other direction carries on.
    func endWrites(of target: Socket) {
        target.shutdown(.write)
    }

    /// The target of one direction is gone: that direction stops (its reader sees the end),
    /// the other carries on, so an answer already on its way back still arrives.
    func stopReading(_ source: Socket) {
        _ = Glibc.shutdown(source.descriptor, Int32(SHUT_RD))
    }
}

/// Chunks of one direction waiting for their time.
private final class DelayLine: Sendable {
    struct Chunk {
        let bytes: [UInt8]
        let due: ContinuousClock.Instant
    }

    private let state = Mutex<(chunks: [Chunk], queued: Int, ended: Bool)>(([], 0, false))
    private let arrived = DispatchSemaphore(value: 0)

    var queuedBytes: Int { state.withLock { $0.queued } }

    func put(_ bytes: [UInt8], due: ContinuousClock.Instant) {
        state.withLock {
            $0.chunks.append(Chunk(bytes: bytes, due: due))
            $0.queued += bytes.count
        }
        arrived.signal()
    }

    func end() {
        state.withLock { $0.ended = true }
        arrived.signal()
    }

    /// The next chunk, waiting for one while `going` holds; nil once the line has ended
    /// and is empty, or `going` stops holding.
    func take(while going: () -> Bool) -> Chunk? {
        while going() {
            let next = state.withLock { state -> (Chunk?, Bool) in
                guard !state.chunks.isEmpty else { return (nil, state.ended) }
                let chunk = state.chunks.removeFirst()
                state.queued -= chunk.bytes.count
                return (chunk, false)
            }
            if let chunk = next.0 { return chunk }
            if next.1 { return nil }
            _ = arrived.wait(timeout: .now() + 0.2)
        }
        return nil
    }
}

extension Duration {
    /// As a number of seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
