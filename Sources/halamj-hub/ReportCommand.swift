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
            Тайлан (the district report) for a period, by office and service:
              Хэрэг      cases with something dated in the period (handed in, submitted,
                         decided, paid, placed, discharged) or in care at its end
              Иргэн      distinct people (register numbers) among them
              Илгээсэн   submitted to the district in the period
              Олгох / Татгалзсан  decided in the period (decree date): approved, rejected
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
        let report = try CaseBook(store: store).districtReport(from: from, to: to)
        if json {
            Console.out(try JSONOutput.string(report))
        } else if csv {
            Console.out(ReportOutput.csv(report))
        } else {
            Console.out(ReportOutput.table(report))
        }
        return ExitCode.success
    }
}

/// The report as a table (Mongolian headers) or CSV; both carry every number of the JSON.
enum ReportOutput {
    /// The row's numbers in column order; sums of money through `money`.
    static func numbers(_ row: DistrictReport.Row, money: (Int) -> String = { String($0) }) -> [String] {
        [row.cases, row.people, row.submitted, row.approved, row.rejected, row.payments].map { String($0) }
            + [money(row.oneOffPaid), money(row.recurringPaid), String(row.inCare)]
    }

    static func csv(_ report: DistrictReport) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = ["office,service,service_name,cases,people,submitted,approved,rejected,payments,one_off_paid_mnt,recurring_paid_mnt,in_care"]
        for row in report.rows {
            lines.append(([row.office, row.service, row.serviceName].map(field) + numbers(row)).joined(separator: ","))
        }
        lines.append((["total", "", ""] + numbers(report.total)).joined(separator: ","))
        return lines.joined(separator: "\n")
    }

    static func table(_ report: DistrictReport) -> String {
        var table = Table(
            headers: ["Алба (office)", "Үйлчилгээ (service)", "Хэрэг", "Иргэн", "Илгээсэн", "Олгох", "Татгалзсан",
                      "Олголт", "Нэг удаагийн ₮", "Тогтмол ₮", "Асрамжид"],
            alignments: [.left, .left] + Array(repeating: .right, count: 9))
        for row in report.rows {
            table.add([row.office, "\(row.serviceName) (\(row.service))"] + numbers(row, money: PaymentOutput.mnt))
        }
        table.add(["Нийт (total)", ""] + numbers(report.total, money: PaymentOutput.mnt))
        return "Тайлан (report) \(report.from.iso) – \(report.to.iso)\n" + table.render()
            + "\n(cases, people, submitted, approved, rejected, payments, one-off MNT, recurring MNT, in care; 'report --help' explains each)"
    }
}
