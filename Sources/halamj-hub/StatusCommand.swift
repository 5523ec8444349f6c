import HalamjCommandLine
import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-hub status [--json] [--silent-after 48h]`: every office's sync health, worst first.
enum StatusCommand {
    static let usage = Usage("halamj-hub status", "[--json] [--silent-after <duration>]")
    static let help = """
        Төлөв (status): every office, worst first: silent (no contact past the threshold),
        never synced, needing attention (refused writes, conflicts, overdue cases, changes
        unsent for a day), healthy. The same as the dashboard and GET /v1/status.

        Usage: \(usage.line)

          --silent-after <duration>  e.g. 48h (default), 90m, 2d, or seconds
          --db <path>                database file (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        let silentText = try args.option("--silent-after")
        try args.finish()
        var silentAfter = StatusReport.defaultSilentAfterSeconds
        if let silentText {
            guard let seconds = DurationText.seconds(silentText) else { throw args.usageError("--silent-after takes a duration like 48h, 90m, 2d") }
            silentAfter = seconds
        }
        let store = try HubCommand.openStore(db)
        let status = try StatusReport(store: store, silentAfterSeconds: silentAfter).build(now: Clock.nowMillis())
        if json {
            Console.out(try JSONOutput.string(status))
            return ExitCode.success
        }
        var table = Table(
            headers: ["Төлөв (state)", "Алба (office)", "Сүүлд холбогдсон", "Төвд хүлээгдэж буй", "Албанд илгээгээгүй",
                      "Хамгийн хуучин", "Төвд / бичсэн", "Зөрчил", "Хугацаа хэтэрсэн", "Шалтгаан (why)"],
            alignments: [.left, .left, .left, .right, .right, .left, .right, .right, .right, .left])
        for office in status.offices {
            table.add([
                office.stateLabel, office.id,
                office.secondsSinceContact.map { HumanTime.ago(seconds: $0) } ?? "—",
                String(office.waitingAtHub), office.pendingCount.map(String.init) ?? "?",
                office.oldestPendingSeconds.map { HumanTime.duration(seconds: $0) } ?? "—",
                "\(office.deliveredThrough)/\(office.latestCounter)", String(office.openConflicts), String(office.overdue),
                office.reasons.joined(separator: "; "),
            ])
        }
        Console.out(table.render())
        let toClose = try CaseBook(store: store).toClose(today: try store.localDate(Clock.nowMillis())).count
        if toClose > 0 { Console.out("Хаах хэрэг (to close): \(toClose) — halamj-hub review to-close") }
        return ExitCode.success
    }
}
