import Foundation
import HalamjCommandLine
import ReplicaStorage
import SyncModel

/// `halamj-node case list|show|set|delete`
extension CaseCommand {
    static func list(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case list", "[--json]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        try args.finish()
        let cases = try openBook(db).list()
        Console.out(json ? try JSONOutput.string(cases) : CaseOutput.table(cases))
        return ExitCode.success
    }

    static func show(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case show", "<case-number> [--json]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        try args.finish()
        let book = try openBook(db)
        let view = try book.show(number)
        Console.out(json ? try JSONOutput.string(view) : CaseOutput.detail(view, today: try book.store.localDate(Clock.nowMillis())))
        return ExitCode.success
    }

    /// `case delete <n>` and `case restore <n>`: one case and nothing else to say.
    static func deleteOrRestore(_ verb: String, _ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case \(verb)", "<case-number>"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        try args.finish()
        let book = try openBook(db)
        let view = verb == "delete" ? try book.delete(number) : try book.restore(number)
        Console.out("\(view.number): " + (verb == "delete" ? "устгагдлаа (deleted)" : "сэргээгдлээ (restored)"))
        return ExitCode.success
    }

    static func set(_ words: [String]) throws -> Int32 {
        let usage = Usage("halamj-node case set", "<case-number> <field>=<value>…")
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        let changes = try CaseOutput.changes(args.remainingPositionals(), usage: usage)
        try args.finish()
        guard !changes.isEmpty else { throw args.usageError("give at least one <field>=<value>") }
        let view = try openBook(db).set(number, changes)
        Console.out("\(view.number): \(changes.keys.sorted().joined(separator: ", ")) хадгалагдлаа (saved)")
        return ExitCode.success
    }
}
