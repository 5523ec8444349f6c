/// A command whose next word picks a subcommand (`halamj-hub admin add|list|rotate|revoke`):
/// its usage, its help and its mistakes, all from the subcommands' specs.
///
/// ```swift
/// guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
/// switch sub {
/// case "add": return try add(rest)
/// default: throw group.unknown(sub)
/// }
/// ```
public struct CommandGroup: Sendable {
    /// `halamj-hub admin`
    public let command: String
    public let intro: String
    /// Every command the help explains; those under `command` are its subcommands, others
    /// (`halamj-hub audit` in the administrators' help) are shown alongside.
    public let specs: [CommandSpec]
    public let notes: String

    public init(_ command: String, _ intro: String, _ specs: [CommandSpec], notes: String = "") {
        self.command = command
        self.intro = intro
        self.specs = specs
        self.notes = notes
    }

    /// The words that pick a subcommand, in the help's order.
    public var names: [String] {
        specs.compactMap { spec in
            spec.command.hasPrefix(command + " ") ? String(spec.command.dropFirst(command.count + 1)) : nil
        }
    }

    /// `halamj-hub admin add|list|rotate|revoke …`
    public var usage: Usage { Usage(command, names.joined(separator: "|") + " …") }

    public var help: String { CommandOverview.help(intro, specs, notes: notes) }

    /// The subcommand's word and the words after it; nil when `-h` or `--help` came first,
    /// in which case the group's help is printed.
    public func subcommand(_ words: [String]) throws(UsageError) -> (name: String, words: [String])? {
        guard let first = words.first else {
            throw UsageError("missing \(noun) command (\(names.joined(separator: ", ")))", usage: usage)
        }
        if first == "-h" || first == "--help" {
            Console.out(help)
            return nil
        }
        return (first, Array(words.dropFirst()))
    }

    public func unknown(_ name: String) -> UsageError {
        UsageError("unknown \(noun) command '\(name)'", usage: usage)
    }

    /// `admin` of `halamj-hub admin`.
    private var noun: String { command.split(separator: " ").last.map(String.init) ?? command }
}
