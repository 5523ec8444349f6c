import HalamjCommandLine
import LocalNode

/// `halamj-hub case list|show|set …`: every office's cases, and edits made at the hub.
enum HubCaseCommand {
    static let usage = Usage("halamj-hub case", "list|show|set …")
    static let help = """
        Хэрэг (cases) of every office this hub serves.

        Usage:
          halamj-hub case list [--office <office-id>] [--json]
          halamj-hub case show <case-number> [--json]
          halamj-hub case set <case-number> <field>=<value>…
              an edit made at the hub; it reaches the office at its next sync

        Options: --db <path> (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing case command (list, show, set)", usage: usage) }
        let rest = Array(words.dropFirst())
        var args = Arguments(rest, usage: Usage("halamj-hub case \(sub)", ""))
        if args.wantsHelp || sub == "-h" || sub == "--help" { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        switch sub {
        case "list":
            let json = args.flag("--json")
            let office = try args.option("--office")
            try args.finish()
            let cases = try CaseBook(store: HubCommand.openStore(db)).list(office: office)
            Console.out(json ? try JSONOutput.string(cases) : CaseOutput.table(cases))
        case "show":
            let json = args.flag("--json")
            let number = try args.positional("case-number")
            try args.finish()
            let view = try CaseBook(store: HubCommand.openStore(db)).show(number)
            Console.out(json ? try JSONOutput.string(view) : CaseOutput.detail(view))
        case "set":
            let number = try args.positional("case-number")
            let changes = try CaseOutput.changes(args.remainingPositionals(), usage: Usage("halamj-hub case set", "<case-number> <field>=<value>…"))
            try args.finish()
            guard !changes.isEmpty else { throw args.usageError("give at least one <field>=<value>") }
            let view = try CaseBook(store: HubCommand.openStore(db)).set(number, changes)
            Console.out("\(view.number): \(changes.keys.sorted().joined(separator: ", ")) хадгалагдлаа (saved)")
        default:
            throw UsageError("unknown case command '\(sub)'", usage: usage)
        }
        return ExitCode.success
    }
}
