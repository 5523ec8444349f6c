import Foundation
import HalamjCommandLine
import SyncModel

/// `halamj-node case checklist|doc|submit`: the social worker's steps.
extension CaseCommand {
    static func checklist(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case checklist", "<case-number> [--json]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        try args.finish()
        let items = try openBook(db).checklist(number)
        Console.out(json ? try JSONOutput.string(items) : ChecklistOutput.table(items))
        return ExitCode.success
    }

    static func document(_ words: [String]) throws -> Int32 {
        let usage = Usage("halamj-node case doc", "<case-number> <document> received|missing")
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        let document = try args.positional("document")
        let state = try args.positional("received|missing")
        try args.finish()
        guard state == "received" || state == "missing" else { throw args.usageError("the state is 'received' or 'missing', not '\(state)'") }
        let view = try openBook(db).markDocument(number, document, received: state == "received")
        Console.out("\(view.number): \(document) \(state == "received" ? "ирсэн (received)" : "дутуу (missing)")")
        return ExitCode.success
    }

    static func submit(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case submit", "<case-number>"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        try args.finish()
        let view = try openBook(db).submit(number)
        Console.out("\(view.number): илгээхэд бэлэн (submitted); it goes to the district at the next sync")
        return ExitCode.success
    }
}
