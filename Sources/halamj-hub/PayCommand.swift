import HalamjCommandLine
import HubServer
import CaseBooks
import SyncModel

/// `halamj-hub case pay <case> --period <period> [--amount <MNT>] [--date <YYYY-MM-DD>]`:
/// records that one period of a benefit was paid.
enum PayCommand {
    static let usage = Usage("halamj-hub case pay", "<case-number> --period <2026-11 | 2026-Q4 | 2026-H2 | 2026> [--amount <MNT>] [--date <YYYY-MM-DD>]")
    static let help = """
        Олголт бүртгэх (record a payment): one period of an approved case's benefit, paid.
        Each period is recorded once and reaches the soum at its next sync; the first
        payment moves the case to 'paid'. A one-off benefit is paid once.

        Usage: \(usage.line)

          --period <period>    олгосон үе (the period paid), as the service is paid:
                               сар бүр (monthly) 2026-11, улирал бүр (quarterly) 2026-Q4,
                               жилд хоёр удаа (half-yearly) 2026-H2, жил бүр (yearly) 2026;
                               нэг удаа (one-off): the month, or leave it out
          --amount <MNT>       дүн (default: the amounts table for the service, the
                               applicant's facts and the period's first day)
          --date <YYYY-MM-DD>  олгосон өдөр (the day paid; default: today at the hub)
          --db <path>          database file (default: $HALAMJ_DB, else halamj-hub.db)

        A period before the decree's date, after the benefit ends (a child turning 3 or
        18, the end of a pregnancy) or already paid is refused with the reason.
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let period = try args.option("--period")
        let amountText = try args.option("--amount")
        let dateText = try args.option("--date")
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        try args.finish()
        var amount: Int?
        if let amountText {
            guard let value = Int(amountText.replacingOccurrences(of: ",", with: "")), value >= 0 else {
                throw args.usageError("--amount takes whole tögrög ≥ 0, not '\(amountText)'")
            }
            amount = value
        }
        var date: CivilDate?
        if let dateText {
            guard let value = CivilDate(iso: dateText) else { throw args.usageError("--date takes a real date as YYYY-MM-DD, not '\(dateText)'") }
            date = value
        }
        let store = try HubCommand.openStore(db)
        let (view, payment) = try CaseBook(store: store).pay(number, period: period, amount: amount, paidOn: date)
        try AuditLog(store: store).append(actor: Actor.current, action: "case pay", subject: number,
                                          detail: "\(payment.period) \(payment.amount) MNT \(payment.paidOn.iso)")
        var line = "\(view.number): \(payment.period) олгосон (paid) \(PaymentOutput.mnt(payment.amount)) ₮, \(payment.paidOn.iso)"
        if let next = PaymentSchedule(values: view.values)?.nextDue { line += "; дараагийн олголт (next due) \(next.text)" }
        Console.out(line)
        return ExitCode.success
    }
}
