import HalamjCommandLine
import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-hub review to-close [--office <id>] [--json]`: cases whose benefit the facts
/// have ended (a child turned 3 or 18, a pregnancy ended) and that are still approved or
/// paid. Closing stays a person's act: `halamj-hub case status <n> closed`.
extension ReviewCommands {
    static let toCloseSpec = CommandSpec(
        "halamj-hub review to-close", """
            Хаах хэргүүд (to close): approved or paid cases whose benefit has ended by the
            facts on the case (the child turned 3 or 18, the pregnancy ended), today in the
            hub's calendar, the longest ended first. Close each with
            'halamj-hub case status <case-number> closed'.
            """,
        options: [Option.office, Flag.json], database: HubCommand.defaultDatabase)

    static func toClose(_ words: [String]) throws -> Int32 {
        guard let line = try toCloseSpec.parse(words) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        let items = try CaseBook(store: store).toClose(today: try store.localDate(Clock.nowMillis()), office: line.optional(.office))
        if try line.flag(.json) {
            Console.out(try JSONOutput.string(items))
            return ExitCode.success
        }
        var table = Table(
            headers: ["Хэрэг (case)", "Алба (office)", "Үйлчилгээ (service)", "Нэр (name)", "РД", "Төлөв (status)",
                      "Дууссан (ended)", "Хоног (days)", "Сүүлд олгосон (last paid)", "Шалтгаан (why)"],
            alignments: [.left, .left, .left, .left, .left, .left, .left, .right, .left, .left])
        for item in items {
            table.add([item.number, item.office, Service(rawValue: item.service)?.mongolianName ?? item.service, item.name,
                       item.registerNumber, Workflow.labels[item.status] ?? item.status, item.endsOn.iso, String(item.daysPast),
                       item.lastPaid ?? "—", item.reason])
        }
        Console.out(table.render())
        Console.out(items.isEmpty
            ? "Хаах хэрэг алга (nothing to close)"
            : "\(items.count) хэрэг хаах (to close): halamj-hub case status <case-number> closed")
        return ExitCode.success
    }
}
