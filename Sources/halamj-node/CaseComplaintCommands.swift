import HalamjCommandLine
import SyncModel

/// `halamj-node case complain|answer`: complaints filed at the soum, and the soum's
/// own answers where it may give them (CaseBook.answerComplaint says where).
extension CaseCommand {
    static let complainSpec = ComplaintArguments.spec(
        NodeCommand.tool, answering: false, """
            Гомдол (a complaint), at any stage: level 1 to the office's own management;
            level 2 to the higher body once level 1 is answered or 30 days overdue
            """, database: NodeCommand.defaultDatabase)
    static let answerSpec = ComplaintArguments.spec(
        NodeCommand.tool, answering: true, """
            Гомдлын хариу (answer a complaint): the soum answers level 1 while the case is a draft here;
            after it is submitted the district hub answers level 1, and always level 2
            """, database: NodeCommand.defaultDatabase)

    /// `case complain` and `case answer` read the same arguments (ComplaintArguments);
    /// one files the complaint, the other answers it.
    static func complaint(_ words: [String], answering: Bool) throws -> Int32 {
        guard let line = try (answering ? answerSpec : complainSpec).parse(words) else { return ExitCode.success }
        let given = try ComplaintArguments(line, answering: answering)
        let book = try openBook(line)
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
