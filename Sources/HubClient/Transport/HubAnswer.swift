import Foundation

/// Bytes that crossed the link for a request: heads and bodies as sent and received
/// (compressed bodies at their compressed size), not counting TCP or TLS framing.
struct WireBytes: Sendable, Equatable {
    var sent = 0
    var received = 0

    static func + (left: WireBytes, right: WireBytes) -> WireBytes {
        WireBytes(sent: left.sent + right.sent, received: left.received + right.received)
    }
}

/// The hub's 2xx answer to one `HubConnection.send`.
struct HubAnswer: Sendable {
    /// The answer's body, inflated when it came gzip-compressed.
    let body: Data
    /// Every answered attempt of the request (a 429 or 5xx waited out, then the 2xx).
    let wire: WireBytes
    /// From the call to the answer, waits between attempts included.
    let seconds: Double
}
