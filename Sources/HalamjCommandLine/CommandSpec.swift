/// One command's command line, declared once: its words, what it does, its options and
/// positionals. The help, the usage line of every error and the parsing all come from
/// this, so an option cannot be read without being in the help.
///
/// ```swift
/// static let amount = Option("--amount", "<MNT>", .amount, help: "дүн (the amount)")
/// static let number = Positional("case-number")
/// static let spec = CommandSpec("halamj-hub case pay", "Олголт бүртгэх (record a payment).",
///                               options: [amount], positionals: [number], database: "halamj-hub.db")
/// static func run(_ words: [String]) throws -> Int32 {
///     try spec.run(words) { line in
///         let amount = try line.optional(amount)   // Int?
///         …
///     }
/// }
/// ```
public struct CommandSpec: Sendable {
    /// The words that run it: `halamj-hub case pay`.
    public let command: String
    /// What it does, Mongolian first with the English in parentheses; opens the help.
    public let description: String
    public let options: [OptionDeclaration]
    public let positionals: [Positional]
    /// Closes the help: what the options do together, exit statuses, examples.
    public let notes: String
    /// The default database file when it takes `--db <path>`; nil when it does not.
    public let defaultDatabase: String?
    private let synopsisOverride: String?

    /// `synopsis` replaces the generated one where options go together in ways the
    /// list cannot say (`--approve|--reject`); help still lists every option.
    public init(_ command: String, _ description: String, options: [any CommandOption] = [],
                positionals: [Positional] = [], database defaultDatabase: String? = nil,
                synopsis: String? = nil, notes: String = "") {
        self.command = command
        self.description = description
        var declared = options.map(\.declaration)
        if let defaultDatabase {
            declared.append(Option(DatabaseOption.name, "<path>", .text,
                                   help: "database file (default: $\(DatabaseLocation.environmentVariable), else \(defaultDatabase))").declaration)
        }
        self.options = declared
        self.positionals = positionals
        self.defaultDatabase = defaultDatabase
        self.synopsisOverride = synopsis
        self.notes = notes
    }

    /// `<case-number> --period <period> [--amount <MNT>] [--json] [--db <path>]`
    public var synopsis: String {
        if let synopsisOverride { return synopsisOverride }
        let words = positionals.filter { !$0.isVariadic }.map(\.signature)
            + options.filter(\.isRequired).map(\.signature)
            + positionals.filter(\.isVariadic).map(\.signature)
            + options.filter { !$0.isRequired }.map { "[\($0.signature)]" }
        return words.joined(separator: " ")
    }

    public var usage: Usage { Usage(command, synopsis) }

    public func declares(_ name: String) -> Bool { options.contains { $0.name == name } }
}

/// `--db <path>`, which `CommandSpec(database:)` adds.
enum DatabaseOption {
    static let name = "--db"
}
