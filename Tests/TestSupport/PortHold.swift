import HalamjHTTP

/// A port on 127.0.0.1 where a test's hub is down: bound but not listening, so a node's
/// connection there is refused at once, as at a stopped hub, and nothing else (another
/// test's server, an outgoing connection's local port) is given the port meanwhile.
/// Closing a port-0 listener and hoping the number stays free raced with both.
/// `release()` right before the hub starts there.
public final class PortHold: @unchecked Sendable {
    public let port: Int
    private var socket: Socket?

    /// A port the kernel picks, or `port` (a hub just stopped there).
    public init(port: Int = 0) throws {
        let socket = try Socket.bound(host: "127.0.0.1", port: UInt16(port))
        self.socket = socket
        self.port = Int(try socket.localPort())
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public func release() {
        socket?.close()
        socket = nil
    }

    deinit { release() }
}
