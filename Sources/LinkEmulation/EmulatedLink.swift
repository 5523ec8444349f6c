import Foundation

/// A slow link between clients and a server that are both in this machine's own network:
/// clients connect to `url`, and every byte to and from the server crosses a
/// `LinkNamespace`'s loopback at its `LinkShape`, once each way.
///
///     client ──▶ entry proxy ══ namespace loopback (tbf) ══▶ exit proxy ──▶ server
///                (delay, cuts,                                (inside the
///                 counts, log)                                 namespace)
///
/// The entry proxy applies `LinkBehaviour` before the slow part, as a real link would: a
/// request held for its round trip (or its handshake) does not cross the link meanwhile,
/// and a cut stops it where it is. Clients and the server run as they always do (no
/// `ip netns exec`), in this process or as programs.
public final class EmulatedLink: Sendable {
    public let namespace: LinkNamespace
    /// Where clients connect: it counts, logs, delays and cuts.
    public let entry: LinkProxy
    private let exit: LinkProxy

    public init(to serverPort: UInt16, shape: LinkShape, behaviour: LinkBehaviour = .plain, prefix: String = "halamj-test") throws {
        namespace = try LinkNamespace(shape: shape, prefix: prefix)
        do {
            exit = try LinkProxy(upstreamPort: serverPort, listeningIn: namespace)
            entry = try LinkProxy(upstreamPort: exit.port, connectingIn: namespace, behaviour: behaviour)
        } catch {
            namespace.remove()
            throw error
        }
    }

    deinit { stop() }

    /// The server's address for clients: `http://127.0.0.1:<entry port>`.
    public var url: URL { entry.url }

    public var shape: LinkShape { namespace.shape }

    /// Everything that has crossed the slow loopback (`LinkNamespace.shaperCounters`).
    public func shaperCounters() throws -> ShaperCounters { try namespace.shaperCounters() }

    /// Stops both proxies and removes the namespace; safe to call more than once.
    public func stop() {
        entry.stop()
        exit.stop()
        namespace.remove()
    }
}
