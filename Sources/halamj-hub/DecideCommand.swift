import HalamjCommandLine
import HubServer
import CaseBooks
import SyncModel

/// `halamj-hub decide <case> --approve|--reject --decree <no> --date <YYYY-MM-DD> [--amount <MNT>] [--reason <text>]`
enum DecideCommand {
    static let approve = Flag("--approve", help: "олгох (approve)")
    static let reject = Flag("--reject", help: "татгалзах (reject)")
    static let decree = Option("--decree", "<no>", .nonBlank, required: true, help: "захирамжийн дугаар (decree number)")
    static let date = Option("--date", "<YYYY-MM-DD>", .date, required: true, help: "захирамжийн огноо (decree date)")
    static let amount = Option("--amount", "<MNT>", .amount, help: "батлагдсан дүн (approved amount, whole tögrög)")
    static let reason = Option("--reason", "<text>", .text, help: "үндэслэл (reason; expected with --reject)")
    static let received = Option("--received", "<id>,…", .list, help: """
        ирүүлсэн баримт (documents the district brings with the decision), e.g.
        official_letter (the labour and welfare agency's letter);
        the decree itself is ticked as governor_decree. An approval
        needs every document, the district's too ('case doc' marks
        one beforehand)
        """)
    static let spec = CommandSpec(
        "halamj-hub decide", """
            Шийдвэр (decision): record the governor's decree (захирамж) for a case. It reaches
            the soum at its next sync; 'halamj-hub decisions' shows when it arrived there.
            A case still 'submitted' is received by the same step.
            """,
        options: [approve, reject, decree, date, amount, reason, received], positionals: [.caseNumber],
        database: HubCommand.defaultDatabase,
        synopsis: "<case-number> --approve|--reject --decree <no> --date <YYYY-MM-DD> [--amount <MNT>] [--reason <text>] [--received <document>,…] [--db <path>]",
        notes: """
            A specialized-care case is approved only with its care category (care_category),
            which the decision records as its legal ground (decision_care_category).
            """)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let approve = try line.flag(approve)
        guard approve != (try line.flag(reject)) else { throw line.usageError("give exactly one of --approve, --reject") }
        let number = try line.positional(.caseNumber)
        let decree = try line.value(decree), date = try line.value(date), amount = try line.optional(amount)
        let store = try HubCommand.openStore(line)
        let view = try CaseBook(store: store).decide(number, approve: approve, decree: decree, date: date, amount: amount,
                                                     reason: line.optional(reason), received: line.optional(received) ?? [])
        try AuditLog(store: store).append(actor: Actor.current, action: approve ? "decide approve" : "decide reject",
                                          subject: number, detail: "decree \(decree) \(date.iso)" + (amount.map { ", \($0) MNT" } ?? ""))
        Console.out("\(view.number): \(approve ? "олгохоор (approved)" : "татгалзсан (rejected)"), захирамж \(decree) \(date.iso); the soum gets it at its next sync")
        if let ground = view.values[CareCategory.decisionField] {
            Console.out("Үндэслэл: хамрагдах иргэн (legal ground, care category): \(ground) — \(CareCategory.shown(ground))")
        }
        return ExitCode.success
    }
}
