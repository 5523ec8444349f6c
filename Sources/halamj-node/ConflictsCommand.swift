import HalamjCommandLine
import ReplicaStorage

/// `halamj-node conflicts [--json]`: this office's open conflicts, read-only; the
/// district officer resolves them at the hub.
enum ConflictsCommand {
    static let usage = Usage("halamj-node conflicts", "[--json] [--db <path>]")
    static let help = """
        Зөрчил (conflicts): fields of this office's cases that were changed in two places
        at once, with every value and who wrote it. Read-only here: the district officer
        chooses at the hub, and the choice arrives with the next sync.

        Usage: \(usage.line)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        try args.finish()
        let store = try CaseCommand.openBook(db).store
        let conflicts = try store.read { try $0.openConflicts(office: store.office) }
        Console.out(json ? try JSONOutput.string(conflicts) : ConflictOutput.table(conflicts, now: Clock.nowMillis()))
        return ExitCode.success
    }
}
