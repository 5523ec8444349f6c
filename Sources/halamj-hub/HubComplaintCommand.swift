import HalamjCommandLine
import HubServer
import CaseBooks
import SyncModel

/// `halamj-hub case complain|answer <case-number> --text "…" [--level 1|2]`: a
/// complaint handed in at the district, and the district's answers (audit-logged).
enum HubComplaintCommand {
    static func run(_ sub: String, _ args: inout Arguments, db: String?) throws {
        let answering = sub == "answer"
        let given = try ComplaintArguments(&args, what: answering ? "answer" : "complaint")
        let store = try HubCommand.openStore(db)
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
    }
}
