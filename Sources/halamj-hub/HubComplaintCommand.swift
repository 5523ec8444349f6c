import HalamjCommandLine
import HubServer
import CaseBooks
import SyncModel

/// `halamj-hub case complain|answer <case-number> --text "…" [--level 1|2]`: a
/// complaint handed in at the district, and the district's answers (audit-logged).
enum HubComplaintCommand {
    static let complainSpec = ComplaintArguments.spec(
        HubCommand.tool, answering: false, """
            Гомдол (a complaint) handed in at the district (level 2: to the higher body, after
            level 1 is answered or 30 days overdue)
            """, database: HubCommand.defaultDatabase)
    static let answerSpec = ComplaintArguments.spec(
        HubCommand.tool, answering: true,
        "Гомдлын хариу (answer a complaint): level 1 of a case that has left the soum, and level 2",
        database: HubCommand.defaultDatabase)

    static func run(_ sub: String, _ words: [String]) throws -> Int32 {
        let answering = sub == "answer"
        guard let line = try (answering ? answerSpec : complainSpec).parse(words) else { return ExitCode.success }
        let given = try ComplaintArguments(line, answering: answering)
        let store = try HubCommand.openStore(line)
        let book = CaseBook(store: store)
        if answering {
            let view = try book.answerComplaint(given.number, text: given.text, level: given.level)
            try AuditLog(store: store).append(actor: Actor.current, action: "complaint answer", subject: given.number,
                                              detail: "level \(given.level.rawValue)")
            Console.out(ComplaintArguments.answered(view, level: given.level))
        } else {
            let view = try book.fileComplaint(given.number, text: given.text, level: given.level)
            try AuditLog(store: store).append(actor: Actor.current, action: "complaint filed", subject: given.number,
                                              detail: "level \(given.level.rawValue)")
            Console.out(ComplaintArguments.filed(view, level: given.level))
        }
        return ExitCode.success
    }
}
