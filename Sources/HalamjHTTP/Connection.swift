/// Serves the requests of one accepted socket, on the one thread that calls `run()`.
final class Connection {
    private let socket: Socket
    private let id: Int
    private let server: HTTPServer
    private let configuration: HTTPServerConfiguration
    /// Received bytes not yet consumed; after a request it holds any pipelined successor.
    private var buffer: [UInt8] = []

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
    }

    func run() {
        defer {
            server.unregister(id)
            socket.close()
        }
        while awaitRequest() {
            let deadline = ContinuousClock.now + .seconds(configuration.readTimeout)
            let request: HTTPRequest
            let keepAlive: Bool
            do {
                (request, keepAlive) = try readRequest(until: deadline)
            } catch let error as HTTPError {
                finish(with: error.response)
                return
            } catch ReadFailure.timedOut {
                finish(with: HTTPError.requestTimeout.response)
                return
            } catch {
                return
            }
            guard server.beginHandling(id) else { return }
            let response = server.respond(to: request)
            let reuse = keepAlive && server.isRunning
            let sent = write(response.serialized(keepAlive: reuse))
            let running = server.endHandling(id)
            guard sent else { return }
            guard reuse, running else {
                lingeringClose()
                return
            }
        }
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

    private func readRequest(until deadline: ContinuousClock.Instant) throws -> (HTTPRequest, keepAlive: Bool) {
        let limits = configuration.limits
        var scannedCount = 0
        while true {
            // Parse only once a blank line may have arrived, so a client trickling bytes costs no rescans.
            let terminatorSeen = HTTPRequestParser.headTerminator(in: buffer, from: max(0, scannedCount - 3), limit: Int.max) != nil
            if terminatorSeen || buffer.count >= limits.maxHeaderBytes,
               case .head(let head, let headLength) = try HTTPRequestParser.parseHead(buffer, limits: limits) {
                buffer.removeFirst(headLength)
                let body = try readBody(of: head, until: deadline)
                return (HTTPRequest(head: head, body: body), head.keepAlive)
            }
            scannedCount = buffer.count
            try receiveMore(until: deadline)
        }
    }

    private func readBody(of head: HTTPRequestHead, until deadline: ContinuousClock.Instant) throws -> [UInt8] {
        if head.framing != .none, head.expectsContinue, buffer.isEmpty {
            // The parser already refused oversized bodies, so the body is welcome.
            guard write(Self.continueResponse) else { throw ReadFailure.closed }
        }
        switch head.framing {
        case .none:
            return []
        case .contentLength(let length):
            while buffer.count < length {
                try receiveMore(until: deadline)
            }
            let body = Array(buffer[..<length])
            buffer.removeFirst(length)
            return body
        case .chunked:
            var decoder = ChunkedBodyDecoder(maxBodyBytes: configuration.maxBodyBytes, maxTrailerBytes: configuration.maxHeaderBytes)
            while true {
                buffer.removeFirst(try decoder.consume(buffer[...]))
                if decoder.isComplete { return decoder.body }
                try receiveMore(until: deadline)
            }
        }
    }

    private func receiveMore(until deadline: ContinuousClock.Instant) throws {
        guard try socket.wait(for: .readable, until: deadline) else { throw ReadFailure.timedOut }
        if try socket.receive(appendingTo: &buffer) == .closed { throw ReadFailure.closed }
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        (try? socket.send(bytes, until: .now + .seconds(configuration.writeTimeout))) != nil
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
