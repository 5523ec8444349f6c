/// A `ReplicaStore.read` body tried to change something. Reads run on a connection
/// that cannot write, so nothing was changed; the change belongs in `transaction`.
public struct WriteInReadError: Error, CustomStringConvertible, Sendable {
    /// The statement (or meta key) that tried to write.
    public let attempted: String

    public var description: String {
        "a read transaction tried to write (\(attempted.split(whereSeparator: \.isNewline).joined(separator: " "))); nothing was changed: make changes in ReplicaStore.transaction"
    }
}
