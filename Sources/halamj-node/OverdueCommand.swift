import HalamjCommandLine
import ReplicaStorage
import SyncModel

/// `halamj-node overdue [--json]`: this office's cases past a deadline.
enum OverdueCommand {
    static let usage = Usage("halamj-node overdue", "[--json] [--db <path>]")
    static let help = """
        Хугацаа хэтэрсэн (overdue): cases with no decision 30 days after they were
        submitted, and complaints not answered 30 days after they were filed.

        Usage: \(usage.line)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        try args.finish()
        let book = try CaseCommand.openBook(db)
        let items = try book.overdue(today: try book.store.localDate(Clock.nowMillis()))
        Console.out(json ? try JSONOutput.string(items) : OverdueOutput.table(items))
        return ExitCode.success
    }
}
