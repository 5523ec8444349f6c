import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 to an `http://` hub over a plain TCP socket: one connection per request
/// (`Connection: close`), the request written whole, the answer read to its
/// `Content-Length` (or its chunks, or the end of the connection). A redirect is
/// returned as it is, never followed: the request carries the office's token.
/// `HubConnection` sends every request to an `http://` hub through it; `https://` hubs
/// go through URLSession.
///
/// Why: FoundationNetworking's URLSession (libcurl driven by libdispatch) keeps a CPU
/// core busy for as long as the hub takes to answer a request whose body is over
/// 64 KiB, which every push batch is (measured: ~0.8 s of CPU per second of waiting),
/// and a hub on the same small machine is then left one core.
///
/// Each request runs on a thread of its own (blocking socket calls, bounded by
/// `timeout`: no wait for a connection, a write or the next bytes of the answer is
/// longer), so that a fleet of syncs never waits for a shared pool.
///
/// Every byte of the answer is treated as hostile (a captive portal, a broken proxy):
/// a body is never larger than `maximumBodyBytes` whatever its head announces, and
/// a length or chunk size that is not a plain number is a `malformed` failure.
struct PlainHTTPClient: Sendable {
    /// Seconds any one wait (connect, send, the next bytes of the answer) may take.
    let timeout: Double
    /// The largest answer body read; a longer one, announced or not, is refused.
    var maximumBodyBytes = SyncConfiguration.defaultMaximumAnswerBytes

    struct Response: Sendable {
        let status: Int
        /// Header names lower-cased.
        let headers: [String: String]
        let body: Data
    }

    struct Failure: Error, CustomStringConvertible {
        /// What went wrong, for `HubConnection` to decide between retrying, shrinking
        /// the batch and giving up.
        enum Kind: Sendable {
            /// No connection was made (refused, unknown host).
            case unreachable
            /// A wait for the connection, a write or the answer's next bytes ran out.
            case timedOut
            /// The connection ended before the answer did.
            case cut
            /// The answer is not HTTP, or breaks its own framing, or is too large.
            case malformed
        }
        let kind: Kind
        let description: String

        init(_ kind: Kind, _ description: String) {
            self.kind = kind
            self.description = description
        }
    }

    /// Whether `url` is one this client speaks to.
    static func handles(_ url: URL) -> Bool {
        url.scheme?.lowercased() == "http" && url.host != nil
    }

    func send(_ method: String, _ url: URL, headers: [(String, String)], body: Data?) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try exchange(method, url, headers: headers, body: body) })
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    // MARK: one exchange, blocking

    private func exchange(_ method: String, _ url: URL, headers: [(String, String)], body: Data?) throws -> Response {
        guard let host = url.host else { throw Failure(.unreachable, "no host in \(url)") }
        let port = url.port ?? 80
        let descriptor = try connect(host: host, port: port)
        defer { close(descriptor) }
        let path = url.path(percentEncoded: true)
        var target = path.isEmpty ? "/" : path
        if let query = url.query(percentEncoded: true) { target += "?" + query }
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        try write(Array(head.utf8), to: descriptor)
        if let body, !body.isEmpty { try body.withUnsafeBytes { try write($0, to: descriptor) } }
        var reader = Reader(client: self, descriptor: descriptor)
        return try reader.response()
    }

    private func connect(host: String, port: Int) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let first = found else {
            throw Failure(.unreachable, "unknown host \(host)")
        }
        defer { freeaddrinfo(first) }
        var problem = "connection refused"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let descriptor = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard descriptor >= 0 else { continue }
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            if Glibc.connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return descriptor }
            if errno == EINPROGRESS, try wait(descriptor, for: Int16(POLLOUT)) {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return descriptor }
                problem = String(cString: strerror(error))
            } else if errno != EINPROGRESS {
                problem = String(cString: strerror(errno))
            } else {
                problem = "timed out"
            }
            close(descriptor)
        }
        throw Failure(.unreachable, problem)
    }

    /// Waits until `descriptor` is ready for `events`; false when `timeout` passed.
    func wait(_ descriptor: Int32, for events: Int16) throws -> Bool {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let ready = poll(&entry, 1, Int32(max(1, timeout * 1000)))
            if ready > 0 { return true }
            if ready == 0 { return false }
            if errno != EINTR { throw Failure(.cut, String(cString: strerror(errno))) }
        }
    }

    private func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        try bytes.withUnsafeBytes { try write($0, to: descriptor) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if count > 0 {
                offset += count
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                guard try wait(descriptor, for: Int16(POLLOUT)) else { throw Failure(.timedOut, "timed out") }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                throw Failure(.cut, "connection lost (\(String(cString: strerror(errno))))")
            }
        }
    }

    static func find(_ pattern: [UInt8], in buffer: [UInt8], from start: Int) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        var index = max(0, start)
        while index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0] && buffer[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}

/// Reads one answer from a connection, through one scratch buffer.
private struct Reader {
    let client: PlainHTTPClient
    let descriptor: Int32
    private var chunk = [UInt8](repeating: 0, count: 256 * 1024)

    init(client: PlainHTTPClient, descriptor: Int32) {
        self.client = client
        self.descriptor = descriptor
    }

    /// Reads whatever arrives next into `buffer`; false at the end of the connection.
    mutating func receive(into buffer: inout [UInt8]) throws -> Bool {
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                guard try client.wait(descriptor, for: Int16(POLLIN)) else { throw PlainHTTPClient.Failure(.timedOut, "timed out") }
                continue
            }
            throw PlainHTTPClient.Failure(.cut, "connection lost (\(String(cString: strerror(errno))))")
        }
    }

    mutating func response() throws -> PlainHTTPClient.Response {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        var headEnd: Int?
        while headEnd == nil {
            guard try receive(into: &buffer) else { throw PlainHTTPClient.Failure(.cut, "connection lost before the answer") }
            headEnd = PlainHTTPClient.find([13, 10, 13, 10], in: buffer, from: 0)
            if headEnd == nil && buffer.count > 64 * 1024 { throw PlainHTTPClient.Failure(.malformed, "answer head too large") }
        }
        let headBytes = buffer[..<headEnd!]
        let lines = String(decoding: headBytes, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        // 1xx interim answers are never asked for (no Expect header) and count as broken.
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), statusParts[1].utf8.count == 3,
              let status = Int(statusParts[1]), (200...599).contains(status) else {
            throw PlainHTTPClient.Failure(.malformed, "not an HTTP answer")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(buffer[(headEnd! + 4)...])
        let limit = client.maximumBodyBytes
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            return PlainHTTPClient.Response(status: status, headers: headers, body: Data(try readChunked(body)))
        }
        if let text = headers["content-length"] {
            // Digits only (no sign, no spaces, no list), checked against the limit before
            // anything is reserved: a hostile length must never size an allocation.
            guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (48...57).contains($0) }), let length = Int(text) else {
                throw PlainHTTPClient.Failure(.malformed, "bad Content-Length '\(text.prefix(40))'")
            }
            guard length <= limit else { throw Self.tooLarge(limit, announced: length) }
            body.reserveCapacity(length)
            while body.count < length {
                guard try receive(into: &body) else { throw PlainHTTPClient.Failure(.cut, "connection lost mid-answer") }
            }
            // Bytes past the announced length are not read: the connection closes after one answer.
            return PlainHTTPClient.Response(status: status, headers: headers, body: Data(body.prefix(length)))
        }
        while try receive(into: &body) {
            if body.count > limit { throw Self.tooLarge(limit) }
        }
        return PlainHTTPClient.Response(status: status, headers: headers, body: Data(body))
    }

    static func tooLarge(_ limit: Int, announced: Int? = nil) -> PlainHTTPClient.Failure {
        PlainHTTPClient.Failure(
            .malformed, "answer larger than the limit of \(limit) bytes" + (announced.map { " (announced \($0))" } ?? ""))
    }

    /// A chunked body (RFC 9112 §7.1), its first bytes already in `pending`.
    mutating func readChunked(_ pending: [UInt8]) throws -> [UInt8] {
        var buffer = pending
        var offset = 0
        var body: [UInt8] = []
        let limit = client.maximumBodyBytes
        // Everything received is kept in `buffer`: bounding it bounds size lines and
        // trailers that never end as well as the body.
        let bufferLimit = limit + 64 * 1024
        func more(_ reader: inout Reader) throws {
            guard try reader.receive(into: &buffer) else { throw PlainHTTPClient.Failure(.cut, "connection lost mid-answer") }
            if buffer.count > bufferLimit { throw Self.tooLarge(limit) }
        }
        func line(_ reader: inout Reader) throws -> String {
            while true {
                if let end = PlainHTTPClient.find([13, 10], in: buffer, from: offset) {
                    let text = String(decoding: buffer[offset..<end], as: UTF8.self)
                    offset = end + 2
                    return text
                }
                try more(&reader)
            }
        }
        while true {
            let sizeText = (try line(&self).split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? "")
                .trimmingCharacters(in: .whitespaces)
            // Hex digits only, and few enough that the size fits: no sign, no overflow.
            guard !sizeText.isEmpty, sizeText.utf8.count <= 15, sizeText.allSatisfy(\.isHexDigit),
                  let size = Int(sizeText, radix: 16) else {
                throw PlainHTTPClient.Failure(.malformed, "bad chunk size '\(sizeText.prefix(40))'")
            }
            if size == 0 {
                while try !line(&self).isEmpty {}  // trailers, up to the blank line
                return body
            }
            guard body.count + size <= limit else { throw Self.tooLarge(limit) }
            while buffer.count < offset + size + 2 { try more(&self) }
            guard buffer[offset + size] == 13, buffer[offset + size + 1] == 10 else {
                throw PlainHTTPClient.Failure(.malformed, "chunk longer than its size")
            }
            body.append(contentsOf: buffer[offset..<offset + size])
            offset += size + 2
        }
    }
}
