/// The usage line of one command, kept apart from its error messages so that every
/// usage error can repeat it the way swift-argument-parser does.
public struct Usage: Sendable, Equatable {
    /// The words that run the command, e.g. `halamj-node status`.
    public let command: String
    /// What follows the command, e.g. `<case-number> [--json]`; may be empty.
    public let synopsis: String

    public init(_ command: String, _ synopsis: String = "") {
        self.command = command
        self.synopsis = synopsis
    }

    /// `halamj-node status <case-number> [--json]`
    public var line: String {
        synopsis.isEmpty ? command : "\(command) \(synopsis)"
    }
}
