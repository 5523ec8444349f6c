import HalamjCommandLine
import ReplicaStorage
import SyncModel

/// `halamj-node overdue [--json]`: this office's cases past a deadline.
enum OverdueCommand {
    static let spec = CommandSpec(
        "halamj-node overdue", """
            Хугацаа хэтэрсэн (overdue): cases with no decision 30 days after they were
            submitted, and complaints not answered 30 days after they were filed.
            """,
        options: [Flag.json], database: NodeCommand.defaultDatabase)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let book = try CaseCommand.openBook(line)
        let items = try book.overdue(today: try book.store.localDate(Clock.nowMillis()))
        Console.out(try line.flag(.json) ? try JSONOutput.string(items) : OverdueOutput.table(items))
        return ExitCode.success
    }
}
