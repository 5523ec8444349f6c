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
        // Read once: the page's cards, its conflicts and its history all come from this copy.
        let key = RecordKey(collection: CaseFields.collection, id: number)
        guard let stored = (try? app.store.read { try $0.load(key) }) ?? nil else { return nil }
        let view = CaseView(stored)
        guard !view.isDeleted else { return nil }
        let care = WebText.isCare(view.service)
        if care {
            guard request.role.acts else { return DeskRoutes.refused(request, "open a specialized-care file") }
            try AccessLog(store: app.store).record(user: request.user, action: AccessLog.Action.viewCareCase, subject: view.number,
                                                   detail: request.method == "GET" ? "desk" : "desk " + request.path, now: request.now)
        }
        var body = "<h1>\(e(view.number)) · \(e(WebText.service(view.service)))</h1>"
        body += "<p class=\"muted\">Алба (office): \(e(view.holder))</p>"
        if care { body += "<p class=\"muted\">Нууц хэрэг: нээх бүрийг бүртгэнэ (confidential case file: every view is recorded)</p>" }
        if let notice { body += "<div class=\"notice\" id=\"notice\">\(e(notice))</div>" }
        if let error { body += "<div class=\"error\" id=\"case-error\">\(e(error))</div>" }
        body += CaseSheet.banners(view, here: nil)
        body += "<div class=\"grid\">" + CaseSheet.facts(view, today: request.today, applicantLink: nil)
        body += CaseSheet.decision(view.values) + "</div>" + CaseSheet.eligibility(view, today: request.today)
        body += try delivery(view, app: app)
        let conflicts = stored.record.openConflicts.sorted { ($0.since, $0.id) < ($1.since, $1.id) }
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
        body += complaints(request, view: view)
        body += try CommentsSection.html(request, number: view.number, app: app)
        let items = try CaseBook(store: app.store).checklist(number)
        body += checklist(items)
        body += DeskScans.html(view, checklist: items, app: app)
        body += history(stored.record)
        return WebResponse.html(DeskLayout.page(view.number, request: request, active: .applications, body: body), status: status)
    }

    /// Whether the decision has reached its soum (the soum acknowledges the decree it got),
    /// and whether the soum has been sent the case as the hub holds it now (every action of
    /// the desk reaches the soum at its next sync: a payment, a placement, an answer).
    private static func delivery(_ view: CaseView, app: DeskApp) throws -> String {
        var html = "<div id=\"delivery\">"
        let values = view.values
        if let decree = values[WorkflowFields.decreeNumber] {
            if values[WorkflowFields.decisionDeliveredFor] == decree, let millis = values[WorkflowFields.decisionDeliveredAt].flatMap(Int64.init) {
                html += "<p><span class=\"badge ok\">Шийдвэр сумд хүрсэн (the decision reached the soum)</span> \(e(HumanTime.iso(millis: millis)))</p>"
            } else {
                html += "<p><span class=\"badge wait\">Шийдвэр сумд хүрээгүй (the decision is not yet at the soum)</span> — its next sync brings it</p>"
            }
        }
        if let copy = try SoumCopy.of(RecordKey(collection: CaseFields.collection, id: view.number), office: view.office, in: app.store) {
            let pulled = copy.lastPullAt.map { "сүүлд татсан (last pulled) \(e(HumanTime.iso(millis: $0)))" } ?? "хэзээ ч татаагүй (never pulled)"
            html += copy.isCurrent
                ? "<p id=\"soum-copy\"><span class=\"badge ok\">Сумд энэ хувилбар бий (the soum has the case as it is here)</span> <span class=\"muted\">\(pulled)</span></p>"
                : "<p id=\"soum-copy\"><span class=\"badge wait\">Сумд хүрээгүй өөрчлөлттэй (changes here the soum has not got yet)</span> <span class=\"muted\">\(pulled); its next sync brings them</span></p>"
        }
        return html + "</div>"
    }

    /// Both levels of complaint; an officer answers here what the district answers (level 2,
    /// and level 1 once the case has left the soum), as in the complaints queue.
    private static func complaints(_ request: DeskRequest, view: CaseView) -> String {
        let complaints = Complaints.all(in: view.values)
        guard !complaints.isEmpty else { return "" }
        var html = "<h2>Гомдол (complaints)</h2><div class=\"card\" id=\"complaints\">" + CaseSheet.complaints(complaints, today: request.today)
        let atSoum = (view.status ?? CaseFields.initialStatus) == CaseFields.initialStatus
        for complaint in complaints where request.role.acts && !complaint.isAnswered && (complaint.level == .second || !atSoum) {
            let level = complaint.level.rawValue
            html += "<form method=\"post\" action=\"\(DeskApp.root)/cases/\(e(view.number))/answer\" class=\"no-print\" id=\"answer-\(level)\">\(PageFrame.csrfField(request.csrf))"
            html += "<input type=\"hidden\" name=\"level\" value=\"\(level)\"><input type=\"hidden\" name=\"back\" value=\"/cases/\(e(view.number))\">"
            html += "<label for=\"answer-text-\(level)\">\(e(complaint.level.mongolian))-ийн хариу (the district's answer)</label>"
            html += "<textarea name=\"text\" id=\"answer-text-\(level)\" rows=\"2\" required></textarea>"
            html += "<p><button type=\"submit\" class=\"answer\">Хариулах (answer)</button></p></form>"
        }
        return html + "</div>"
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
    private static func history(_ record: Record) -> String {
        var html = "<h2>Өөрчлөлтийн түүх (who wrote what, when)</h2><table id=\"history\"><tr><th>Талбар (field)</th><th>Утга (value)</th><th>Хэн (replica)</th><th>Хэзээ (when, UTC)</th></tr>"
        let rows = record.fields.flatMap { field, entries in entries.map { (field, $0) } }
            .sorted { ($0.1.hlc.wallMillis, $0.0) > ($1.1.hlc.wallMillis, $1.0) }
        for (field, entry) in rows {
            html += "<tr><td>\(e(field))</td><td>\(e(entry.value))</td><td>\(e(entry.dot.replica.rawValue))</td><td>\(e(HumanTime.iso(millis: entry.hlc.wallMillis)))</td></tr>"
        }
        return html + "</table>"
    }
}
