/// A command that could not do its work for a reason other than its command line.
///
/// The message is the whole story for the user: what failed and what to do about it,
/// because `Console` prints nothing else.
public struct CommandFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let exitCode: Int32

    public init(_ message: String, exitCode: Int32 = ExitCode.failure) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A service (usually the hub) did not answer: exit 75 tells scripts a retry may succeed.
    public static func unreachable(_ message: String) -> CommandFailure {
        CommandFailure(message, exitCode: ExitCode.temporaryFailure)
    }

    public var description: String { message }
}
