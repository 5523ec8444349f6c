import HalamjCommandLine
import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-hub report` (also `review report`): the district report for a period.
extension ReviewCommands {
    static let from = Option("--from", "<YYYY-MM-DD>", .date, help: "эхний өдөр (the period's first day, included)")
    static let to = Option("--to", "<YYYY-MM-DD>", .date, help: """
        сүүлийн өдөр (the period's last day, included); without --from and --to:
        this month, in the hub's calendar
        """)
    static let csv = Flag("--csv", help: "CSV гаралт (the same numbers as CSV)")
    static let reportSpec = CommandSpec(
        "halamj-hub report", """
            Тайлан (the district report) for a period, by office and service (at a national
            hub by aimag or district first, with each one's total):
              Хэрэг      cases with something dated in the period (handed in, submitted,
                         decided, paid, placed, discharged) or in care at its end
              Иргэн      distinct people (register numbers) among them
              Илгээсэн   submitted to the district in the period
              Олгох / Татгалзсан  decided in the period (decree date): approved, rejected
              Хугацаа хэтэрсэн  decisions due in the period (30 days from the application)
                         that came late, or still wait after their day
              Олголт     payments made in the period (the day paid), from 'case pay'
              Нэг удаагийн ₮ / Тогтмол ₮  their sums: one-off and recurring apart
              Асрамжид   care cases placed and not discharged at the period's end
            The total row counts each person once. --csv and --json carry the same numbers.
            """,
        options: [from, to, csv, Flag.json], database: HubCommand.defaultDatabase,
        synopsis: "[--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--csv | --json] [--db <path>]")

    static func report(_ words: [String]) throws -> Int32 {
        guard let line = try reportSpec.parse(words) else { return ExitCode.success }
        let csv = try line.flag(csv), json = try line.flag(.json)
        guard !(csv && json) else { throw line.usageError("give one of --csv, --json") }
        let store = try HubCommand.openStore(line)
        let month = DistrictReport.month(of: try store.localDate(Clock.nowMillis()))
        let from = try line.optional(from) ?? month.from, to = try line.optional(to) ?? month.to
        guard from <= to else { throw line.usageError("--from \(from.iso) is after --to \(to.iso)") }
        let today = try store.localDate(Clock.nowMillis())
        let report = try CaseBook(store: store).districtReport(from: from, to: to, today: today, districtOf: try districtLabels(store))
        if json {
            Console.out(try JSONOutput.string(report))
        } else if csv {
            Console.out(report.csv)
        } else {
            Console.out(ReportOutput.table(report))
        }
        return ExitCode.success
    }

    /// At a national hub (one with districts): office → "hub-41 Архангай", its district's id
    /// and name; nil at a district hub.
    static func districtLabels(_ store: ReplicaStore) throws -> [String: String]? {
        let districts = try DistrictRegistry(store: store).list()
        guard !districts.isEmpty else { return nil }
        let names = Dictionary(uniqueKeysWithValues: districts.map { ($0.id, $0.code.isEmpty ? $0.id : "\($0.id) \($0.code)") })
        return try OfficeDirectory.read(store).districtOf.compactMapValues { $0.map { names[$0] ?? $0 } }
    }
}

/// The report as a table (Mongolian headers); CSV and JSON carry the same numbers.
enum ReportOutput {
    static func table(_ report: DistrictReport) -> String {
        let national = report.rows.contains { $0.district != nil }
        let lead: [String] = national ? ["Аймаг, дүүрэг (district)"] : []
        var table = Table(
            headers: lead + ["Алба (office)", "Үйлчилгээ (service)"] + DistrictReport.columns.map(\.mongolian),
            alignments: Array(repeating: .left, count: lead.count + 2) + Array(repeating: .right, count: DistrictReport.columns.count))
        for row in report.rows {
            table.add((national ? [row.district ?? ""] : []) + [row.office, "\(row.serviceName) (\(row.service))"]
                      + DistrictReport.numbers(row, money: PaymentOutput.mnt))
        }
        for district in report.districts {
            table.add([district.office, "Нийт (total)", ""] + DistrictReport.numbers(district, money: PaymentOutput.mnt))
        }
        table.add((national ? ["Нийт (total)"] : []) + ["Нийт (total)", ""] + DistrictReport.numbers(report.total, money: PaymentOutput.mnt))
        return "Тайлан (report) \(report.from.iso) – \(report.to.iso)\n" + table.render()
            + "\n(\(DistrictReport.columns.map(\.english).joined(separator: ", ")); 'report --help' explains each)"
    }
}
