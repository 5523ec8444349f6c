import Synchronization

/// Easy handles between requests, so that the next request does not set one up anew
/// (its connection is new all the same: `CurlClient` says why). Requests go one at a
/// time, so one or two handles are all a client ever holds.
final class CurlHandlePool: Sendable {
    static let idleHandles = 2
    private let idle = Mutex<[CurlEasyHandle]>([])

    /// A handle with every option at its default.
    func take() throws -> CurlEasyHandle {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return try CurlEasyHandle()
    }

    /// Takes `handle` back once its transfer is over; its options (and with them every
    /// pointer the transfer lent it) are cleared here.
    func give(_ handle: CurlEasyHandle) {
        handle.reset()
        idle.withLock { if $0.count < Self.idleHandles { $0.append(handle) } }
    }
}
