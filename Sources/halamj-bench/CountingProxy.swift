import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP relay on 127.0.0.1 that counts the bytes each way: what a sync really costs
/// on the wire, HTTP heads included (not TCP/IP headers).
final class CountingProxy: Sendable {
    let port: UInt16
    private let upstreamPort: UInt16
    private let listener: Int32
    /// Bytes from clients to the server, and back.
    let sent = Atomic<Int>(0)
    let received = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    private let running = Atomic<Bool>(true)
    private let open = Mutex<Set<Int32>>([])

    init(upstreamPort: UInt16) throws {
        self.upstreamPort = upstreamPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw BenchError("proxy: socket failed") }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 128) == 0 else { close(listener); throw BenchError("proxy: bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Bytes both ways so far.
    var total: (sent: Int, received: Int) { (sent.load(ordering: .relaxed), received.load(ordering: .relaxed)) }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    private func acceptLoop() {
        while running.load(ordering: .relaxed) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(client); close(server); continue }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(server, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            open.withLock { $0.formUnion([client, server]) }
            accepted.add(1, ordering: .relaxed)
            let pair = Pair(client: client, server: server)
            Thread.detachNewThread { [self] in pump(from: client, to: server, toServer: true, pair: pair) }
            Thread.detachNewThread { [self] in pump(from: server, to: client, toServer: false, pair: pair) }
        }
    }

    /// Both directions of one connection; the second pump to finish closes both sockets.
    final class Pair: Sendable {
        let client: Int32
        let server: Int32
        let finished = Atomic<Int>(0)
        init(client: Int32, server: Int32) {
            self.client = client
            self.server = server
        }
    }

    private func pump(from source: Int32, to target: Int32, toServer: Bool, pair: Pair) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        loop: while true {
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            if toServer { sent.add(count, ordering: .relaxed) } else { received.add(count, ordering: .relaxed) }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { send(target, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL)) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break loop }
                offset += written
            }
        }
        shutdown(target, Int32(SHUT_WR))
        if pair.finished.add(1, ordering: .acquiringAndReleasing).newValue == 2 {
            open.withLock { open in
                open.remove(pair.client)
                open.remove(pair.server)
                close(pair.client)
                close(pair.server)
            }
        }
    }

    /// Stops accepting and cuts every relayed connection.
    func stop() {
        running.store(false, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        open.withLock { open in
            for socket in open { shutdown(socket, Int32(SHUT_RDWR)) }
        }
        // Give the pumps a moment to see their sockets end and close them.
        for _ in 0..<100 where !open.withLock({ $0.isEmpty }) { usleep(10_000) }
    }
}
