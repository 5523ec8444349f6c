import HalamjCommandLine
import ReplicaStorage

/// `halamj-node conflicts [--json]`: this office's open conflicts, read-only; the
/// district officer resolves them at the hub.
enum ConflictsCommand {
    static let spec = CommandSpec(
        "halamj-node conflicts", """
            Зөрчил (conflicts): fields of this office's cases that were changed in two places
            at once, with every value and who wrote it. Read-only here: the district officer
            chooses at the hub, and the choice arrives with the next sync.
            """,
        options: [Flag.json], database: NodeCommand.defaultDatabase)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let store = try CaseCommand.openBook(line).store
        let conflicts = try store.read { try $0.openConflicts(office: store.office) }
        Console.out(try line.flag(.json) ? try JSONOutput.string(conflicts) : ConflictOutput.table(conflicts, now: Clock.nowMillis()))
        return ExitCode.success
    }
}
