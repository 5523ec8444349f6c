import Foundation
import HalamjCommandLine
import ReplicaStorage
import SyncModel

/// `halamj-node case list|show|set|delete|restore`
extension CaseCommand {
    static let listSpec = CommandSpec("halamj-node case list", "Хэргийн жагсаалт (this office's cases)",
                                      options: [Flag.json], database: NodeCommand.defaultDatabase)
    static let showSpec = CommandSpec("halamj-node case show", "Хэрэг харах (show a case)",
                                      options: [Flag.json], positionals: [.caseNumber], database: NodeCommand.defaultDatabase)
    static let changes = Positional.variadic("changes", shown: "<field>=<value>…")
    static let setSpec = CommandSpec("halamj-node case set", "Талбар засах (edit fields of a case)",
                                     positionals: [.caseNumber, changes], database: NodeCommand.defaultDatabase)
    static let deleteSpec = CommandSpec("halamj-node case delete", "Хэрэг устгах (delete a case)",
                                        positionals: [.caseNumber], database: NodeCommand.defaultDatabase)
    static let restoreSpec = CommandSpec(
        "halamj-node case restore", """
            Сэргээх (bring a deleted case back); the case stays listed as deleted until then;
            an edit made elsewhere meanwhile is kept as a conflict
            """,
        positionals: [.caseNumber], database: NodeCommand.defaultDatabase)

    static func list(_ words: [String]) throws -> Int32 {
        guard let line = try listSpec.parse(words) else { return ExitCode.success }
        let cases = try openBook(line).list()
        Console.out(try line.flag(.json) ? try JSONOutput.string(cases) : CaseOutput.table(cases))
        return ExitCode.success
    }

    static func show(_ words: [String]) throws -> Int32 {
        guard let line = try showSpec.parse(words) else { return ExitCode.success }
        let book = try openBook(line)
        let view = try book.show(line.positional(.caseNumber))
        Console.out(try line.flag(.json) ? try JSONOutput.string(view) : CaseOutput.detail(view, today: try book.store.localDate(Clock.nowMillis())))
        return ExitCode.success
    }

    /// `case delete <n>` and `case restore <n>`: one case and nothing else to say.
    static func deleteOrRestore(_ verb: String, _ words: [String]) throws -> Int32 {
        guard let line = try (verb == "delete" ? deleteSpec : restoreSpec).parse(words) else { return ExitCode.success }
        let book = try openBook(line), number = try line.positional(.caseNumber)
        let view = verb == "delete" ? try book.delete(number) : try book.restore(number)
        Console.out("\(view.number): " + (verb == "delete" ? "устгагдлаа (deleted)" : "сэргээгдлээ (restored)"))
        return ExitCode.success
    }

    static func set(_ words: [String]) throws -> Int32 {
        guard let line = try setSpec.parse(words) else { return ExitCode.success }
        let number = try line.positional(.caseNumber)
        let changes = try CaseOutput.changes(line.remaining(changes), usage: setSpec.usage)
        guard !changes.isEmpty else { throw line.usageError("give at least one <field>=<value>") }
        let view = try openBook(line).set(number, changes)
        Console.out("\(view.number): \(changes.keys.sorted().joined(separator: ", ")) хадгалагдлаа (saved)")
        return ExitCode.success
    }
}
