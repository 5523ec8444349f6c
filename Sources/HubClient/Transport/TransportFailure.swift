/// A request that got no usable answer, as one line (never the token), and of which kind,
/// for `HubConnection` to decide between retrying, shrinking the batch and giving up.
struct TransportFailure: Error, CustomStringConvertible, Sendable {
    enum Kind: Sendable, Equatable {
        /// No connection was made (refused, unknown host, a TLS handshake that broke off).
        case unreachable
        /// The hub's certificate or key was refused (another CA, expired, another name,
        /// not the pinned key), or the office's own certificate file cannot be read:
        /// nothing was sent, and trying again changes nothing until somebody acts.
        case untrusted
        /// The transfer stopped moving (or the connection never came, or the whole
        /// request ran past its cap).
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

    static func tooLarge(_ limit: Int) -> TransportFailure {
        TransportFailure(.malformed, "answer larger than the limit of \(limit) bytes")
    }
}
