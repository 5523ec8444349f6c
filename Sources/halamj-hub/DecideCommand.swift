import HalamjCommandLine
import HubServer
import CaseBooks
import SyncModel

/// `halamj-hub decide <case> --approve|--reject --decree <no> --date <YYYY-MM-DD> [--amount <MNT>] [--reason <text>]`
enum DecideCommand {
    static let usage = Usage("halamj-hub decide", "<case-number> --approve|--reject --decree <no> --date <YYYY-MM-DD> [--amount <MNT>] [--reason <text>] [--received <document>,…]")
    static let help = """
        Шийдвэр (decision): record the governor's decree (захирамж) for a case. It reaches
        the soum at its next sync; 'halamj-hub decisions' shows when it arrived there.
        A case still 'submitted' is received by the same step.

        Usage: \(usage.line)

          --approve | --reject   олгох / татгалзах
          --decree <no>          захирамжийн дугаар (decree number)
          --date <YYYY-MM-DD>    захирамжийн огноо (decree date)
          --amount <MNT>         батлагдсан дүн (approved amount, whole tögrög)
          --reason <text>        үндэслэл (reason; expected with --reject)
          --received <id>,…      documents the district brings with the decision, e.g.
                                 official_letter (the labour and welfare agency's letter);
                                 the decree itself is ticked as governor_decree. An approval
                                 needs every document, the district's too ('case doc' marks
                                 one beforehand)

        A specialized-care case is approved only with its care category (care_category),
        which the decision records as its legal ground (decision_care_category).
          --db <path>            database file (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let approve = args.flag("--approve")
        let reject = args.flag("--reject")
        let decree = try args.option("--decree")
        let dateText = try args.option("--date")
        let amountText = try args.option("--amount")
        let reason = try args.option("--reason")
        let received = try args.option("--received").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        try args.finish()
        guard approve != reject else { throw args.usageError("give exactly one of --approve, --reject") }
        guard let decree, !decree.isEmpty else { throw args.usageError("missing --decree <number>") }
        guard let dateText else { throw args.usageError("missing --date <YYYY-MM-DD>") }
        guard let date = CivilDate(iso: dateText) else { throw args.usageError("--date takes a real date as YYYY-MM-DD, not '\(dateText)'") }
        var amount: Int?
        if let amountText {
            guard let value = Int(amountText.replacingOccurrences(of: ",", with: "")), value >= 0 else {
                throw args.usageError("--amount takes whole tögrög ≥ 0, not '\(amountText)'")
            }
            amount = value
        }
        let store = try HubCommand.openStore(db)
        let view = try CaseBook(store: store)
            .decide(number, approve: approve, decree: decree, date: date, amount: amount, reason: reason, received: received)
        try AuditLog(store: store).append(actor: Actor.current, action: approve ? "decide approve" : "decide reject",
                                          subject: number, detail: "decree \(decree) \(date.iso)" + (amount.map { ", \($0) MNT" } ?? ""))
        Console.out("\(view.number): \(approve ? "олгохоор (approved)" : "татгалзсан (rejected)"), захирамж \(decree) \(date.iso); the soum gets it at its next sync")
        if let ground = view.values[CareCategory.decisionField] {
            Console.out("Үндэслэл: хамрагдах иргэн (legal ground, care category): \(ground) — \(CareCategory.shown(ground))")
        }
        return ExitCode.success
    }
}
