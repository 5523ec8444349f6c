import CaseBooks
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel
import WebAccess

/// `/desk/cases/<number>`: everything the soum recorded (the same facts and decision cards as
/// the soum's own page), the checklist of both stages, who last wrote each field and when,
/// whether the decision has reached the soum, and the actions the case's state allows the
/// user's role: receive, and decide with the decree (the amount pre-filled from the amounts
/// table for the service and the decree's day). A care file is opened by officers and
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
        if request.role.acts { body += try actions(request, view: view) }
        body += checklist(try book.checklist(number))
        body += try history(view.number, app: app)
        return WebResponse.html(DeskLayout.page(view.number, request: request, active: .applications, body: body), status: status)
    }

    /// `POST /desk/cases/<number>/decide` (officers and administrators).
    static func decide(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        let book = CaseBook(store: app.store)
        guard (try? book.show(number)) != nil else { return nil }
        let form = request.form
        let approve = form["decision"] == "approve"
        let decree = (form["decree"] ?? "").trimmingCharacters(in: .whitespaces)
        guard form["decision"] == "approve" || form["decision"] == "reject" else {
            return try page(request, number: number, app: app, notice: nil, error: "Олгох эсвэл татгалзахыг сонгоно уу (choose approve or reject)", status: 422)
        }
        guard !decree.isEmpty else {
            return try page(request, number: number, app: app, notice: nil, error: "Захирамжийн дугаар оруулна уу (the decree number is required)", status: 422)
        }
        guard let date = CivilDate(iso: form["date"] ?? "") else {
            return try page(request, number: number, app: app, notice: nil, error: "Огноо YYYY-MM-DD байна (the date is YYYY-MM-DD)", status: 422)
        }
        let amountText = (form["amount"] ?? "").replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        let amount = amountText.isEmpty ? nil : Int(amountText)
        guard amountText.isEmpty || (amount.map { $0 >= 0 } ?? false) else {
            return try page(request, number: number, app: app, notice: nil, error: "Дүн бүхэл тоо байна (the amount is a whole number of tögrög)", status: 422)
        }
        let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            _ = try book.decide(number, approve: approve, decree: decree, date: date, amount: approve ? amount : nil,
                                reason: reason.isEmpty ? nil : reason, received: form.all("received"), now: request.now)
        } catch let error as CaseError {
            return try page(request, number: number, app: app, notice: nil, error: error.description, status: 422)
        }
        try AuditLog(store: app.store).append(actor: "desk:\(request.user)", action: approve ? "decide approve" : "decide reject", subject: number,
                                              detail: "decree \(decree) \(date.iso)" + (approve ? amount.map { ", \($0) MNT" } ?? "" : ""), now: request.now)
        let done = approve ? "Олгохоор шийдвэрлэлээ (approved)" : "Татгалзлаа (rejected)"
        return WebResponse.redirect(DeskApp.root + "/cases/\(number)?" + FormData.encode([("done", done + ": " + decree)]))
    }

    /// Whether the decision has reached its soum (the soum acknowledges the decree it got).
    private static func delivery(_ values: [String: String]) -> String {
        guard let decree = values[WorkflowFields.decreeNumber] else { return "" }
        if values[WorkflowFields.decisionDeliveredFor] == decree, let millis = values[WorkflowFields.decisionDeliveredAt].flatMap(Int64.init) {
            return "<p id=\"delivery\"><span class=\"badge ok\">Сумд хүрсэн (reached the soum)</span> \(e(HumanTime.iso(millis: millis)))</p>"
        }
        return "<p id=\"delivery\"><span class=\"badge wait\">Сумд хүрээгүй (not yet at the soum)</span> — its next sync brings it</p>"
    }

    private static func actions(_ request: DeskRequest, view: CaseView) throws -> String {
        let status = view.status ?? CaseFields.initialStatus
        guard status == "submitted" || status == "received" else { return "" }
        let action = "\(DeskApp.root)/cases/\(e(view.number))"
        var html = "<div class=\"card no-print\" id=\"actions\">"
        if status == "submitted" {
            html += "<form method=\"post\" action=\"\(action)/receive\">\(PageFrame.csrfField(request.csrf))"
            html += "<button type=\"submit\" class=\"receive\">Хүлээн авах (receive)</button></form>"
        }
        let service = view.service.flatMap(Service.init(rawValue:))
        let facts = view.values[CaseFields.registerNumber].flatMap { try? RegisterNumber.parse($0) }.map { ApplicationForm.facts($0, view.values) }
        let rule = service.flatMap { Amounts.rule(for: $0, facts: facts, on: request.today) }
        html += "<form method=\"post\" action=\"\(action)/decide\" id=\"decide\">\(PageFrame.csrfField(request.csrf))"
        html += "<h2>Шийдвэр бүртгэх (record the governor's decree)</h2>"
        html += "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"approve\" id=\"approve\"> Олгох (approve)</label>"
        html += "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"reject\" id=\"reject\"> Татгалзах (reject)</label>"
        html += "<label for=\"decree\">Захирамжийн дугаар (decree number)</label><input type=\"text\" id=\"decree\" name=\"decree\" required>"
        html += "<label for=\"date\">Огноо (date)</label><input type=\"date\" id=\"date\" name=\"date\" value=\"\(request.today.iso)\" required>"
        html += "<label for=\"amount\">Дүн, ₮ (amount; approvals)</label><input type=\"number\" id=\"amount\" name=\"amount\" min=\"0\" value=\"\(rule.map { String($0.amount) } ?? "")\">"
        html += "<p class=\"muted\" id=\"amount-rule\">\(e(WebText.amount(rule)))</p>"
        let district = Checklists.documents(for: service ?? .elderlyAgeGift).filter { $0.stage == .district && $0.id != Checklists.governorDecree }
        if service != nil, !district.isEmpty {
            html += "<p><strong>Аймаг, дүүргийн бүрдүүлэх баримт (the district's documents)</strong></p>"
            for document in district {
                html += "<label class=\"check\"><input type=\"checkbox\" name=\"received\" value=\"\(e(document.id))\" id=\"received-\(e(document.id))\"> \(e(document.mongolian)) (\(e(document.english)))</label>"
            }
        }
        html += "<label for=\"reason\">Үндэслэл (reason; expected with a rejection)</label><textarea id=\"reason\" name=\"reason\" rows=\"2\"></textarea>"
        html += "<p><button type=\"submit\" id=\"record-decision\">Шийдвэр бүртгэх (record the decision)</button></p></form>"
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
