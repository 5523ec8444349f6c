/// A mistake in the command line. `Console` prints it with the usage line and a
/// `--help` hint and exits 64.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// The command whose usage is shown under the message; `nil` falls back to the tool's help hint.
    public let usage: Usage?

    public init(_ message: String, usage: Usage? = nil) {
        self.message = message
        self.usage = usage
    }

    public var description: String { message }
}
