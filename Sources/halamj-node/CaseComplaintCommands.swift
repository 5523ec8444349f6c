import HalamjCommandLine
import SyncModel

/// `halamj-node case complain|answer`: complaints filed at the soum, and the soum's
/// own answers where it may give them (CaseBook.answerComplaint says where).
extension CaseCommand {
    /// `case complain` and `case answer` read the same arguments (ComplaintArguments);
    /// one files the complaint, the other answers it.
    static func complaint(_ words: [String], answering: Bool) throws -> Int32 {
        let usage = answering
            ? Usage("halamj-node case answer", "<case-number> --text \"<хариу>\" [--level 1|2]")
            : Usage("halamj-node case complain", "<case-number> --text \"<гомдол>\" [--level 1|2]")
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let given = try ComplaintArguments(&args, what: answering ? "answer" : "complaint")
        let book = try openBook(db)
        if answering {
            let view = try book.answerComplaint(given.number, text: given.text, level: given.level)
            Console.out(ComplaintArguments.answered(view, level: given.level))
        } else {
            let view = try book.fileComplaint(given.number, text: given.text, level: given.level)
            Console.out(ComplaintArguments.filed(view, level: given.level))
        }
        return ExitCode.success
    }
}
