#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket descriptor over IPv4.
///
/// A plain value: exactly one owner calls `close()`. Other threads may only call `shutdown`
/// while the owner provably has not closed it yet (the server guarantees this with its lock),
/// because a closed descriptor number can be reused by an unrelated socket.
public struct Socket: Sendable, Hashable {
    public let descriptor: Int32

    public enum Readiness { case readable, writable }

    public enum ReceiveResult: Equatable { case received(Int), closed, wouldBlock }

    /// Bytes asked of the kernel per read.
    public static let receiveChunkBytes = 64 * 1024

    /// A non-blocking listener, so a connection reset between `poll` and `accept` cannot block the accept loop.
    public static func listen(host: String, port: UInt16, backlog: Int32) throws -> Socket {
        let socket = try bound(host: host, port: port)
        guard Glibc.listen(socket.descriptor, backlog) == 0 else {
            let error = SocketError.lastError("listen")
            socket.close()
            throw error
        }
        return socket
    }

    /// A non-blocking socket bound to `host:port` (port 0: one the kernel picks), not
    /// listening: connections to it are refused, and the port is nobody else's until it
    /// is closed.
    public static func bound(host: String, port: UInt16) throws -> Socket {
        var address = try ipv4Address(host: host, port: port)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw SocketError.lastError("socket") }
        let socket = Socket(descriptor: fd)
        do {
            try socket.setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw SocketError.lastError("bind") }
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// A blocking client connection; used by tests and tools, the server never dials out.
    /// `receiveBufferBytes` shrinks the kernel's receive buffer before connecting, as a slow
    /// link's small window would, so that a client that reads slowly holds the server back.
    public static func connect(host: String, port: UInt16, receiveBufferBytes: Int32? = nil) throws -> Socket {
        var address = try ipv4Address(host: host, port: port)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError.lastError("socket") }
        let socket = Socket(descriptor: fd)
        if let receiveBufferBytes {
            do {
                try socket.setOption(level: SOL_SOCKET, name: SO_RCVBUF, value: receiveBufferBytes)
            } catch {
                socket.close()
                throw error
            }
        }
        while true {
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if result == 0 { return socket }
            let error = SocketError.lastError("connect")
            if error.code == EINTR { continue }
            socket.close()
            throw error
        }
    }

    private static func ipv4Address(host: String, port: UInt16) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        // htons is a macro Swift cannot import; bigEndian is the same byte swap.
        address.sin_port = port.bigEndian
        let literal = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, literal, &address.sin_addr) == 1 else {
            throw SocketError(operation: "inet_pton(\(host))", code: EINVAL)
        }
        return address
    }

    public func setOption(level: Int32, name: Int32, value: Int32) throws {
        var value = value
        guard setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError.lastError("setsockopt")
        }
    }

    public func localPort() throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { throw SocketError.lastError("getsockname") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// The address of the other end of a connected socket, e.g. "10.0.4.2"; nil once it is gone.
    public func peerAddress() -> String? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) }
        }
        guard result == 0, address.sin_family == sa_family_t(AF_INET) else { return nil }
        return IPv4Range.text(UInt32(bigEndian: address.sin_addr.s_addr))
    }

    /// Throws EAGAIN when nothing is pending; the caller polls first.
    public func accept() throws -> Socket {
        while true {
            let fd = Glibc.accept(descriptor, nil, nil)
            if fd >= 0 {
                // accept4 is not visible to Swift; the window before FD_CLOEXEC only matters to code that forks.
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                return Socket(descriptor: fd)
            }
            let error = SocketError.lastError("accept")
            if error.code != EINTR { throw error }
        }
    }

    /// Waits until the socket is ready or `deadline` passes; returns false on timeout.
    /// Hang-ups and errors count as ready so that the following read or write reports them.
    public func wait(for readiness: Readiness, until deadline: ContinuousClock.Instant) throws -> Bool {
        let events = Int16(readiness == .readable ? POLLIN : POLLOUT)
        while true {
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let result = poll(&entry, 1, Self.milliseconds(until: deadline))
            if result > 0 { return true }
            if result == 0 {
                if ContinuousClock.now >= deadline { return false }
                continue
            }
            let error = SocketError.lastError("poll")
            if error.code != EINTR { throw error }
        }
    }

    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = ContinuousClock.now.duration(to: deadline)
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        // Round up so that a timed-out poll really is past the deadline.
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    /// One non-blocking read appended to `buffer`.
    public func receive(appendingTo buffer: inout [UInt8], maxCount: Int = Socket.receiveChunkBytes) throws -> ReceiveResult {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxCount) { scratch in
            while true {
                let count = recv(descriptor, scratch.baseAddress, maxCount, Int32(MSG_DONTWAIT))
                if count > 0 {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
                    return .received(count)
                }
                if count == 0 { return .closed }
                let error = SocketError.lastError("recv")
                switch error.code {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return .wouldBlock
                case ECONNRESET: return .closed
                default: throw error
                }
            }
        }
    }

    /// Writes all of `bytes`, looping over partial writes, or throws ETIMEDOUT at `deadline`.
    public func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws {
        var progress = TransferProgress(until: deadline)
        try send(bytes, progress: &progress)
    }

    /// Writes all of `bytes`, looping over partial writes, or throws ETIMEDOUT once the peer
    /// takes them too slowly for `progress`.
    /// MSG_NOSIGNAL turns a write to a vanished peer into EPIPE instead of killing the process.
    func send(_ bytes: [UInt8], progress: inout TransferProgress) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                if count >= 0 {
                    offset += count
                    progress.record(count)
                    continue
                }
                let error = SocketError.lastError("send")
                switch error.code {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    guard !progress.isOverdue(), try wait(for: .writable, until: progress.deadline) else {
                        throw SocketError(operation: "send", code: ETIMEDOUT)
                    }
                default:
                    throw error
                }
            }
        }
    }

    public enum ShutdownDirection { case write, both }

    /// Wakes any thread blocked in `poll` on this socket without releasing the descriptor number.
    public func shutdown(_ direction: ShutdownDirection = .both) {
        _ = Glibc.shutdown(descriptor, Int32(direction == .write ? SHUT_WR : SHUT_RDWR))
    }

    /// Not retried on EINTR: Linux releases the descriptor even then, and a retry could close a reused number.
    public func close() {
        _ = Glibc.close(descriptor)
    }
}
