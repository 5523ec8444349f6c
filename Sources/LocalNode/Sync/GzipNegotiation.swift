import Synchronization

/// Whether the hub takes gzip request bodies, as learnt from its answers during a
/// round (a hub of an earlier release never says so, and gets plain bodies).
final class GzipNegotiation: Sendable {
    private let taken: Mutex<Bool>

    init(hubTakesGzip: Bool) {
        taken = Mutex(hubTakesGzip)
    }

    var hubTakesGzip: Bool { taken.withLock { $0 } }

    /// Reads an answer's `Accept-Encoding` (RFC 7694: the codings the server takes in requests).
    func learn(fromAcceptEncoding value: String?) {
        guard let value, value.lowercased().split(separator: ",").contains(where: {
            $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "gzip"
        }) else { return }
        taken.withLock { $0 = true }
    }
}
