/// Splits the byte stream from `--remote-debugging-pipe` into messages.
///
/// Chromium ends every JSON message with a single NUL byte and a `read` can return any
/// slice of the stream: half a message, or several at once (a screenshot reply is
/// megabytes long). Kept free of I/O so the splitting rules are tested with literals.
struct NULFramer {
    private var buffer: [UInt8] = []
    /// Bytes before this index are known to contain no NUL, so each byte is scanned once
    /// even when a large message arrives in many reads.
    private var scanned = 0

    /// Adds freshly read bytes and returns every message they completed, in order.
    mutating func append<Bytes: Sequence>(_ bytes: Bytes) -> [[UInt8]] where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        var messages: [[UInt8]] = []
        var start = 0
        var index = scanned
        while index < buffer.count {
            if buffer[index] == 0 {
                messages.append(Array(buffer[start..<index]))
                start = index + 1
            }
            index += 1
        }
        if start > 0 {
            buffer.removeFirst(start)
        }
        scanned = buffer.count
        return messages
    }

    /// Bytes received after the last NUL; non-zero at EOF means a truncated message.
    var pendingByteCount: Int { buffer.count }
}
