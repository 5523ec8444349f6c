import Foundation
import HalamjHTTP
import CaseBooks
import SyncModel
import WebAccess

/// `/overdue`: this office's cases past the 30-day decision or complaint deadline.
enum OverduePage {
    static func get(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        let book = CaseBook(store: app.store)
        let late = try book.overdue(today: request.context.today, office: app.office)
        var body = "<h1>Хугацаа хэтэрсэн <span class=\"muted\">(overdue: \(Deadlines.decisionDays)-day deadlines)</span></h1>"
        body += "<table id=\"overdue\"><tr><th>Хэрэг (case)</th><th>Иргэн (applicant)</th><th>Юу (what)</th><th>Хугацаа (due)</th><th>Хоцорсон (days late)</th></tr>"
        for item in late {
            let name = (try? book.show(item.number)).map { WebText.listed($0, CaseFields.name) } ?? ""
            let what = item.kind.complaintLevel.map { "\($0.rawValue)-р шатны гомдолд хариу өгөөгүй (level-\($0.rawValue) complaint unanswered)" }
                ?? "Шийдвэр гараагүй (no decision)"
            body += "<tr><td><a href=\"/cases/\(e(item.number))\">\(e(item.number))</a></td><td>\(e(name))</td><td>\(e(what))</td>"
            body += "<td>\(e(item.due.iso))</td><td class=\"num\">\(item.daysLate)</td></tr>"
        }
        body += "</table>"
        if late.isEmpty { body += "<p class=\"muted\">Хугацаа хэтэрсэн хэрэг алга (nothing overdue)</p>" }
        return WebResponse.html(Layout.page("Хугацаа хэтэрсэн", context: request.context, active: .overdue, body: body))
    }
}
