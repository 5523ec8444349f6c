import Foundation
import HalamjHTTP
import CaseBooks
import SyncModel
import WebAccess

/// `/decisions`: the governor's decisions the hub sent back, newest decree first.
enum DecisionsPage {
    static func get(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        let decided = try CaseBook(store: app.store).list(office: app.office)
            .filter { $0.values[WorkflowFields.decision] != nil && !$0.isDeleted }
            .sorted { ($0.values[WorkflowFields.decreeDate] ?? "", $0.number) > ($1.values[WorkflowFields.decreeDate] ?? "", $1.number) }
        var body = "<h1>Ирсэн шийдвэр <span class=\"muted\">(decisions from the district)</span></h1>"
        body += "<table id=\"decisions\"><tr><th>Хэрэг (case)</th><th>Иргэн (applicant)</th><th>Үйлчилгээ (service)</th><th>Шийдвэр (decision)</th>"
        body += "<th>Захирамж № (decree)</th><th>Огноо (date)</th><th>Дүн (amount)</th></tr>"
        for view in decided {
            let decision = view.values[WorkflowFields.decision] ?? ""
            body += "<tr><td><a href=\"/cases/\(e(view.number))\">\(e(view.number))</a></td><td>\(e(WebText.listed(view, CaseFields.name)))</td>"
            body += "<td>\(e(WebText.service(view.service)))</td><td><span class=\"badge \(decision == "approved" ? "ok" : "bad")\">\(e(WebText.status(decision)))</span></td>"
            let amount = WebText.isCare(view.service) ? "" : view.values[WorkflowFields.approvedAmount].flatMap { Int($0) }.map(WebText.groupedDigits) ?? ""
            body += "<td>\(e(WebText.listed(view, WorkflowFields.decreeNumber)))</td><td>\(e(view.values[WorkflowFields.decreeDate] ?? ""))</td>"
            body += "<td class=\"num\">\(e(amount))</td></tr>"
        }
        body += "</table>"
        if decided.isEmpty { body += "<p class=\"muted\">Шийдвэр ирээгүй байна (no decisions yet)</p>" }
        return WebResponse.html(Layout.page("Шийдвэр", context: request.context, active: .decisions, body: body))
    }
}
