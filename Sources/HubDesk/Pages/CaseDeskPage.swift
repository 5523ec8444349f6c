import CaseBooks
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel
import WebAccess

/// `/desk/cases/<number>`: everything the soum recorded (the same facts and decision cards as
/// the soum's own page), the checklist of both stages, who last wrote each field and when,
/// whether the decision has reached the soum, the district's comments, and the actions the
/// case's state allows the user's role (`CaseActionForms`). A care file is opened by officers and
/// administrators only, and every opening is in the hub's access log.
enum CaseDeskPage {
    static func get(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        let notice = request.query["done"] ?? request.query["resolved"].map { "\($0): шийдвэрлэсэн (resolved)" }
        return try page(request, number: number, app: app, notice: notice, error: request.query["error"], status: 200)
    }

    static func page(_ request: DeskRequest, number: String, app: DeskApp, notice: String?, error: String?, status: Int) throws -> HTTPResponse? {
        let book = CaseBook(store: app.store)
        guard let view = try? book.show(number), !view.isDeleted else { return nil }
        let care = WebText.isCare(view.service)
        if care {
            guard request.role.acts else { return DeskRoutes.refused(request, "open a specialized-care file") }
            try AccessLog(store: app.store).record(user: request.user, action: AccessLog.Action.viewCareCase, subject: view.number,
                                                   detail: request.method == "GET" ? "desk" : "desk " + request.path, now: request.now)
        }
        var body = "<h1>\(e(view.number)) · \(e(WebText.service(view.service)))</h1>"
        body += "<p class=\"muted\">Алба (office): \(e(view.office))</p>"
        if care { body += "<p class=\"muted\">Нууц хэрэг: нээх бүрийг бүртгэнэ (confidential case file: every view is recorded)</p>" }
        if let notice { body += "<div class=\"notice\" id=\"notice\">\(e(notice))</div>" }
        if let error { body += "<div class=\"error\" id=\"case-error\">\(e(error))</div>" }
        body += "<div class=\"grid\">" + CaseSheet.facts(view, today: request.today, applicantLink: nil)
        body += CaseSheet.decision(view.values) + "</div>"
        body += delivery(view.values)
        let conflicts = try ConflictReview(store: app.store).open(office: view.office).filter { $0.record == view.number }
        if !conflicts.isEmpty {
            body += "<div class=\"warn\" id=\"conflicts\"><strong>Зөрчилтэй талбар (fields in conflict)</strong><ul>"
            for conflict in conflicts {
                body += "<li data-conflict=\"\(e(conflict.id))\">\(e(conflict.field)): " + ConflictsDeskPage.values(conflict)
                if request.role.acts { body += ConflictsDeskPage.form(conflict, csrf: request.csrf, back: "/cases/\(view.number)") }
                body += "</li>"
            }
            body += "</ul></div>"
        }
        if request.role.acts { body += CaseActionForms.html(request, view: view) }
        body += try CommentsSection.html(request, number: view.number, app: app)
        body += checklist(try book.checklist(number))
        body += try history(view.number, app: app)
        return WebResponse.html(DeskLayout.page(view.number, request: request, active: .applications, body: body), status: status)
    }

    /// Whether the decision has reached its soum (the soum acknowledges the decree it got).
    private static func delivery(_ values: [String: String]) -> String {
        guard let decree = values[WorkflowFields.decreeNumber] else { return "" }
        if values[WorkflowFields.decisionDeliveredFor] == decree, let millis = values[WorkflowFields.decisionDeliveredAt].flatMap(Int64.init) {
            return "<p id=\"delivery\"><span class=\"badge ok\">Сумд хүрсэн (reached the soum)</span> \(e(HumanTime.iso(millis: millis)))</p>"
        }
        return "<p id=\"delivery\"><span class=\"badge wait\">Сумд хүрээгүй (not yet at the soum)</span> — its next sync brings it</p>"
    }

    private static func checklist(_ items: [ChecklistItem]) -> String {
        var html = "<h2>Бүрдүүлэх баримт (documents)</h2><ul class=\"card\" id=\"checklist\">"
        for item in items {
            let stage = item.stage == .district ? " <span class=\"muted\">(аймаг, дүүрэг · the district)</span>" : ""
            html += "<li id=\"doc-\(e(item.id))\">\(item.received ? "✔" : "✘") \(e(item.mongolian))\(stage)</li>"
        }
        return html + "</ul>"
    }

    /// Who last wrote each field and when, from the record's own entries (a field in conflict
    /// lists every writer).
    private static func history(_ number: String, app: DeskApp) throws -> String {
        guard let stored = try app.store.read({ try $0.load(RecordKey(collection: CaseFields.collection, id: number)) }) else { return "" }
        var html = "<h2>Өөрчлөлтийн түүх (who wrote what, when)</h2><table id=\"history\"><tr><th>Талбар (field)</th><th>Утга (value)</th><th>Хэн (replica)</th><th>Хэзээ (when, UTC)</th></tr>"
        let rows = stored.record.fields.flatMap { field, entries in entries.map { (field, $0) } }
            .sorted { ($0.1.hlc.wallMillis, $0.0) > ($1.1.hlc.wallMillis, $1.0) }
        for (field, entry) in rows {
            html += "<tr><td>\(e(field))</td><td>\(e(entry.value))</td><td>\(e(entry.dot.replica.rawValue))</td><td>\(e(HumanTime.iso(millis: entry.hlc.wallMillis)))</td></tr>"
        }
        return html + "</table>"
    }
}
