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
            At a national hub: every district hub's own sync, and below it the offices it last
            reported (as it saw them, with when). At a district hub: its sync with the national hub.
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
                      "Хамгийн хуучин", "Төвд / бичсэн", "Зөрчил", "Хугацаа хэтэрсэн", "Скан хүлээгдэж буй", "Шалтгаан (why)"],
            alignments: [.left, .left, .left, .right, .right, .left, .right, .right, .right, .right, .left])
        for office in status.offices {
            table.add([
                office.stateLabel, office.id,
                office.secondsSinceContact.map { HumanTime.ago(seconds: $0) } ?? "—",
                String(office.waitingAtHub), office.pendingCount.map(String.init) ?? "?",
                office.oldestPendingSeconds.map { HumanTime.duration(seconds: $0) } ?? "—",
                "\(office.deliveredThrough)/\(office.latestCounter)", String(office.openConflicts), String(office.overdue),
                office.filesWaiting.short,
                office.reasons.joined(separator: "; "),
            ])
        }
        if !status.offices.isEmpty || status.districts.isEmpty { Console.out(table.render()) }
        if !status.districts.isEmpty { Console.out(districts(status.districts)) }
        if let upstream = status.upstream { Console.out(describe(upstream, now: status.generatedAt)) }
        let toClose = try CaseBook(store: store).toClose(today: try store.localDate(Clock.nowMillis())).count
        if toClose > 0 { Console.out("Хаах хэрэг (to close): \(toClose) — halamj-hub review to-close") }
        return ExitCode.success
    }

    /// Every district hub, worst first, and under each the offices it last reported.
    static func districts(_ districts: [DistrictHealth]) -> String {
        var table = Table(
            headers: ["Төлөв (state)", "Төв / алба (hub / office)", "Сүүлд холбогдсон", "Төвд хүлээгдэж буй", "Илгээгээгүй",
                      "Зөрчил", "Хугацаа хэтэрсэн", "Шалтгаан (why)"],
            alignments: [.left, .left, .left, .right, .right, .right, .right, .left])
        for district in districts {
            let health = district.health
            table.add([
                health.stateLabel, health.id + (district.name.isEmpty ? "" : " — \(district.name)"),
                health.secondsSinceContact.map { HumanTime.ago(seconds: $0) } ?? "—",
                String(health.waitingAtHub), health.pendingCount.map(String.init) ?? "?",
                String(health.openConflicts), String(health.overdue), health.reasons.joined(separator: "; "),
            ])
            for office in district.offices {
                table.add([
                    "  " + office.stateLabel, "  └ " + office.office,
                    office.secondsSinceContact.map { HumanTime.ago(seconds: $0) } ?? "—",
                    String(office.waitingAtHub), office.pendingAtNode.map(String.init) ?? "?",
                    String(office.openConflicts), String(office.overdue),
                    office.reasons,
                ])
            }
        }
        return "Дүүрэг, аймгууд (district hubs) and the offices each last reported:\n" + table.render()
    }

    /// A district hub's line on its sync with the national hub.
    static func describe(_ upstream: UpstreamHealth, now: Int64) -> String {
        var line = "Дээд төв (upstream) \(upstream.url): "
        if let last = upstream.lastSyncAt {
            line += "сүүлд солилцсон (last synced) \(HumanTime.ago(seconds: Int(max(0, now - last) / 1000)))"
        } else {
            line += "хэзээ ч солилцоогүй (never synced)"
        }
        line += "; илгээгээгүй (unsent) \(upstream.pendingCount)"
        if let error = upstream.lastSyncError { line += "; алдаа (last error): \(error)" }
        return line
    }
}
