import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
@testable import HubServer
import HalamjTestSupport
import HalamjHTTP

/// What the proxy does to one HTTP exchange (one request and its answer).
enum Fault: String, CaseIterable, Sendable, Comparable {
    /// Forwarded both ways untouched.
    case pass
    /// Forwarded after a short pause (well under the client's timeout), on the way in
    /// or on the way back.
    case delay
    /// The client's connection is closed once its request has arrived; the hub never
    /// sees it.
    case drop
    /// The head and only part of the body reach the hub, then both sides are closed.
    case truncateRequest
    /// The hub answers in full, the client gets the head and part of the body, then
    /// both sides are closed: the hub has stored what the client thinks was lost.
    case truncateResponse
    /// The client's connection is reset (SO_LINGER 0: RST, not FIN): before the
    /// request is forwarded, or after the hub has answered it.
    case reset
    /// Nothing is forwarded and the connection is held open past the client's timeout.
    case stallRequest
    /// The request is forwarded and answered; the answer (or its first part only) is
    /// held back past the client's timeout.
    case stallResponse

    static func < (a: Fault, b: Fault) -> Bool { a.rawValue < b.rawValue }
}

/// Which fault hits which exchange: a pure function of the seed and the exchange's
/// number (in the order requests arrive), so a run can be replayed with the same
/// seed. Exchanges made one at a time meet the same faults again; where the test
/// syncs offices at once, arrival order, and so the pairing, may differ.
struct FaultSchedule: Sendable {
    let seed: UInt64
    /// Relative weights; `pass` takes what is left of 100.
    var weights: [Fault: Int] = [
        .delay: 8, .drop: 7, .truncateRequest: 7, .truncateResponse: 7,
        .reset: 7, .stallRequest: 2, .stallResponse: 2,
    ]

    /// The fault of exchange `index` and a number to pick its details from.
    func fault(forExchange index: UInt64) -> (Fault, UInt64) {
        var random = SplitMix64(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
        var roll = Int(random.next() % 100)
        for fault in Fault.allCases where fault != .pass {
            let weight = weights[fault] ?? 0
            if roll < weight { return (fault, random.next()) }
            roll -= weight
        }
        return (.pass, random.next())
    }
}

/// A TCP proxy on 127.0.0.1 (port 0) between nodes and a hub that breaks exchanges by
/// a seeded schedule. HTTP-aware just enough to cut a body in the middle: it reads
/// one whole request (head and `Content-Length` body) from the client, acts, and for
/// forwarded requests reads the whole answer from the hub on a fresh upstream
/// connection. Blocking POSIX sockets (HubServer's `Socket`), one thread per client
/// connection; every wait is bounded, and `stop()` wakes and joins them all.
final class FaultProxy: Sendable {
    let upstreamPort: UInt16
    let schedule: FaultSchedule
    /// How long a stall holds a connection at most (the client gives up sooner).
    let stallLimit: Duration
    /// Longest pause of a `delay`.
    let maximumDelayMillis: Int
    private let state = Mutex(State())
    private let listener: Socket
    let port: UInt16

    private struct State {
        var stopping = false
        var healed = false
        var exchanges: UInt64 = 0
        var counts: [Fault: Int] = [:]
        /// Requests the proxy could not frame (chunked bodies): closed, and counted.
        var unframed = 0
        /// Sockets owned by handler threads, so that `stop()` can wake them; an owner
        /// unregisters before it closes, so a shutdown never hits a reused descriptor.
        var sockets: [Int: Socket] = [:]
        var nextSocketID = 0
        var threads = 0
    }

    init(upstreamPort: UInt16, schedule: FaultSchedule, stallLimit: Duration = .seconds(4), maximumDelayMillis: Int = 250) throws {
        signal(SIGPIPE, SIG_IGN)
        self.upstreamPort = upstreamPort
        self.schedule = schedule
        self.stallLimit = stallLimit
        self.maximumDelayMillis = maximumDelayMillis
        listener = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 64)
        do {
            port = try listener.localPort()
        } catch {
            listener.close()
            throw error
        }
        state.withLock { $0.threads = 1 }
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// From now on every exchange passes untouched: the link is healed.
    func heal() { state.withLock { $0.healed = true } }

    /// How often each fault was applied so far, and how many exchanges there were.
    var statistics: (exchanges: UInt64, counts: [Fault: Int], unframed: Int) {
        state.withLock { ($0.exchanges, $0.counts, $0.unframed) }
    }

    /// Closes the listener and every connection, and waits (bounded) for the threads.
    func stop() {
        let first = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.stopping = true
            for socket in state.sockets.values { socket.shutdown() }
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
                let admitted = state.withLock { state -> Int? in
                    guard !state.stopping else { return nil }
                    state.threads += 1
                    return register(client, in: &state)
                }
                guard let id = admitted else {
                    client.close()
                    return
                }
                Thread.detachNewThread { [self] in
                    defer { state.withLock { $0.threads -= 1 } }
                    serve(client, id: id)
                }
            } catch let error as SocketError where [EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED].contains(error.code) {
                continue
            } catch {
                return
            }
        }
    }

    private func register(_ socket: Socket, in state: inout State) -> Int {
        let id = state.nextSocketID
        state.nextSocketID += 1
        state.sockets[id] = socket
        return id
    }

    /// Registers a socket the handler just made; nil (and closed) when stopping.
    private func register(_ socket: Socket) -> Int? {
        let id = state.withLock { state -> Int? in
            guard !state.stopping else { return nil }
            return register(socket, in: &state)
        }
        if id == nil { socket.close() }
        return id
    }

    private func release(_ socket: Socket, id: Int, reset: Bool = false) {
        _ = state.withLock { $0.sockets.removeValue(forKey: id) }
        if reset {
            var option = linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(socket.descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        }
        socket.close()
    }

    /// Serves one client connection: one exchange after another until either side
    /// closes, a fault ends it, or the proxy stops.
    private func serve(_ client: Socket, id clientID: Int) {
        var resetClient = false
        defer { release(client, id: clientID, reset: resetClient) }
        var buffer: [UInt8] = []
        while !isStopping {
            // A kept-alive client may come back for its next request much later.
            guard let request = try? HTTPMessage.read(from: client, buffer: &buffer, idle: .seconds(60), within: .seconds(10)) else { return }
            let (fault, detail) = nextFault(framed: request.framed)
            // A body the proxy cannot frame (chunked) is counted, and the test fails on it.
            guard request.framed else { return }
            switch fault {
            case .drop:
                return
            case .reset where detail % 2 == 0:
                resetClient = true
                return
            case .stallRequest:
                hold(client)
                return
            case .delay where detail % 2 == 0:
                pause(detail)
            default:
                break
            }
            guard let upstream = try? Socket.connect(host: "127.0.0.1", port: upstreamPort) else { return }
            guard let upstreamID = register(upstream) else { return }
            defer { release(upstream, id: upstreamID) }
            let deadline = ContinuousClock.now + .seconds(30)
            if fault == .truncateRequest {
                // Mid-body when there is a body, else somewhere in the head.
                let bytes = request.bytes
                let start = request.body.isEmpty ? 1 : request.head.count
                let cut = start + Int(detail % UInt64(max(1, bytes.count - start)))
                try? upstream.send(Array(bytes[..<cut]), until: deadline)
                // Give the hub the time to read what it got before it sees the close.
                Thread.sleep(forTimeInterval: 0.02)
                return
            }
            do {
                try upstream.send(request.bytes, until: deadline)
            } catch {
                return
            }
            var upstreamBuffer: [UInt8] = []
            var answer: HTTPMessage?
            repeat {
                guard let message = try? HTTPMessage.read(from: upstream, buffer: &upstreamBuffer, idle: .seconds(30), within: .seconds(30)),
                      message.framed else { return }
                if message.isInformational {
                    // 100 Continue: not the answer; pass it on and read on.
                    guard (try? client.send(message.bytes, until: deadline)) != nil else { return }
                } else {
                    answer = message
                }
            } while answer == nil
            guard let answer else { return }
            switch fault {
            case .truncateResponse:
                let cut = answer.head.count + Int(detail % UInt64(max(1, answer.body.count)))
                try? client.send(Array(answer.bytes[..<cut]), until: deadline)
                return
            case .reset:
                resetClient = true
                return
            case .stallResponse:
                if detail % 2 == 0 {
                    let cut = answer.head.count + Int(detail % UInt64(max(1, answer.body.count)))
                    try? client.send(Array(answer.bytes[..<cut]), until: deadline)
                }
                hold(client)
                return
            case .delay where detail % 2 == 1:
                pause(detail)
            default:
                break
            }
            guard (try? client.send(answer.bytes, until: deadline)) != nil, answer.keepAlive, request.keepAlive else { return }
        }
    }

    private func nextFault(framed: Bool) -> (Fault, UInt64) {
        state.withLock { state in
            let index = state.exchanges
            state.exchanges += 1
            var (fault, detail) = schedule.fault(forExchange: index)
            if state.healed { fault = .pass }
            if !framed {
                state.unframed += 1
                fault = .pass
            }
            state.counts[fault, default: 0] += 1
            return (fault, detail)
        }
    }

    private func pause(_ detail: UInt64) {
        let millis = 10 + Int((detail >> 8) % UInt64(max(1, maximumDelayMillis - 10)))
        Thread.sleep(forTimeInterval: Double(millis) / 1000)
    }

    /// Keeps the client's connection open, reading nothing more, until the client
    /// gives up and closes it, the stall limit passes, or the proxy stops.
    private func hold(_ client: Socket) {
        let deadline = ContinuousClock.now + stallLimit
        var discarded: [UInt8] = []
        while !isStopping, ContinuousClock.now < deadline {
            guard (try? client.wait(for: .readable, until: min(deadline, .now + .milliseconds(200)))) == true else { continue }
            discarded.removeAll(keepingCapacity: true)
            switch try? client.receive(appendingTo: &discarded) {
            case .received?, .wouldBlock?: continue
            case .closed?, nil: return
            }
        }
    }
}

/// One HTTP/1.1 message as it came off the wire: head (with the blank line) and body.
struct HTTPMessage {
    let head: [UInt8]
    let body: [UInt8]
    let statusCode: Int?
    let keepAlive: Bool
    /// False when the body's end could not be known (chunked): then `body` is empty
    /// and the message is not one the proxy can cut.
    let framed: Bool

    var bytes: [UInt8] { head + body }
    var isInformational: Bool { statusCode.map { (100..<200).contains($0) } ?? false }

    enum ReadError: Error { case timedOut, closedMidMessage, headTooLarge, malformed }

    private static let terminator: [UInt8] = Array("\r\n\r\n".utf8)

    /// Reads one whole message from `socket`, starting with what `buffer` already
    /// holds; what follows it stays in `buffer`. Nil when the peer closed cleanly
    /// before a first byte. Waits at most `idle` for a first byte, then `within` for
    /// the rest.
    static func read(from socket: Socket, buffer: inout [UInt8], idle: Duration, within: Duration) throws -> HTTPMessage? {
        var deadline = ContinuousClock.now + (buffer.isEmpty ? idle : within)
        var headEnd: Int?
        while headEnd == nil {
            if let range = find(terminator, in: buffer) {
                headEnd = range
                break
            }
            guard buffer.count < 64 * 1024 else { throw ReadError.headTooLarge }
            let wasEmpty = buffer.isEmpty
            guard try receive(from: socket, into: &buffer, until: deadline) else {
                if wasEmpty { return nil }
                throw ReadError.closedMidMessage
            }
            if wasEmpty { deadline = ContinuousClock.now + within }
        }
        let headLength = headEnd! + terminator.count
        let head = Array(buffer[..<headLength])
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let startLine = lines.first ?? ""
        let statusCode = startLine.hasPrefix("HTTP/") ? Int(startLine.split(separator: " ").dropFirst().first ?? "") : nil
        let connection = headers["connection"]?.lowercased()
        let keepAlive = startLine.contains("HTTP/1.0") ? connection == "keep-alive" : connection != "close"
        if headers["transfer-encoding"] != nil {
            buffer.removeFirst(headLength)
            return HTTPMessage(head: head, body: [], statusCode: statusCode, keepAlive: false, framed: false)
        }
        let noBody = statusCode.map { (100..<200).contains($0) || $0 == 204 || $0 == 304 } ?? false
        let length: Int
        if noBody {
            length = 0
        } else if let text = headers["content-length"] {
            guard let value = Int(text), value >= 0 else { throw ReadError.malformed }
            length = value
        } else if statusCode != nil {
            // An answer without a length runs until the connection closes.
            while try receive(from: socket, into: &buffer, until: deadline) {}
            let body = Array(buffer[headLength...])
            buffer.removeAll()
            return HTTPMessage(head: head, body: body, statusCode: statusCode, keepAlive: false, framed: true)
        } else {
            length = 0
        }
        while buffer.count < headLength + length {
            guard try receive(from: socket, into: &buffer, until: deadline) else { throw ReadError.closedMidMessage }
        }
        let body = Array(buffer[headLength..<(headLength + length)])
        buffer.removeFirst(headLength + length)
        return HTTPMessage(head: head, body: body, statusCode: statusCode, keepAlive: keepAlive, framed: true)
    }

    /// One read; false when the peer closed. Throws at the deadline.
    private static func receive(from socket: Socket, into buffer: inout [UInt8], until deadline: ContinuousClock.Instant) throws -> Bool {
        while true {
            guard try socket.wait(for: .readable, until: deadline) else { throw ReadError.timedOut }
            switch try socket.receive(appendingTo: &buffer) {
            case .received: return true
            case .closed: return false
            case .wouldBlock: continue
            }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
