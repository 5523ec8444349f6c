import CaseBooks
import Foundation
import HalamjHTTP
import SyncModel
import WebAccess

/// `/desk/reports`: the district's figures for a period (this month unless asked) by office
/// and service — applications, decisions, overdue decisions, payments and their sums, people
/// in care — with the 12 months of applications as a chart; `/desk/reports.csv` the same
/// numbers as CSV (the same columns as `halamj-hub report --csv`), `/desk/reports/print` a
/// sheet to print and sign. Counts only: no applicant is named, so every role reads it.
enum ReportsPage {
    static func get(_ request: DeskRequest, app: DeskApp, format: Format) throws -> HTTPResponse {
        let month = DistrictReport.month(of: request.today)
        let from = CivilDate(iso: request.query["from"] ?? "") ?? month.from
        let to = CivilDate(iso: request.query["to"] ?? "") ?? month.to
        guard from <= to else {
            return WebResponse.problem(422, "Хугацаа буруу", "The period's first day \(from.iso) is after its last \(to.iso).", link: DeskApp.root + "/reports", root: DeskApp.root)
        }
        let report = try CaseBook(store: app.store).districtReport(from: from, to: to, today: request.today)
        let period = FormData.encode([("from", from.iso), ("to", to.iso)])
        switch format {
        case .csv:
            return HTTPResponse(status: 200, headers: [
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", "attachment; filename=\"halamj-report-\(request.hubID)-\(from.iso)-\(to.iso).csv\""),
            ] + WebResponse.securityHeaders, body: Array((report.csv + "\n").utf8))
        case .print:
            var body = "<main class=\"sheet\"><h1>\(e(request.hubID)) · Тайлан (the district's report)</h1>"
            body += "<p>\(from.iso) – \(to.iso) · хэвлэсэн (printed) \(request.today.iso), \(e(request.user))</p>"
            body += table(report) + chart(report)
            body += "<p class=\"signature\">Хянасан (checked by): ____________________ &nbsp; Гарын үсэг (signature): ____________________</p></main>"
            return WebResponse.html(PageFrame.page("Тайлан \(from.iso) – \(to.iso)", body: body, root: DeskApp.root))
        case .page:
            var body = "<h1>Тайлан <span class=\"muted\">(the district's report)</span></h1>"
            body += "<form method=\"get\" action=\"\(DeskApp.root)/reports\" class=\"no-print inline\" id=\"period\">"
            body += "<div><label for=\"from\">Эхний өдөр (from)</label><input type=\"date\" id=\"from\" name=\"from\" value=\"\(from.iso)\"></div>"
            body += "<div><label for=\"to\">Сүүлийн өдөр (to)</label><input type=\"date\" id=\"to\" name=\"to\" value=\"\(to.iso)\"></div>"
            body += "<p><button type=\"submit\">Харах (show)</button></p></form>"
            body += "<p class=\"no-print\" id=\"downloads\"><a href=\"\(DeskApp.root)/reports.csv?\(period)\" id=\"csv\">CSV татах (download CSV)</a> · "
            body += "<a href=\"\(DeskApp.root)/reports/print?\(period)\" id=\"print\">Хэвлэх хуудас (printable sheet)</a></p>"
            body += "<p class=\"muted\">\(from.iso) – \(to.iso)</p>" + table(report) + chart(report)
            return WebResponse.html(DeskLayout.page("Тайлан", request: request, active: .reports, body: body))
        }
    }

    enum Format { case page, csv, print }

    /// Every row, then the total (which counts each person once).
    private static func table(_ report: DistrictReport) -> String {
        var html = "<table id=\"report\"><tr><th>Алба (office)</th><th>Үйлчилгээ (service)</th>"
        for column in DistrictReport.columns {
            html += "<th class=\"num\">\(e(column.mongolian)) <span class=\"muted\">(\(e(column.english)))</span></th>"
        }
        html += "</tr>"
        func cells(_ row: DistrictReport.Row) -> String {
            zip(DistrictReport.columns, DistrictReport.numbers(row, money: WebText.groupedDigits)).map { column, text in
                column.csv == "overdue" && row.overdue > 0 ? "<td class=\"num\"><span class=\"overdue\">\(text)</span></td>" : "<td class=\"num\">\(e(text))</td>"
            }.joined()
        }
        for row in report.rows {
            html += "<tr data-office=\"\(e(row.office))\" data-service=\"\(e(row.service))\"><td>\(e(row.office))</td><td>\(e(row.serviceName))</td>\(cells(row))</tr>"
        }
        if report.rows.isEmpty {
            html += "<tr><td colspan=\"\(DistrictReport.columns.count + 2)\" class=\"muted\">Энэ хугацаанд хэрэг алга (no cases in this period)</td></tr>"
        }
        return html + "<tr id=\"report-total\"><th>Нийт (total)</th><th></th>\(cells(report.total))</tr></table>"
    }

    /// Applications per month, the 12 months to the period's end, as bars (inline SVG: no
    /// script, no external file), each with its count written above it.
    static func chart(_ report: DistrictReport) -> String {
        let months = report.months
        let barWidth = 44, gap = 12, height = 160, top = 20, bottom = 36
        let width = months.count * (barWidth + gap) + gap
        let highest = max(months.map(\.applications).max() ?? 0, 1)
        var svg = "<figure id=\"chart\"><figcaption>Сард ирсэн өргөдөл (applications per month)</figcaption>"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height + top + bottom)\" role=\"img\" aria-label=\"applications per month\">"
        for (index, month) in months.enumerated() {
            let barHeight = month.applications * height / highest
            let x = gap + index * (barWidth + gap)
            let y = top + height - barHeight
            svg += "<g data-month=\"\(month.month)\"><rect x=\"\(x)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(barHeight)\" fill=\"#2f6f9f\"><title>\(month.month): \(month.applications)</title></rect>"
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(y - 4)\" text-anchor=\"middle\" font-size=\"12\">\(month.applications)</text>"
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + height + 16)\" text-anchor=\"middle\" font-size=\"11\">\(month.month.suffix(2))</text>"
            if month.month.hasSuffix("-01") || index == 0 {
                svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + height + 30)\" text-anchor=\"middle\" font-size=\"11\">\(month.month.prefix(4))</text>"
            }
            svg += "</g>"
        }
        return svg + "</svg></figure>"
    }
}
