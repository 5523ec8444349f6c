import HalamjCommandLine
import HubServer
import CaseBooks
import SyncModel

/// `halamj-hub case pay <case> --period <period> [--amount <MNT>] [--date <YYYY-MM-DD>]`:
/// records that one period of a benefit was paid.
enum PayCommand {
    static let period = Option("--period", "<period>", .text, help: """
        олгосон үе (the period paid), as the service is paid:
        сар бүр (monthly) 2026-11, улирал бүр (quarterly) 2026-Q4,
        жилд хоёр удаа (half-yearly) 2026-H2, жил бүр (yearly) 2026;
        нэг удаа (one-off): the month, or leave it out
        """)
    static let amount = Option("--amount", "<MNT>", .amount, help: """
        дүн (default: the amounts table for the service, the
        applicant's facts and the period's first day)
        """)
    static let date = Option("--date", "<YYYY-MM-DD>", .date, help: "олгосон өдөр (the day paid; default: today at the hub)")
    static let spec = CommandSpec(
        "halamj-hub case pay", """
            Олголт бүртгэх (record a payment): one period of an approved case's benefit, paid.
            Each period is recorded once and reaches the soum at its next sync; the first
            payment moves the case to 'paid'. A one-off benefit is paid once.
            """,
        options: [period, amount, date], positionals: [.caseNumber], database: HubCommand.defaultDatabase,
        synopsis: "<case-number> --period <2026-11 | 2026-Q4 | 2026-H2 | 2026> [--amount <MNT>] [--date <YYYY-MM-DD>] [--db <path>]",
        notes: """
            A period before the decree's date, after the benefit ends (a child turning 3 or
            18, the end of a pregnancy) or already paid is refused with the reason.
            """)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let number = try line.positional(.caseNumber)
        let store = try HubCommand.openStore(line)
        let (view, payment) = try CaseBook(store: store)
            .pay(number, period: line.optional(period), amount: line.optional(amount), paidOn: line.optional(date))
        try AuditLog(store: store).append(actor: Actor.current, action: "case pay", subject: number,
                                          detail: "\(payment.period) \(payment.amount) MNT \(payment.paidOn.iso)")
        var text = "\(view.number): \(payment.period) олгосон (paid) \(PaymentOutput.mnt(payment.amount)) ₮, \(payment.paidOn.iso)"
        if let next = PaymentSchedule(values: view.values)?.nextDue { text += "; дараагийн олголт (next due) \(next.text)" }
        Console.out(text)
        return ExitCode.success
    }
}
