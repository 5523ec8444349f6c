import HalamjCommandLine
import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-hub status [--json] [--silent-after 48h]`: every office's sync health, worst first.
enum StatusCommand {
    /// `--silent-after <duration>`, here and for `serve` (the dashboard).
    static let silentAfter = Option("--silent-after", "<duration>", .duration(), default: "\(StatusReport.defaultSilentAfterSeconds / 3_600)h",
                                    help: "чимээгүй (an office with no contact for this long shows as silent), e.g. 90m, 2d, or seconds")
    static let spec = CommandSpec(
        "halamj-hub status", """
            Төлөв (status): every office, worst first: silent (no contact past the threshold),
            never synced, needing attention (refused writes, conflicts, overdue cases, changes
            unsent for a day), healthy. The same as the dashboard and GET /v1/status.
            """,
        options: [Flag.json, silentAfter], database: HubCommand.defaultDatabase)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        let status = try StatusReport(store: store, silentAfterSeconds: line.value(silentAfter)).build(now: Clock.nowMillis())
        if try line.flag(.json) {
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
