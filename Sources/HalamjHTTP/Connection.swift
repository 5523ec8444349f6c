/// Serves the requests of one accepted socket, on the one thread that calls `run()`.
final class Connection {
    private let socket: Socket
    private let id: Int
    private let server: HTTPServer
    private let configuration: HTTPServerConfiguration
    /// Received bytes not yet consumed; after a request it holds any pipelined successor.
    private var buffer: [UInt8] = []
    /// What the current request holds of the server's body budget, given back when it is done.
    private var heldBodyBytes = 0
    /// Whom the head check named as the current request's sender, if anyone.
    private var bodySender: String?
    /// The current request's head once parsed, for its log line.
    private var head: HTTPRequestHead?
    /// The other end of the connection ("-" if it vanished before it was asked).
    private let peer: String

    /// How long, and for how many bytes, a closing connection keeps reading what the client still sends,
    /// so that the kernel closes with a FIN and the client gets to read our last response.
    static let lingerTimeout: Duration = .seconds(1)
    static let lingerByteLimit = 1024 * 1024

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private enum ReadFailure: Error { case timedOut, closed }

    init(socket: Socket, id: Int, server: HTTPServer) {
        self.socket = socket
        self.id = id
        self.server = server
        self.configuration = server.configuration
        peer = socket.peerAddress() ?? "-"
    }

    func run() {
        defer {
            server.unregister(id)
            socket.close()
        }
        while awaitRequest() {
            // Whichever way the request ends (answered, refused, timed out, cut), its body bytes go back.
            defer { releaseBody() }
            let start = ContinuousClock.now
            guard let (response, keepAlive, request, failure) = handleNextRequest(startedAt: start) else { return }
            // The request and its body ended with `handleNextRequest`: free their share of the budget
            // before answering, so that a client that has read this answer finds it free.
            releaseBody()
            let reuse = keepAlive && server.isRunning && !HTTPServer.closingStatuses.contains(response.status)
            let sent = write(response.serialized(keepAlive: reuse))
            server.logAnswer(
                to: head, from: peer, status: response.status, notes: request.notes, bytesIn: request.body.count,
                bytesOut: response.body.count, startedAt: start, code: failure?.code, cause: failure?.cause)
            let running = server.endHandling(id)
            guard sent else { return }
            guard reuse, running else {
                lingeringClose()
                return
            }
        }
    }

    /// Reads the next request and has it handled; nil when the connection is to end, any error
    /// already answered. The request, body included, is dropped on return.
    private func handleNextRequest(
        startedAt start: ContinuousClock.Instant
    ) -> (HTTPResponse, keepAlive: Bool, HTTPRequest, failure: HTTPError?)? {
        let request: HTTPRequest
        let keepAlive: Bool
        head = nil
        do {
            (request, keepAlive) = try readRequest(startedAt: start)
        } catch let error as HTTPError {
            finish(with: error, startedAt: start)
            return nil
        } catch ReadFailure.timedOut {
            finish(with: .requestTimeout, startedAt: start)
            return nil
        } catch {
            if let head {
                server.configuration.logger.debug("request cut by the client", [
                    ("method", String(head.method.prefix(16))),
                    ("route", String(configuration.routePattern(head.path).prefix(HTTPServer.loggedRouteLength))),
                ])
            }
            return nil
        }
        guard server.beginHandling(id) else { return nil }
        let (response, failure) = server.respond(to: request)
        return (response, keepAlive, request, failure)
    }

    /// Answers a request that cannot be continued, logs it, and closes.
    private func finish(with error: HTTPError, startedAt start: ContinuousClock.Instant) {
        let response = error.response
        finish(with: response)
        server.logAnswer(
            to: head, from: peer, status: error.status, notes: nil, bytesIn: 0, bytesOut: response.body.count,
            startedAt: start, code: error.code, cause: error.cause)
    }

    /// Waits up to the idle timeout for the first byte of the next request; false means close quietly.
    private func awaitRequest() -> Bool {
        if !buffer.isEmpty { return true }
        let deadline = ContinuousClock.now + .seconds(configuration.idleTimeout)
        do {
            while try socket.wait(for: .readable, until: deadline) {
                switch try socket.receive(appendingTo: &buffer) {
                case .received: return true
                case .closed: return false
                case .wouldBlock: continue
                }
            }
        } catch {}
        return false
    }

    /// The head must arrive within the head timeout; the body only has to keep moving.
    private func readRequest(startedAt start: ContinuousClock.Instant) throws -> (HTTPRequest, keepAlive: Bool) {
        let limits = configuration.limits
        var headProgress = TransferProgress(until: start + .seconds(configuration.headTimeout))
        var scannedCount = 0
        while true {
            // Parse only once a blank line may have arrived, so a client trickling bytes costs no rescans.
            let terminatorSeen = HTTPRequestParser.headTerminator(in: buffer, from: max(0, scannedCount - 3), limit: Int.max) != nil
            if terminatorSeen || buffer.count >= limits.maxHeaderBytes,
               case .head(var head, let headLength) = try HTTPRequestParser.parseHead(buffer, limits: limits) {
                buffer.removeFirst(headLength)
                (head.clientAddress, head.proxyAddress) = configuration.trustedProxies.origin(
                    peer: peer, forwardedFor: head.headers.values("X-Forwarded-For"))
                self.head = head
                bodySender = try server.check(head)
                let body = try readBody(of: head, requestStartedAt: start)
                return (HTTPRequest(head: head, body: body), head.keepAlive)
            }
            scannedCount = buffer.count
            try receiveMore(within: &headProgress)
        }
    }

    private func readBody(of head: HTTPRequestHead, requestStartedAt start: ContinuousClock.Instant) throws -> [UInt8] {
        if case .contentLength(let length) = head.framing {
            try holdBody(length)
        }
        if head.framing != .none, head.expectsContinue, buffer.isEmpty {
            // The head check passed, the parser refused oversized bodies and the budget holds this one:
            // the body is welcome.
            guard write(Self.continueResponse) else { throw ReadFailure.closed }
        }
        var progress = TransferProgress(configuration.requestProgress, startedAt: start)
        switch head.framing {
        case .none:
            return []
        case .contentLength(let length):
            // Grown once to the body's size rather than by doubling past it, and never read past
            // it: bytes sent beyond the body would grow (and copy) the buffer to twice its size.
            buffer.reserveCapacity(length)
            while buffer.count < length {
                try receiveMore(within: &progress, atMost: length - buffer.count)
            }
            // The body takes the buffer's storage instead of a copy; what follows it is the next request.
            var body = buffer
            buffer = Array(body[length...])
            body.removeSubrange(length...)
            return body
        case .chunked:
            var decoder = ChunkedBodyDecoder(maxBodyBytes: configuration.limits.maxBodyBytes, maxTrailerBytes: configuration.maxHeaderBytes)
            while true {
                buffer.removeFirst(try decoder.consume(buffer[...]))
                // Its length is not known ahead, so a chunked body takes from the budget as it grows.
                try holdBody(decoder.body.count - heldBodyBytes)
                if decoder.isComplete { return decoder.body }
                try receiveMore(within: &progress)
            }
        }
    }

    /// Takes `bytes` more of the server's body budget for the request being read; 503 when they do not fit.
    private func holdBody(_ bytes: Int) throws(HTTPError) {
        guard bytes > 0 else { return }
        guard server.bodyBudget.reserve(bytes, for: bodySender) else { throw .bodyBudgetExhausted }
        heldBodyBytes += bytes
    }

    private func releaseBody() {
        defer { bodySender = nil }
        guard heldBodyBytes > 0 else { return }
        server.bodyBudget.release(heldBodyBytes, for: bodySender)
        heldBodyBytes = 0
    }

    /// Receives what has arrived, waiting no longer than `progress` allows; a client whose bytes
    /// keep coming but too few for the rule is timed out too.
    private func receiveMore(within progress: inout TransferProgress, atMost count: Int = Socket.receiveChunkBytes) throws {
        guard !progress.isOverdue(), try socket.wait(for: .readable, until: progress.deadline) else { throw ReadFailure.timedOut }
        switch try socket.receive(appendingTo: &buffer, maxCount: min(count, Socket.receiveChunkBytes)) {
        case .closed: throw ReadFailure.closed
        case .received(let received): progress.record(received)
        case .wouldBlock: break
        }
    }

    /// Sends while the client keeps taking bytes at the response rule's pace.
    private func write(_ bytes: [UInt8]) -> Bool {
        var progress = TransferProgress(configuration.responseProgress)
        return (try? socket.send(bytes, progress: &progress)) != nil
    }

    /// Sends a final response for a request that cannot be continued, then closes.
    private func finish(with response: HTTPResponse) {
        if write(response.serialized(keepAlive: false)) {
            lingeringClose()
        }
    }

    /// Closing with unread input makes the kernel send RST, which can destroy the response still
    /// in flight to the client; so signal the end and drain briefly first (skipped while stopping).
    private func lingeringClose() {
        socket.shutdown(.write)
        guard server.isRunning else { return }
        let deadline = ContinuousClock.now + Self.lingerTimeout
        var discarded: [UInt8] = []
        var total = 0
        while total < Self.lingerByteLimit, (try? socket.wait(for: .readable, until: deadline)) == true {
            discarded.removeAll(keepingCapacity: true)
            guard case .received(let count)? = try? socket.receive(appendingTo: &discarded) else { return }
            total += count
        }
    }
}
