import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server over blocking POSIX sockets: one accept thread, one thread per connection,
/// so a slow client only ever holds its own thread, and every wait is bounded by a timeout.
public final class HTTPServer: Sendable {
    /// Runs on a request's parsed head, before any byte of its body is read and before
    /// `100 Continue` is sent. Throwing refuses the request there: the error is answered and the
    /// connection closed with the body unread, so a caller without a credential costs no memory.
    /// Returns who sends the body (an office), whose bodies together hold at most
    /// `HTTPServerConfiguration.bodyShareBytes` of the body budget, or nil.
    public typealias HeadCheck = @Sendable (HTTPRequestHead) throws -> String?

    public let configuration: HTTPServerConfiguration
    /// What the connections hold for request bodies together; exposed for tests and metrics.
    public let bodyBudget: HTTPBodyBudget
    private let headCheck: HeadCheck?
    private let handler: @Sendable (HTTPRequest) throws -> HTTPResponse
    private let state = Mutex(State())

    private enum Phase { case initial, running, stopping, stopped }

    private struct ConnectionSlot {
        let socket: Socket
        /// A request is being handled or answered; `stop()` lets it finish instead of cutting it.
        var busy = false
        /// Shut down to make room; no longer counted against the cap while its thread winds up.
        var evicted = false
    }

    /// Sockets stay registered until their owner has unregistered them, and the owner closes only
    /// after that; so a `shutdown` issued under the lock never hits a reused descriptor.
    private struct State {
        var phase = Phase.initial
        var listener: Socket?
        var boundPort: UInt16 = 0
        var acceptLoopRunning = false
        var connections: [Int: ConnectionSlot] = [:]
        var nextConnectionID = 0
    }

    /// How often the accept loop wakes to notice `stop()` should the listener's shutdown not wake it.
    static let acceptPollInterval: Duration = .milliseconds(250)

    /// Answers after which the connection is closed rather than kept alive: a caller that failed
    /// to authenticate gets no open connection to try its next guess on.
    static let closingStatuses: Set<Int> = [401, 403]

    public init(
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        headCheck: HeadCheck? = nil,
        handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse
    ) {
        self.configuration = configuration
        bodyBudget = HTTPBodyBudget(capacity: configuration.bodyBudgetBytes, share: configuration.bodyShareBytes)
        self.headCheck = headCheck
        self.handler = handler
    }

    /// Binds, listens and starts serving on background threads; returns the bound port.
    /// A server starts once; a stopped server is not restarted.
    @discardableResult
    public func start() throws -> UInt16 {
        // A peer closing mid-write must fail that write with EPIPE, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        LargeBufferMemory.returnLargeBuffersToTheSystem()
        let listener = try Socket.listen(host: configuration.host, port: configuration.port, backlog: HTTPServerConfiguration.listenBacklog)
        let port: UInt16
        do {
            port = try listener.localPort()
        } catch {
            listener.close()
            throw error
        }
        let started = state.withLock { state in
            guard state.phase == .initial else { return false }
            state.phase = .running
            state.listener = listener
            state.boundPort = port
            state.acceptLoopRunning = true
            return true
        }
        guard started else {
            listener.close()
            throw SocketError(operation: "start", code: EALREADY)
        }
        Thread.detachNewThread { [self] in acceptLoop(listener) }
        return port
    }

    public var boundPort: UInt16 { state.withLock { $0.boundPort } }

    /// Connections currently open, including ones waiting idle for their next request.
    public var openConnectionCount: Int { state.withLock { $0.connections.count } }

    var isRunning: Bool { state.withLock { $0.phase == .running } }

    /// Closes the listener and idle connections, then waits up to `stopTimeout` for in-flight
    /// requests to be answered before cutting whatever is left.
    public func stop() {
        let wasRunning = state.withLock { state in
            guard state.phase == .running else {
                if state.phase == .initial { state.phase = .stopped }
                return false
            }
            state.phase = .stopping
            state.listener?.shutdown()
            for slot in state.connections.values where !slot.busy {
                slot.socket.shutdown()
            }
            return true
        }
        guard wasRunning else { return }
        let deadline = ContinuousClock.now + .seconds(configuration.stopTimeout)
        while ContinuousClock.now < deadline {
            if state.withLock({ !$0.acceptLoopRunning && $0.connections.isEmpty }) { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        state.withLock { state in
            state.phase = .stopped
            for slot in state.connections.values {
                slot.socket.shutdown()
            }
        }
    }

    private func acceptLoop(_ listener: Socket) {
        defer {
            state.withLock { state in
                state.listener = nil
                state.acceptLoopRunning = false
            }
            listener.close()
        }
        while isRunning {
            do {
                guard try listener.wait(for: .readable, until: .now + Self.acceptPollInterval) else { continue }
                admit(try listener.accept())
            } catch let error as SocketError {
                switch error.code {
                case EINTR, EAGAIN, EWOULDBLOCK, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: back off instead of spinning until some are freed.
                    configuration.logger.error("accept failed; backing off", [("cause", "\(error)")])
                    Thread.sleep(forTimeInterval: 0.05)
                default:
                    if isRunning { configuration.logger.error("accept loop ends: no new connections are taken", [("cause", "\(error)")]) }
                    return
                }
            } catch {
                return
            }
        }
    }

    private func admit(_ client: Socket) {
        let id: Int? = state.withLock { state in
            guard state.phase == .running else { return nil }
            let open = state.connections.filter { !$0.value.evicted }
            if open.count >= configuration.maxConnections {
                // Full: make room by cutting the oldest connection that is not in the middle
                // of a request (idle keep-alive, or a slow client still sending its head), so
                // a flood of slow connections cannot lock honest clients out.
                guard let oldest = open.filter({ !$0.value.busy }).keys.min() else { return nil }
                state.connections[oldest]?.evicted = true
                state.connections[oldest]?.socket.shutdown()
            }
            let id = state.nextConnectionID
            state.nextConnectionID += 1
            state.connections[id] = ConnectionSlot(socket: client)
            return id
        }
        guard let id else {
            configuration.logger.warning("connection refused: at the connection cap", [("status", "503"), ("cap", "\(configuration.maxConnections)")])
            reject(client)
            return
        }
        Thread.detachNewThread { [self] in
            Connection(socket: client, id: id, server: self).run()
        }
    }

    /// Answers on the accept thread, so every wait here is short: the 503 fits an empty send buffer.
    private func reject(_ client: Socket) {
        let response = HTTPError.serviceUnavailable.response.serialized(keepAlive: false)
        try? client.send(response, until: .now + .milliseconds(100))
        client.shutdown(.write)
        // Reading what already arrived makes the close a FIN rather than a RST that could discard the 503.
        var discarded: [UInt8] = []
        _ = try? client.receive(appendingTo: &discarded)
        client.close()
    }

    // MARK: - Called by connections

    /// Runs the head check; returns the sender it named, if any.
    func check(_ head: HTTPRequestHead) throws(HTTPError) -> String? {
        guard let headCheck else { return nil }
        return try callingApplication { try headCheck(head) }
    }

    /// The handler's answer, and the error it threw, if any, for the log.
    func respond(to request: HTTPRequest) -> (HTTPResponse, failure: HTTPError?) {
        do {
            return (try callingApplication { try handler(request) }, nil)
        } catch {
            return (error.response, error)
        }
    }

    /// Runs the application's code: its HTTPError passes through, any other error becomes a 500 carrying its cause.
    private func callingApplication<T>(_ work: () throws -> T) throws(HTTPError) -> T {
        do {
            return try work()
        } catch let error as HTTPError {
            throw error
        } catch {
            var failure = HTTPError.internalError
            failure.cause = String(describing: error)
            throw failure
        }
    }

    /// One line for an answered request: method, route, status, who asked (the application's
    /// notes, then the client's address and the trusted proxy that named it), body bytes in and out, milliseconds from its first byte to its answer sent.
    /// Error level when the server failed (with the cause), warning for other 5xx, else info.
    func logAnswer(
        to head: HTTPRequestHead?, from peer: String, status: Int, notes: RequestNotes?, bytesIn: Int, bytesOut: Int,
        startedAt start: ContinuousClock.Instant, code: String?, cause: String?
    ) {
        let cause = cause ?? notes?.cause
        let level: LogLevel = cause != nil || status == 500 ? .error : status >= 500 ? .warning : .info
        let logger = configuration.logger
        guard logger.isEnabled(level) else { return }
        let elapsed = ContinuousClock.now - start
        let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var fields: [(String, String)] = [
            ("method", head.map { String($0.method.prefix(16)) } ?? "-"),
            ("route", head.map { String(configuration.routePattern($0.path).prefix(Self.loggedRouteLength)) } ?? "-"),
            ("status", "\(status)"),
        ]
        fields += notes?.fields ?? []
        // A request refused before its head was read is its peer's.
        fields.append(("client", head?.clientAddress ?? peer))
        if let proxy = head?.proxyAddress { fields.append(("proxy", proxy)) }
        fields += [("in", "\(bytesIn)"), ("out", "\(bytesOut)"), ("ms", String(format: "%.1f", millis))]
        if let code, status >= 400 { fields.append(("error", code)) }
        if level == .error { fields.append(("cause", cause ?? "unknown")) }
        logger.log(level, "request", fields)
    }

    /// A route longer than this is cut in the log (paths come from the network).
    static let loggedRouteLength = 200

    /// Marks a fully received request as in flight; false when the server is stopping and it should be dropped.
    func beginHandling(_ id: Int) -> Bool {
        state.withLock { state in
            guard state.phase == .running else { return false }
            state.connections[id]?.busy = true
            return true
        }
    }

    /// Marks the request answered; false when the connection must not wait for another.
    func endHandling(_ id: Int) -> Bool {
        state.withLock { state in
            state.connections[id]?.busy = false
            return state.phase == .running
        }
    }

    func unregister(_ id: Int) {
        _ = state.withLock { $0.connections.removeValue(forKey: id) }
    }
}
