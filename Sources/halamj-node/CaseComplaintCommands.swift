import HalamjCommandLine
import LocalNode
import SyncModel

/// `halamj-node case complain|answer`: complaints filed at the soum, and the soum's
/// own answers where it may give them (CaseBook.answerComplaint says where).
extension CaseCommand {
    static func complaint(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case complain", "<case-number> --text \"<гомдол>\" [--level 1|2]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let given = try ComplaintArguments(&args, what: "complaint")
        let view = try openBook(db).fileComplaint(given.number, text: given.text, level: given.level)
        Console.out(ComplaintArguments.filed(view, level: given.level))
        return ExitCode.success
    }

    static func answerComplaint(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case answer", "<case-number> --text \"<хариу>\" [--level 1|2]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let given = try ComplaintArguments(&args, what: "answer")
        let view = try openBook(db).answerComplaint(given.number, text: given.text, level: given.level)
        Console.out(ComplaintArguments.answered(view, level: given.level))
        return ExitCode.success
    }
}
