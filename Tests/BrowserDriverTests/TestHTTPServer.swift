import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for the browser tests: one request per
/// connection, `Connection: close`, every request recorded.
///
/// Each connection gets its own thread because Chromium opens speculative connections
/// that never send a request; a serial server would stall behind them.
final class TestHTTPServer: Sendable {
    struct Request: Sendable {
        let method: String
        let path: String
        /// Header names lower-cased.
        let headers: [String: String]
        let body: [UInt8]

        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    struct Response: Sendable {
        var status = 200
        var headers: [String] = []
        var body: String

        static func html(_ body: String, headers: [String] = []) -> Response {
            Response(headers: ["Content-Type: text/html; charset=utf-8"] + headers, body: body)
        }
        static let notFound = Response(status: 404, headers: ["Content-Type: text/plain"], body: "not found")
    }

    static let maximumHeaderBytes = 64 * 1024
    static let maximumBodyBytes = 1024 * 1024
    static let maximumConnections = 32
    /// An idle connection is dropped after this long.
    static let socketTimeoutSeconds = 5

    let port: UInt16
    private let listenFD: Int32
    private let handler: @Sendable (Request) -> Response
    private let log = Mutex<[Request]>([])
    private let stopping = Mutex(false)
    private let openConnections = Mutex(0)
    private let acceptLoopFinished = DispatchSemaphore(value: 0)

    init(handler: @escaping @Sendable (Request) -> Response) throws {
        signal(SIGPIPE, SIG_IGN)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 64) == 0
                    && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        listenFD = fd
        port = UInt16(bigEndian: address.sin_port)
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    var requests: [Request] { log.withLock { $0 } }

    /// Stops accepting; returns once the accept loop has ended (bounded).
    func stop() {
        let first = stopping.withLock { stopping in
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        _ = acceptLoopFinished.wait(timeout: .now() + 2)
        close(listenFD)
    }

    private func acceptLoop() {
        defer { acceptLoopFinished.signal() }
        // Polls in 100 ms steps so `stop()` is noticed promptly.
        while !stopping.withLock({ $0 }) {
            var descriptor = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let connection = accept(listenFD, nil, nil)
            guard connection >= 0 else { continue }
            let admitted = openConnections.withLock { count in
                guard count < Self.maximumConnections else { return false }
                count += 1
                return true
            }
            guard admitted else {
                close(connection)
                continue
            }
            let thread = Thread { [self] in
                serve(connection)
                close(connection)
                openConnections.withLock { $0 -= 1 }
            }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        var timeout = timeval(tv_sec: Self.socketTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var received: [UInt8] = []
        var headerEnd: Int?
        while headerEnd == nil {
            guard received.count < Self.maximumHeaderBytes, let chunk = readChunk(fd) else { return }
            received += chunk
            headerEnd = Self.endOfHeaders(received)
        }
        guard let headerEnd, var request = Self.parseHead(Array(received[..<headerEnd])) else { return }
        let length = min(Int(request.headers["content-length"] ?? "0") ?? 0, Self.maximumBodyBytes)
        var body = Array(received[(headerEnd + 4)...])
        while body.count < length {
            guard let chunk = readChunk(fd) else { return }
            body += chunk
        }
        request = Request(method: request.method, path: request.path, headers: request.headers,
                          body: Array(body.prefix(length)))
        log.withLock { $0.append(request) }

        let response = handler(request)
        let bodyBytes = Array(response.body.utf8)
        var head = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Status")\r\n"
        for header in response.headers { head += header + "\r\n" }
        head += "Content-Length: \(bodyBytes.count)\r\nConnection: close\r\n\r\n"
        writeAll(fd, Array(head.utf8) + bodyBytes)
    }

    private func readChunk(_ fd: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        // Bounded: EINTR is rare and SO_RCVTIMEO ends a silent peer.
        for _ in 0..<100 {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { return Array(buffer[..<count]) }
            if count == -1 && errno == EINTR { continue }
            return nil
        }
        return nil
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        for _ in 0..<10_000 where offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 { offset += written } else if !(written == -1 && errno == EINTR) { return }
        }
    }

    static func endOfHeaders(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    static func parseHead(_ bytes: [UInt8]) -> Request? {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: [])
    }
}

/// Decodes `application/x-www-form-urlencoded` (`+` is a space, then percent-decoding).
func decodeForm(_ body: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in body.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1).map {
            $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
        }
        fields[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return fields
}

/// Escapes text for HTML, so echoed input cannot change the page.
func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;")
        .replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;")
}
