import Foundation
import HalamjHTTP

public struct TestTimeout: Error {
    public init() {}
}

/// A raw-socket HTTP/1.1 client for live tests against 127.0.0.1; every wait has a deadline.
public final class TestHTTPClient {
    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public let socket: Socket
    private var buffer: [UInt8] = []

    /// `receiveBufferBytes`: see `Socket.connect`.
    public init(port: UInt16, receiveBufferBytes: Int32? = nil) throws {
        socket = try Socket.connect(host: "127.0.0.1", port: port, receiveBufferBytes: receiveBufferBytes)
    }

    deinit { socket.close() }

    public func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    public func send(_ bytes: [UInt8]) throws {
        try socket.send(bytes, until: .now + .seconds(5))
    }

    /// The next response, framed by Content-Length; nil when the server closed before sending one.
    public func readResponse(timeout: Duration = .seconds(5)) throws -> Response? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let end = Self.headEnd(in: buffer) {
                let lines = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
                let statusParts = lines[0].split(separator: " ", maxSplits: 2)
                guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw TestTimeout() }
                var headers = HTTPHeaders()
                for line in lines.dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    headers.append(name: String(parts[0]), value: parts.count > 1 ? String(parts[1].drop { $0 == " " }) : "")
                }
                let length = Int(headers["Content-Length"] ?? "0") ?? 0
                while buffer.count < end + 4 + length {
                    guard try fill(until: deadline) else { return nil }
                }
                let body = Array(buffer[(end + 4)..<(end + 4 + length)])
                buffer.removeFirst(end + 4 + length)
                return Response(status: status, headers: headers, body: body)
            }
            guard try fill(until: deadline) else { return nil }
        }
    }

    /// True when the server closes the connection within `timeout` (any bytes before are discarded).
    public func isClosedByServer(within timeout: Duration) throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        do {
            while try fill(until: deadline) {}
            return true
        } catch is TestTimeout {
            return false
        }
    }

    /// False on end of stream.
    private func fill(until deadline: ContinuousClock.Instant) throws -> Bool {
        guard try socket.wait(for: .readable, until: deadline) else { throw TestTimeout() }
        return try socket.receive(appendingTo: &buffer) != .closed
    }

    /// Where the blank line ending the response head starts.
    private static func headEnd(in buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }
}
