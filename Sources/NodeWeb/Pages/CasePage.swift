import Foundation
import HalamjHTTP
import ReplicaStorage
import CaseBooks
import LocalNode
import SyncModel
import WebAccess

/// `/cases/<number>`: the case file — the applicant's facts, the checklist of
/// documents (ticked in one save), submission, and the decision the hub sent back.
/// A specialized-care resident's file is confidential: each view is recorded in the
/// access log with the worker's name.
enum CasePage {
    static func get(_ request: WebRequest, number: String, app: NodeWebApp) throws -> HTTPResponse? {
        guard let view = try? CaseBook(store: app.store).show(number), view.concerns(app.office) else { return nil }
        if let attached = request.query["attached"].flatMap(Int.init) {
            return try page(request, view: view, app: app, notice: "Хавсаргалаа (attached) \(attached): дараагийн солилцоогоор төвд очно (goes to the district with the next sync)", error: nil, status: 200)
        }
        if request.query["saved"] != nil {
            return try page(request, view: view, app: app, notice: "Хадгалагдлаа (saved)", error: nil, status: 200)
        }
        return try page(request, view: view, app: app, notice: request.query["submitted"] != nil ? "Илгээгдлээ: дараагийн солилцоогоор төвд очно (submitted: goes to the district with the next sync)" : nil, error: nil, status: 200)
    }

    static func saveChecklist(_ request: WebRequest, number: String, app: NodeWebApp) throws -> HTTPResponse? {
        let book = CaseBook(store: app.store)
        guard let view = try? book.show(number), view.concerns(app.office) else { return nil }
        if let moved = try movedAway(request, view: view, app: app) { return moved }
        guard (view.status ?? CaseFields.initialStatus) == CaseFields.initialStatus else {
            return try page(request, view: view, app: app, notice: nil,
                            error: "Илгээсэн хэргийн баримтыг өөрчлөхгүй (the documents of a submitted case are not changed here)", status: 409)
        }
        do {
            _ = try book.markDocuments(number, received: Set(request.form.all("doc")), now: request.context.now)
        } catch CaseError.noChanges {
            // Nothing ticked or unticked: the page as it was.
        } catch let error as CaseError {
            return try page(request, view: view, app: app, notice: nil, error: error.description, status: 422)
        } catch let error as WriteBeyondCounter {
            return try damaged(request, view: view, app: app, error)
        }
        return WebResponse.redirect("/cases/\(number)?saved=1#checklist")
    }

    static func submit(_ request: WebRequest, number: String, app: NodeWebApp) throws -> HTTPResponse? {
        let book = CaseBook(store: app.store)
        guard let view = try? book.show(number), view.concerns(app.office) else { return nil }
        if let moved = try movedAway(request, view: view, app: app) { return moved }
        do {
            _ = try book.submit(number, now: request.context.now)
        } catch CaseError.missingDocuments(let missing) {
            var text = "Илгээх боломжгүй: дараах баримт дутуу байна (cannot submit, documents missing): "
            text += missing.map { "\($0.mongolian) (\($0.id))" }.joined(separator: "; ")
            return try page(request, view: view, app: app, notice: nil, error: text, status: 422)
        } catch let error as CaseError {
            return try page(request, view: view, app: app, notice: nil, error: error.description, status: 422)
        } catch let error as WriteBeyondCounter {
            return try damaged(request, view: view, app: app, error)
        }
        return WebResponse.redirect("/cases/\(number)?submitted=1")
    }

    /// A case a hub moved to another office is read-only here: a form sent for it (from a page
    /// opened before the move arrived) is answered with the page and why (409), nothing written.
    static func movedAway(_ request: WebRequest, view: CaseView, app: NodeWebApp) throws -> HTTPResponse? {
        guard view.holder != app.office else { return nil }
        return try page(request, view: view, app: app, notice: nil,
                        error: MovedAway(record: RecordKey(collection: CaseFields.collection, id: view.number), office: view.holder).description,
                        status: 409)
    }

    /// A write refused because this office's copy of the case holds writes it never made.
    private static func damaged(_ request: WebRequest, view: CaseView, app: NodeWebApp, _ error: WriteBeyondCounter) throws -> HTTPResponse {
        try page(request, view: view, app: app, notice: nil, error: "Хэрэг эвдэрсэн байна (the case's copy is damaged): \(error)", status: 409)
    }

    static func page(_ request: WebRequest, view: CaseView, app: NodeWebApp, notice: String?, error: String?, status: Int,
                     careRefusal: CareEventForms.Refusal? = nil) throws -> HTTPResponse {
        if WebText.isCare(view.service) {
            try AccessLog(store: app.store).record(
                user: request.context.user, action: AccessLog.Action.viewCareCase, subject: view.number,
                detail: request.method == "GET" ? nil : request.path, now: request.context.now)
        }
        // A case whose service is not one Halamj knows (another edit set it, or a newer
        // Halamj) is still shown, without a checklist, saying why.
        var error = error
        let checklist: [ChecklistItem]
        do {
            checklist = try CaseBook(store: app.store).checklist(view.number)
        } catch let problem as CaseError {
            checklist = []
            error = error ?? "Баримтын жагсаалт харуулах боломжгүй (no checklist): \(problem)"
        }
        let waiting = Set(try app.store.queuedFiles().map(\.sha256))
        return WebResponse.html(render(request.context, view: view, office: app.office, checklist: checklist, notice: notice, error: error,
                                        careRefusal: careRefusal, files: ContentStore.beside(database: app.store.path), waiting: waiting),
                                status: status)
    }

    static func render(_ context: PageContext, view: CaseView, office: String, checklist: [ChecklistItem], notice: String?, error: String?,
                       careRefusal: CareEventForms.Refusal? = nil, files: ContentStore? = nil, waiting: Set<String> = []) -> String {
        let values = view.values
        let status = view.status ?? CaseFields.initialStatus
        var body = "<h1>\(e(view.number)) · \(e(WebText.service(view.service)))</h1>"
        if WebText.isCare(view.service) {
            body += "<p class=\"muted\">Нууц хэрэг: нээх бүрийг бүртгэнэ (confidential case file: every view is recorded)</p>"
        }
        if let notice { body += "<div class=\"notice\" id=\"notice\">\(e(notice))</div>" }
        if let error { body += "<div class=\"error\" id=\"case-error\">\(e(error))</div>" }
        if let refusal = view.refusal { body += "<div class=\"error\">Төв татгалзсан (the hub refused): \(e(refusal))</div>" }
        body += CaseSheet.banners(view, here: office)
        // Moved to another office: shown as it was, no form.
        let held = view.holder == office
        body += "<div class=\"grid\">" + CaseSheet.facts(view, today: context.today, applicantLink: "/people/")
        body += CaseSheet.decision(values)
        body += CareHistoryCard.render(values)
        body += PaymentsCard.html(values, today: context.today)
        body += "</div>"
        if held { body += CareEventForms.render(context, view: view, refusal: careRefusal) }
        if !view.conflicts.isEmpty {
            body += "<div class=\"warn\"><strong>Зөрчилтэй талбар (fields in conflict)</strong><ul>"
            for (field, siblings) in view.conflicts.sorted(by: { $0.key < $1.key }) {
                body += "<li>\(e(field)): \(siblings.map { "«\(e($0))»" }.joined(separator: " / "))</li>"
            }
            body += "</ul><a href=\"/conflicts\">Зөрчлүүд (conflicts)</a></div>"
        }
        if held { body += ComplaintsSection.render(context, view: view) }
        body += checklistForm(context, view: view, checklist: checklist, editable: held && status == CaseFields.initialStatus)
        if let files { body += ScansCard.render(context, view: view, checklist: checklist, files: files, waiting: waiting, editable: held) }
        return Layout.page(view.number, context: context, active: .search, body: body)
    }

    private static func checklistForm(_ context: PageContext, view: CaseView, checklist: [ChecklistItem], editable: Bool) -> String {
        let soum = checklist.filter { $0.stage == .soum }
        let district = checklist.filter { $0.stage == .district }
        let received = soum.filter(\.received).count
        var html = "<h2 id=\"checklist\">Бүрдүүлэх баримт (documents): <span id=\"received-count\">\(received)</span> / \(soum.count)</h2>"
        // The district's papers (decree, agency letter) come with its decision: shown,
        // never a box the soum could tick.
        var districtList = ""
        if !district.isEmpty {
            districtList = "<div class=\"card\" id=\"district-documents\"><strong>Аймаг, дүүрэг шийдвэртэйгээ хамт бүрдүүлнэ (added by the aimag/district with its decision)</strong><ul>"
            for item in district {
                districtList += "<li id=\"district-doc-\(e(item.id))\">\(item.received ? "✔" : "…") \(e(item.mongolian)) (\(e(item.english)))</li>"
            }
            districtList += "</ul></div>"
        }
        guard editable else {
            html += "<ol class=\"card\">"
            for item in soum { html += "<li>\(item.received ? "✔" : "✘") \(e(item.mongolian))</li>" }
            return html + "</ol>" + districtList
        }
        html += "<form method=\"post\" action=\"/cases/\(e(view.number))/checklist\" class=\"card\" id=\"checklist-form\">\(PageFrame.csrfField(context.csrf))"
        for item in soum {
            html += FormField.checkbox("doc", item.mongolian + " (" + item.english + ")", checked: item.received, id: "doc-\(item.id)", value: item.id)
        }
        html += "<p><button type=\"submit\" id=\"save-checklist\">Хадгалах (save)</button></p></form>" + districtList
        html += "<form method=\"post\" action=\"/cases/\(e(view.number))/submit\" class=\"no-print\">\(PageFrame.csrfField(context.csrf))"
        html += "<button type=\"submit\" id=\"submit-case\" class=\"green\">Аймаг, дүүрэгт илгээх (submit to the aimag or district)</button></form>"
        return html
    }
}
