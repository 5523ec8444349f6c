import Synchronization

/// Whether to compress, learnt during a round: the hub must have said it takes gzip
/// request bodies (a hub of an earlier release never says so, and gets plain bodies),
/// and the link must be slow enough for it to pay. On a LAN or loopback, compressing a
/// megabyte costs more time than sending it; on a 32 kbit/s link it is most of a sync's
/// time saved. So the rate of the last large exchange decides (until one is measured,
/// the link is taken to be slow: that is what Halamj is for).
final class GzipNegotiation: Sendable {
    /// Links faster than this (bytes a second) get no compression: a LAN.
    static let fastLinkBytesPerSecond = 2_000_000.0
    /// Exchanges smaller than this say more about round trips than about the link.
    static let measuredBytes = 64 * 1024

    private struct State {
        var hubTakesGzip: Bool
        var lastRate: Double?

        var linkIsSlow: Bool { (lastRate ?? 0) < GzipNegotiation.fastLinkBytesPerSecond }
    }

    private let state: Mutex<State>

    init(hubTakesGzip: Bool) {
        state = Mutex(State(hubTakesGzip: hubTakesGzip))
    }

    var hubTakesGzip: Bool { state.withLock { $0.hubTakesGzip } }

    /// Whether the link is slow enough for gzip (both ways) to be worth its time.
    var linkIsSlow: Bool { state.withLock { $0.linkIsSlow } }

    /// Whether a request body goes compressed.
    var compressesRequests: Bool { state.withLock { $0.hubTakesGzip && $0.linkIsSlow } }

    /// Reads an answer's `Accept-Encoding` (RFC 7694: the codings the server takes in requests).
    func learn(fromAcceptEncoding value: String?) {
        guard let value, value.lowercased().split(separator: ",").contains(where: {
            $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "gzip"
        }) else { return }
        state.withLock { $0.hubTakesGzip = true }
    }

    /// One exchange: `bytes` on the wire both ways in `seconds`.
    func measured(bytes: Int, seconds: Double) {
        guard bytes >= Self.measuredBytes, seconds > 0 else { return }
        state.withLock { $0.lastRate = Double(bytes) / seconds }
    }
}
